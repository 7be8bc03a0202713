/**
 * Dump every span the recogniser finds in the benchmark corpus (bench/corpus.ts,
 * 5.2 MB of novel text), so a speed change can be shown to change no output:
 * dump before, dump after, compare the digests (or `cmp` the files).
 *
 *   node --import tsx bench/spans.ts [out.jsonl]      in-process recogniser, every field of every span
 *   node --import tsx bench/spans.ts --cli [out]      the bundled `hindi-news recognize -` output, byte for byte
 *
 * The in-process dump recognises each document three ways and checks they agree: without a
 * cache, with a paragraph cache (the server's path, document-pass memo included), and again
 * with that now-warm cache; a difference is an error.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Recognizer, type ParagraphCache } from '../server/src/core/recognizer';
import { loadCorpus } from './corpus';

const ROOT = process.cwd();
const args = process.argv.slice(2);
const cli = args.includes('--cli');
const outFile = args.find((a) => !a.startsWith('--')) ?? join(ROOT, 'bench', 'out', cli ? 'spans-cli.jsonl' : 'spans.jsonl');
const corpus = loadCorpus(ROOT);
mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });

let dump: string;
if (cli) {
  const input = join(ROOT, 'bench', 'out', 'corpus.jsonl');
  writeFileSync(input, corpus.docs.map((text, i) => JSON.stringify({ id: `doc-${i}`, text, meta: { source: 'bench' } })).join('\n') + '\n');
  const r = spawnSync(process.execPath, [resolve(ROOT, 'server', 'out', 'cli.js'), 'recognize', '-', '--quiet'], { input: require('node:fs').readFileSync(input), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`hindi-news recognize - exited ${r.status}: ${r.stderr}`);
  dump = r.stdout.toString('utf8');
} else {
  const rec = new Recognizer();
  const lines: string[] = [];
  corpus.docs.forEach((text, i) => {
    const plain = JSON.stringify(rec.recognize(text));
    const cache: ParagraphCache = new Map();
    const cached = JSON.stringify(rec.recognize(text, cache));
    const again = JSON.stringify(rec.recognize(text, cache));
    if (cached !== plain || again !== plain) throw new Error(`document ${i}: the cached analysis differs from the uncached one`);
    lines.push(plain);
  });
  dump = lines.join('\n') + '\n';
}
writeFileSync(outFile, dump);
const spans = dump.split("\n").reduce((n, l) => n + (l ? (JSON.parse(l) as { spans: unknown[] }).spans.length : 0), 0);
process.stdout.write(`${createHash('sha256').update(dump).digest('hex')}  ${outFile} (${corpus.docs.length} documents, ${spans} spans)\n`);
