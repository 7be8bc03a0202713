/**
 * The data the recogniser ships with, and what start-up used to compute from
 * it, computed once at build time.
 *
 * Bundled (the server, the command line, the benchmarks), everything comes
 * from `recognizer-data.bin` beside the bundle, written by
 * `scripts/build.mjs` (`scripts/pack-data.ts`): the validated built-in
 * knowledge base and its compiled index, the tagger's compiled tables and
 * lexicons, and the weight lines, decoded only when learning or a test needs
 * them. Start-up then reads a file instead of validating the knowledge base,
 * normalising and compiling its names and parsing 70,000 weight lines, and
 * the bundle no longer carries the megabyte and a half of JSON that V8 had to
 * parse on every start.
 *
 * From source (tests, `tsx`), the same data is read from `server/data/` and
 * compiled at start-up, by the same functions the build uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackedKbIndex } from './kbIndex';
import type { PartyEntry, PersonEntry } from './kb/types';
import { decodePack, encodePack, type Packable } from './pack';
import type { PackedTaggerTables, TaggerWeights } from './tagger';

/** Set by the bundler to the id of the pack it built beside the bundle; absent when running from source. */
declare const HNA_DATA_PACK: string | undefined;

/** The file name of the pack, beside the bundle. */
export const DATA_PACK_FILE = 'recognizer-data.bin';

/** What the pack holds. */
export interface ShippedData {
  /** The build's id for this pack, checked against the bundle's. */
  id: string;
  kb: { persons: PersonEntry[]; parties: PartyEntry[] };
  kbIndex: PackedKbIndex;
  tagger: { weights: TaggerWeights; tables: PackedTaggerTables };
}

/** The pack's two parts (see `pack.ts`): typed arrays in `arrays`, plain JSON in `plain`. */
interface PackArrays {
  tables: PackedTaggerTables;
  kbMatcher: PackedKbIndex['matcher'];
  weightLines: Uint8Array;
}
interface PackPlain {
  id: string;
  kb: ShippedData['kb'];
  kbIndex: Omit<PackedKbIndex, 'matcher'>;
  weights: Omit<TaggerWeights, 'weights'>;
}

/** Encode the shipped data (build time). */
export function encodeShippedData(d: ShippedData): Uint8Array {
  const { weights: lines, ...weights } = d.tagger.weights;
  const { matcher, ...kbIndex } = d.kbIndex;
  const arrays: PackArrays = { tables: d.tagger.tables, kbMatcher: matcher, weightLines: new TextEncoder().encode(lines) };
  const plain: PackPlain = { id: d.id, kb: d.kb, kbIndex, weights };
  return encodePack(arrays as unknown as Packable, plain);
}

/** Decode a pack written by {@link encodeShippedData}; the weight lines are decoded when first read. */
export function decodeShippedData(bytes: Uint8Array): ShippedData {
  const { arrays, plain } = decodePack(bytes) as unknown as { arrays: PackArrays; plain: PackPlain };
  let lines: string | undefined;
  const weights = { ...plain.weights } as TaggerWeights;
  // Most runs never read the weight lines (the tables are compiled already): a megabyte not decoded.
  Object.defineProperty(weights, 'weights', { enumerable: true, get: () => (lines ??= new TextDecoder().decode(arrays.weightLines)) });
  return { id: plain.id, kb: plain.kb, kbIndex: { ...plain.kbIndex, matcher: arrays.kbMatcher }, tagger: { weights, tables: arrays.tables } };
}

let loaded: ShippedData | undefined;

/**
 * The pack beside the bundle, or undefined when running from source. A
 * missing or foreign pack is an installation problem, reported as such.
 */
export function shippedData(): ShippedData | undefined {
  if (typeof HNA_DATA_PACK !== 'string') return undefined;
  if (loaded) return loaded;
  const file = join(__dirname, DATA_PACK_FILE);
  let d: ShippedData;
  try {
    d = decodeShippedData(readFileSync(file));
  } catch (e) {
    throw new Error(`The recogniser's data file ${file} cannot be read (${(e as Error).message}): reinstall, or rebuild with node scripts/build.mjs.`);
  }
  if (d.id !== HNA_DATA_PACK) throw new Error(`The recogniser's data file ${file} belongs to another build (${d.id}, not ${HNA_DATA_PACK}): reinstall, or rebuild with node scripts/build.mjs.`);
  return (loaded = d);
}

/**
 * A JSON file of `server/data/` read from source (a path esbuild does not follow: the bundles
 * get the data from the pack, not as JSON imports).
 */
export function sourceData(...path: string[]): unknown {
  return require(join(__dirname, '..', '..', 'data', ...path)) as unknown;
}

/** The tagger's weights file, from the pack or from `server/data/tagger/person.json`. */
export function shippedTaggerWeights(): TaggerWeights {
  return shippedData()?.tagger.weights ?? (sourceData('tagger', 'person.json') as TaggerWeights);
}
