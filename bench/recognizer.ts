/**
 * Recogniser throughput, measured side by side in one run on the same corpus:
 * - floor: a plain pass over the characters (code points, classifying each);
 * - naive: one RegExp alternation of every knowledge-base name and abbreviation;
 * - recogniser: the full pipeline (normalise, dates, knowledge base, tagger, rules).
 * Each is the best of several passes: the machines are shared and noisy.
 */
import { builtinKnowledgeBase } from '../server/src/core/kb/builtin';
import { Recognizer } from '../server/src/core/recognizer';

export interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

function timeIt(fn: () => number): { ms: number; result: number } {
  const t0 = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
}

function best(runs: number, fn: () => number): { ms: number; result: number } {
  let b = { ms: Infinity, result: 0 };
  for (let i = 0; i < runs; i++) {
    const r = timeIt(fn);
    if (r.ms < b.ms) b = r;
  }
  return b;
}

export function benchRecognizer(docs: string[]): Row[] {
  const mb = docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6;
  const floor = best(5, () => {
    let devanagari = 0;
    for (const d of docs) for (const ch of d) if (ch.codePointAt(0)! >= 0x900 && ch.codePointAt(0)! <= 0x97f) devanagari++;
    return devanagari;
  });
  const kb = builtinKnowledgeBase();
  const names = new Set<string>();
  for (const p of kb.persons) [p.name, p.latin, ...(p.variants ?? []), ...(p.short ?? [])].forEach((n) => names.add(n));
  for (const p of kb.parties) [p.name, p.latin, ...(p.variants ?? []), ...p.abbreviations].forEach((n) => names.add(n));
  const escaped = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{M}])(?:${escaped.join('|')})(?![\\p{L}\\p{M}])`, 'gu');
  const naive = best(2, () => {
    let n = 0;
    for (const d of docs) for (const _ of d.matchAll(re)) n++;
    return n;
  });
  const rec = new Recognizer();
  rec.recognize(docs[0]!); // warm the lexicons and weights
  const full = best(4, () => {
    let n = 0;
    for (const d of docs) n += rec.recognize(d).spans.length;
    return n;
  });
  const mbps = (ms: number) => mb / (ms / 1000);
  return [
    { name: 'corpus', value: mb, unit: 'MB', note: `${docs.length} documents` },
    { name: 'floor: plain pass over the characters', value: mbps(floor.ms), unit: 'MB/s' },
    { name: `naive RegExp alternation of ${names.size} KB names`, value: mbps(naive.ms), unit: 'MB/s', note: `${naive.result} matches` },
    { name: 'recogniser (full pipeline)', value: mbps(full.ms), unit: 'MB/s', note: `${full.result} spans` },
    { name: 'ratio floor / recogniser', value: floor.ms === 0 ? 0 : full.ms / floor.ms, unit: '×', note: 'target ≤ 20' },
    { name: 'ratio recogniser / naive RegExp speed', value: naive.ms / full.ms, unit: '×', note: 'target > 1 (faster than the RegExp)' },
  ];
}

/**
 * `hindi-news recognize -` as a streaming filter: peak memory of the CLI
 * process for a small and a ten-times larger JSONL stream. Flat memory is
 * the contract (one record in flight, output written with back-pressure).
 */
export async function benchStreaming(docs: string[], cli: string): Promise<Row[]> {
  const { spawn } = await import('node:child_process');
  const { readFileSync } = await import('node:fs');
  const run = (records: number) =>
    new Promise<{ peakMB: number; seconds: number }>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, 'recognize', '-'], { stdio: ['pipe', 'pipe', 'inherit'] });
      let peak = 0;
      const timer = setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) peak = Math.max(peak, Number(m[1]) / 1024);
        } catch {
          /* the process has just exited */
        }
      }, 20);
      const t0 = performance.now();
      child.stdout.resume();
      child.on('error', reject);
      child.on('exit', () => {
        clearInterval(timer);
        resolve({ peakMB: peak, seconds: (performance.now() - t0) / 1000 });
      });
      let i = 0;
      const pump = () => {
        while (i < records) {
          const line = JSON.stringify({ id: String(i), text: docs[i % docs.length] }) + '\n';
          i++;
          if (!child.stdin.write(line)) return void child.stdin.once('drain', pump);
        }
        child.stdin.end();
      };
      pump();
    });
  const small = await run(1000);
  const large = await run(10000);
  return [
    { name: 'streaming filter: peak RSS, 1,000 records', value: small.peakMB, unit: 'MB' },
    { name: 'streaming filter: peak RSS, 10,000 records', value: large.peakMB, unit: 'MB', note: `${(large.seconds).toFixed(1)} s` },
    { name: 'ratio peak RSS 10,000 / 1,000 records', value: large.peakMB / small.peakMB, unit: '×', note: 'flat ≈ 1' },
  ];
}
