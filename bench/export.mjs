// Export benchmark: 10,000 annotated articles (variants of the test fixtures,
// each with a sidecar) exported as JSONL, first the confirmed annotations only,
// then with suggestions recognised in worker threads on every core. Reports
// articles per second and memory, sampled while exporting, so a leak that grows
// with the corpus shows as a rising RSS from the first to the last tenth.
//
// Runs under tsx (it imports the TypeScript sources):
//   node --expose-gc --import tsx bench/export.mjs [articles]
// or from bench/run.ts: `const { benchExport } = await import('./export.mjs')`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
const { exportCorpus } = await import(pathToFileURL(join(root, 'server/src/core/corpus/exportCorpus.ts')).href);
const { AnnotationSet } = await import(pathToFileURL(join(root, 'server/src/core/annotations/model.ts')).href);
const { sidecarPath, toSidecar } = await import(pathToFileURL(join(root, 'server/src/core/annotations/sidecar.ts')).href);

const TAGS = [
  ['कांग्रेस', 'PARTY'],
  ['भाजपा', 'PARTY'],
  ['राहुल गांधी', 'PERSON'],
  ['मल्लिकार्जुन खड़गे', 'PERSON'],
  ['नरेंद्र मोदी', 'PERSON'],
];

/** Write `n` articles with sidecars into a fresh temp folder (100 per subfolder). */
export function makeCorpus(n) {
  const fx = join(root, 'test-fixtures');
  const bases = readdirSync(fx)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(fx, f), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'hna-bench-export-'));
  const now = () => '2024-01-01T00:00:00.000Z';
  for (let i = 0; i < n; i++) {
    const base = bases[i % bases.length];
    const paras = base.split('\n');
    // Variants: a numbered headline with astral characters, paragraphs rotated.
    const k = Math.floor(i / bases.length) % paras.length;
    const text = `समाचार ${i} 😀 𝐀\n` + paras.slice(k).concat(paras.slice(0, k)).join('\n');
    const sub = join(dir, String(Math.floor(i / 100)).padStart(3, '0'));
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    const path = join(sub, `${String(i).padStart(5, '0')}.txt`);
    writeFileSync(path, text);
    const set = new AnnotationSet(text, undefined, { now });
    for (const [w, label] of TAGS) {
      for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + w.length)) set.add(at, at + w.length, label);
    }
    // Finished articles: the default export takes only those.
    set.setReviewStatus('done');
    writeFileSync(sidecarPath(path), JSON.stringify(toSidecar(set, path)));
  }
  return dir;
}

async function timed(label, dir, n, opts) {
  const out = mkdtempSync(join(tmpdir(), 'hna-bench-out-'));
  const rss = [];
  const heap = [];
  let peak = 0;
  const t0 = performance.now();
  const summary = await exportCorpus([dir], {
    format: 'jsonl',
    out: join(out, 'all.jsonl'),
    ...opts,
    onProgress: (done) => {
      if (done % Math.max(1, Math.floor(n / 10)) === 0) {
        rss.push(process.memoryUsage().rss);
        // With --expose-gc, the live heap after a collection: flat when nothing is retained per article.
        if (globalThis.gc) {
          globalThis.gc();
          heap.push(process.memoryUsage().heapUsed);
        }
      }
      if (done % 50 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  const secs = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  rmSync(out, { recursive: true, force: true });
  // A bench that exported nothing measured nothing: say so instead of printing a fast figure.
  if (summary.documents !== n || summary.errors) throw new Error(`export bench: ${summary.documents} of ${n} articles exported, ${summary.errors} errors`);
  const mb = (b) => Math.round(b / 1048576);
  return {
    name: label,
    articles: summary.documents,
    errors: summary.errors,
    seconds: Math.round(secs * 100) / 100,
    articlesPerSecond: Math.round(summary.documents / secs),
    peakRssMB: mb(peak),
    rssFirstTenthMB: mb(rss[0] ?? peak),
    rssLastTenthMB: mb(rss[rss.length - 1] ?? peak),
    ...(heap.length ? { heapAfterGcFirstTenthMB: mb(heap[0]), heapAfterGcLastTenthMB: mb(heap[heap.length - 1]) } : {}),
    jobs: opts.withSuggestions ? (opts.jobs ?? availableParallelism()) : 1,
  };
}

/**
 * Run the export benchmark; returns one result per mode.
 * `articles` defaults to 10,000; `withSuggestions: false` skips the recogniser run.
 */
export async function benchExport({ articles = 10000, withSuggestions = true, jobs } = {}) {
  const dir = makeCorpus(articles);
  try {
    const results = [await timed('export jsonl (confirmed)', dir, articles, { withSuggestions: false })];
    if (withSuggestions) results.push(await timed('export jsonl + suggestions (workers)', dir, articles, { withSuggestions: true, ...(jobs ? { jobs } : {}) }));
    results.push({ name: 'process maxRSS', maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 10000);
  for (const r of await benchExport({ articles: n })) process.stdout.write(JSON.stringify(r) + '\n');
}
