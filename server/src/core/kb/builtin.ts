/**
 * The knowledge base shipped with the extension: every JSON file in
 * `server/data/kb/`. Validated once, on first use, with the same checks as
 * users' workspace files; bundled, it was validated at build time and comes
 * from the data pack beside the bundle (`shippedData.ts`).
 */
import { shippedData, sourceData } from '../shippedData';
import { formatKbError, mergeKnowledgeBases, validateKbData, type KbError, type KbPart, type KnowledgeBase } from './load';

/** The files, in merge order. */
export const BUILTIN_KB_FILES: readonly string[] = ['parties.json', 'persons-nda.json', 'persons-opposition.json', 'persons-world.json'];

let cached: KnowledgeBase | undefined;

/**
 * The validated built-in knowledge base (memoised). Throws an Error listing
 * every problem if the shipped data is invalid, which is a packaging bug;
 * the test suite calls this so such data never ships.
 */
export function builtinKnowledgeBase(): KnowledgeBase {
  if (cached) return cached;
  const packed = shippedData()?.kb;
  if (packed) {
    const { persons, parties } = packed;
    return (cached = { persons, parties, personById: new Map(persons.map((p) => [p.id, p])), partyById: new Map(parties.map((p) => [p.id, p])) });
  }
  const errors: KbError[] = [];
  const parts: KbPart[] = [];
  // The files together form one knowledge base, so an id defined in two of
  // them is a mistake here, not an override.
  const firstFile = new Map<string, string>();
  for (const file of BUILTIN_KB_FILES) {
    const data = sourceData('kb', file);
    const r = validateKbData(`server/data/kb/${file}`, data);
    errors.push(...r.errors);
    const ids = [...r.persons.map((p) => ['person', p.id] as const), ...r.parties.map((p) => ['party', p.id] as const)];
    for (const [kind, id] of ids) {
      const other = firstFile.get(`${kind}:${id}`);
      if (other !== undefined) errors.push({ file: `server/data/kb/${file}`, entry: id, message: `${kind} id "${id}" is also defined in ${other}` });
      else firstFile.set(`${kind}:${id}`, file);
    }
    parts.push({ file: `server/data/kb/${file}`, persons: r.persons, parties: r.parties });
  }
  const merged = mergeKnowledgeBases(parts);
  errors.push(...merged.errors);
  if (errors.length > 0) {
    throw new Error(`The built-in knowledge base has ${errors.length} problem(s):\n${errors.map(formatKbError).join('\n')}`);
  }
  cached = merged.kb;
  return cached;
}
