/**
 * One recogniser pass over part of the benchmark corpus, for instruction counts
 * (`valgrind --tool=callgrind node bench/out/pass.js …`: repeatable on a loaded
 * machine, where wall-clock figures swing 2–4×). Compare two builds by the
 * difference between a pass and `--docs 0:0` (construction and warm-up only).
 *
 *   node bench/out/pass.js [--warm [--warm-paragraphs N]] [--before A:B] [--docs A:B] [--cache]
 *
 * --before A:B recognises documents [A, B) first, unmeasured: the difference between
 * `--before X --docs Y` and `--before X --docs 0:0` is Y's cost in a steady state.
 */
// The V8 settings the command line and the server run with (measure what ships).
import '../server/src/compilerFlags';
import { Recognizer } from '../server/src/core/recognizer';
import { loadCorpus } from './corpus';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = loadCorpus(process.cwd());
const [a, b] = (opt('--docs') ?? `0:${corpus.docs.length}`).split(':').map(Number);
const docs = corpus.docs.slice(a, b);
const rec = new Recognizer();
if (args.includes('--warm')) rec.warmUp(Number(opt('--warm-paragraphs') ?? 400));
const before = opt('--before');
if (before) {
  const [c, d] = before.split(':').map(Number);
  for (const doc of corpus.docs.slice(c, d)) rec.recognize(doc);
}
const t = performance.now();
const cpu = process.cpuUsage();
let spans = 0;
for (const d of docs) spans += rec.recognize(d, args.includes('--cache') ? new Map() : undefined).spans.length;
process.stdout.write(`${docs.length} documents, ${(docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6).toFixed(2)} MB, ${spans} spans in ${(performance.now() - t).toFixed(0)} ms, cpu ${((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000).toFixed(0)} ms\n`);
