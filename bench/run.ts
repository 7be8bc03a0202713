/**
 * `npm run bench`: every benchmark, side by side in one run, as ratios.
 * Wall-clock figures live here only; tests never assert them.
 */
import { join, resolve } from 'node:path';
import { buildCorpus } from './corpus';
import { benchRecognizer, benchStreaming, type Row } from './recognizer';

function print(title: string, rows: Row[]): void {
  process.stdout.write(`\n## ${title}\n`);
  for (const r of rows) {
    const v = r.unit === '×' ? r.value.toFixed(2) : r.value >= 100 ? r.value.toFixed(0) : r.value.toFixed(2);
    process.stdout.write(`${r.name.padEnd(52)} ${v.padStart(10)} ${r.unit.padEnd(6)} ${r.note ?? ''}\n`);
  }
}

/** The bench folder: this file runs bundled from bench/out/, so resolve from the project root. */
const BENCH = resolve(process.cwd(), 'bench');

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (k: string) => only.length === 0 || only.includes(k);
  if (want('recognizer')) {
    const docs = buildCorpus(10 * 1024 * 1024);
    print('Recogniser throughput (one core)', benchRecognizer(docs));
    print('Command line as a streaming filter', await benchStreaming(docs, resolve(process.cwd(), 'server', 'out', 'cli.js')));
  }
  if (want('lsp')) {
    const { runLspBench } = (await import(join(BENCH, 'lsp.mjs'))) as {
      runLspBench: () => Promise<Array<{ metric: string; value: number; unit: string; target: string; pass: boolean | null; note: string }>>;
    };
    const rows = await runLspBench();
    print(
      'Language server (bundled server over stdio)',
      rows.map((r) => ({ name: r.metric, value: r.value, unit: r.unit, note: `${r.target}${r.pass === null ? '' : r.pass ? ' met' : ' NOT MET'} ${r.note}`.trim() })),
    );
  }
  if (want('export')) {
    const { benchExport } = (await import(join(BENCH, 'export.mjs'))) as {
      benchExport: (o: { articles: number }) => Promise<Array<Record<string, number | string>>>;
    };
    const rows: Row[] = [];
    for (const r of await benchExport({ articles: Number(process.env.BENCH_EXPORT_ARTICLES ?? 10000) })) {
      if (r.articlesPerSecond !== undefined) {
        rows.push({ name: `${r.name}: articles/s`, value: Number(r.articlesPerSecond), unit: '/s', note: `${r.articles} articles, ${r.jobs} job(s)` });
        rows.push({ name: `${r.name}: peak RSS`, value: Number(r.peakRssMB), unit: 'MB', note: `heap after GC ${r.heapAfterGcFirstTenthMB ?? '?'} → ${r.heapAfterGcLastTenthMB ?? '?'} MB (first → last tenth)` });
      } else if (r.maxRssMB !== undefined) rows.push({ name: String(r.name), value: Number(r.maxRssMB), unit: 'MB' });
    }
    print('Export (10,000 articles)', rows);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
