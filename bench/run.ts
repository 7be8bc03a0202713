/**
 * `npm run bench`: every benchmark, side by side in one run, as ratios,
 * each a median over runs with its range. Wall-clock figures live here only;
 * tests never assert them.
 *
 *   npm run bench [recognizer] [cli] [lsp] [export] [annotations]
 */
// The V8 settings the command line and the server run with (measure what ships).
import '../server/src/compilerFlags';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { benchAnnotations } from './annotations';
import { loadCorpus } from './corpus';
import { firstArticleParts, type FirstArticleParts } from './firstArticle';
import { benchCommandLine, measurePasses, passRows, profilePass, stageShares, stats, type PassTimes, type Row } from './recognizer';

function print(title: string, rows: Row[]): void {
  process.stdout.write(`\n## ${title}\n`);
  for (const r of rows) {
    const v = r.unit === '×' ? r.value.toFixed(2) : r.value >= 100 ? r.value.toFixed(0) : r.value.toFixed(2);
    process.stdout.write(`${r.name.padEnd(52)} ${v.padStart(10)} ${r.unit.padEnd(5)} ${r.note ?? ''}\n`);
  }
}

/** The bench folder: this file runs bundled from bench/out/, so resolve from the project root. */
const ROOT = process.cwd();
const BENCH = resolve(ROOT, 'bench');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The sections `npm run bench -- SECTION…` runs (all without arguments). */
const SECTIONS = ['recognizer', 'cli', 'lsp', 'export', 'annotations'];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child-passes') {
    process.stdout.write(JSON.stringify(measurePasses(loadCorpus(ROOT).docs, argv[1] === 'warmed')));
    return;
  }
  if (argv[0] === '--child-first-article') {
    process.stdout.write(JSON.stringify(await firstArticleParts(loadCorpus(ROOT), argv[1] === 'warmed')));
    return;
  }
  if (argv[0] === '--child-profile') {
    process.stdout.write(JSON.stringify(stageShares(await profilePass(loadCorpus(ROOT).docs, argv[1] === 'warmed'))));
    return;
  }
  const unknown = argv.filter((a) => !SECTIONS.includes(a));
  if (unknown.length) {
    // A mistyped section would otherwise run nothing and print nothing.
    process.stderr.write(`bench: no section ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')} (npm run bench -- ${SECTIONS[3]} ${SECTIONS[1]}; none: all)\n`);
    process.exitCode = 2;
    return;
  }
  const want = (k: string) => argv.length === 0 || argv.includes(k);
  const corpus = loadCorpus(ROOT);
  if (want('recognizer')) {
    const child = <T>(...args: string[]): T => {
      const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`the recogniser pass failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    };
    const fresh: PassTimes[] = [];
    const warmed: PassTimes[] = [];
    for (let i = 0; i < RUNS; i++) {
      fresh.push(child<PassTimes>('--child-passes', 'fresh'));
      warmed.push(child<PassTimes>('--child-passes', 'warmed'));
    }
    const shares = { fresh: child<Array<[string, number]>>('--child-profile', 'fresh'), warmed: child<Array<[string, number]>>('--child-profile', 'warmed') };
    print(`Recogniser throughput, one core, novel text (${RUNS} fresh processes each way)`, passRows(corpus, fresh, warmed, shares));
  }
  if (want('cli')) {
    print(`Command line end to end: recognize - < file > pipe (${RUNS} alternating runs)`, await benchCommandLine(corpus, resolve(ROOT, 'server', 'out', 'cli.js'), BENCH, RUNS));
  }
  if (want('lsp')) {
    const { runLspBench } = (await import(join(BENCH, 'lsp.mjs'))) as {
      runLspBench: (o: { runs: number }) => Promise<Array<{ metric: string; value: number; unit: string; target: string; pass: boolean | null; note: string }>>;
    };
    const rows = await runLspBench({ runs: RUNS });
    print(
      'Language server (bundled server over stdio)',
      rows.map((r) => ({ name: r.metric, value: r.value, unit: r.unit, note: `${r.target}${r.pass === null ? '' : r.pass ? ' MET' : ' NOT MET'} ${r.note}`.trim() })),
    );
    // The first article's figure taken apart, in fresh processes of the same bundled code.
    const parts = (warmed: boolean): FirstArticleParts[] => {
      const out: FirstArticleParts[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--child-first-article', warmed ? 'warmed' : 'fresh'], { encoding: 'utf8', maxBuffer: 1 << 20 });
        if (r.status !== 0) throw new Error(`the first-article child failed: ${r.stderr}`);
        out.push(JSON.parse(r.stdout) as FirstArticleParts);
      }
      return out;
    };
    const warmedParts = parts(true);
    const freshParts = parts(false);
    const part = (xs: FirstArticleParts[], k: keyof FirstArticleParts) => stats(xs.map((x) => x[k]));
    const ms = (name: string, xs: FirstArticleParts[], k: keyof FirstArticleParts, note: string): Row => {
      const s = part(xs, k);
      return { name, value: s.median, unit: 'ms', note: `${s.min.toFixed(0)}–${s.max.toFixed(0)}; ${note}` };
    };
    print(`The first full tokens of a novel 1 MB article taken apart (in-process, ${RUNS} fresh processes each way)`, [
      ms('server warm-up (initialize answers after it)', warmedParts, 'warmUpMs', 'generated text through the editor path'),
      ms('recognition after the warm-up', warmedParts, 'recognitionMs', 'paragraphs and document pass, as the server runs them'),
      ms('tokens after the warm-up', warmedParts, 'tokensMs', `spans shown, split per line, UTF-16 positions, LSP encoding; ${warmedParts[0]?.tokens ?? 0} tokens`),
      ms('JSON of the response after the warm-up', warmedParts, 'jsonMs', 'what the protocol writes'),
      ms('recognition without a warm-up', freshParts, 'recognitionMs', 'the article right after start-up, had the server not warmed up'),
      ms('tokens without a warm-up', freshParts, 'tokensMs', ''),
    ]);
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
  if (want('annotations')) print(`Annotation model on very long articles (median of ${RUNS})`, benchAnnotations(RUNS));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${(e as Error).message ?? String(e)}\n`);
  process.exitCode = 1;
});
