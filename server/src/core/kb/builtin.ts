/**
 * The knowledge base shipped with the extension: every JSON file in
 * `server/data/kb/`, imported statically so esbuild bundles it into the server
 * and the command line. Validated once, on first use, with the same checks as
 * users' workspace files.
 */
import parties from '../../../data/kb/parties.json';
import personsNda from '../../../data/kb/persons-nda.json';
import personsOpposition from '../../../data/kb/persons-opposition.json';
import personsWorld from '../../../data/kb/persons-world.json';
import { formatKbError, mergeKnowledgeBases, validateKbData, type KbError, type KbPart, type KnowledgeBase } from './load';

/** File name → parsed content, in merge order. */
const BUILTIN_FILES: readonly (readonly [string, unknown])[] = [
  ['parties.json', parties],
  ['persons-nda.json', personsNda],
  ['persons-opposition.json', personsOpposition],
  ['persons-world.json', personsWorld],
];

let cached: KnowledgeBase | undefined;

/**
 * The validated built-in knowledge base (memoised). Throws an Error listing
 * every problem if the shipped data is invalid, which is a packaging bug;
 * the test suite calls this so such data never ships.
 */
export function builtinKnowledgeBase(): KnowledgeBase {
  if (cached) return cached;
  const errors: KbError[] = [];
  const parts: KbPart[] = [];
  // The files together form one knowledge base, so an id defined in two of
  // them is a mistake here, not an override.
  const firstFile = new Map<string, string>();
  for (const [file, data] of BUILTIN_FILES) {
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
