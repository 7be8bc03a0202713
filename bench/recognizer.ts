/**
 * Recogniser and command-line throughput on novel text (bench/corpus.ts),
 * measured side by side in one run:
 *
 * - in-process, one core, each figure the median (and range) over fresh
 *   processes, cold (the first pass over text this process has never seen)
 *   and warm (the same text again: memoised work is free, so warm flatters):
 *   - floor: the JSONL work every record needs (parse the input line, one
 *     charCodeAt pass over the text, stringify the output record);
 *   - a boundary-aware JavaScript RegExp over every knowledge-base name;
 *   - the recogniser (normalise, dates, knowledge base, tagger, rules);
 * - end to end: `hindi-news recognize -` against bench/floor.mjs, the same
 *   JSONL I/O with no recognising, as processes reading a file and writing
 *   a pipe, alternated; MB/s of JSONL in and out.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinKnowledgeBase } from '../server/src/core/kb/builtin';
import { Recognizer } from '../server/src/core/recognizer';
import type { Corpus } from './corpus';

export interface Row {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(xs: readonly number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** A boundary-aware alternation of every knowledge-base name and abbreviation, longest first. */
export function kbRegExp(): { re: RegExp; names: number } {
  const kb = builtinKnowledgeBase();
  const names = new Set<string>();
  for (const p of kb.persons) [p.name, p.latin, ...(p.variants ?? []), ...(p.short ?? [])].forEach((n) => names.add(n));
  for (const p of kb.parties) [p.name, p.latin, ...(p.variants ?? []), ...p.abbreviations].forEach((n) => names.add(n));
  const escaped = [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { re: new RegExp(`(?<![\\p{L}\\p{M}\\p{Nd}])(?:${escaped.join('|')})(?![\\p{L}\\p{M}\\p{Nd}])`, 'gu'), names: names.size };
}

/** What one fresh process measures (milliseconds). */
export interface PassTimes {
  floorMs: number;
  regexColdMs: number;
  regexWarmMs: number;
  recogniserColdMs: number;
  recogniserWarmMs: number;
  matches: number;
  spans: number;
  names: number;
}

/** Run in a fresh process: cold passes first, then warm ones. */
export function measurePasses(docs: readonly string[]): PassTimes {
  const lines = docs.map((text, i) => JSON.stringify({ id: String(i), text }));
  const floor = () => {
    let n = 0;
    let out = 0;
    for (const l of lines) {
      const o = JSON.parse(l) as { text: string; spans?: unknown[]; meta?: unknown };
      const t = o.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c >= 0x900 && c <= 0x97f) n++;
      }
      o.spans = [];
      o.meta = { offsets: 'codepoint' };
      out += JSON.stringify(o).length;
    }
    return n + out;
  };
  const { re, names } = kbRegExp();
  let matches = 0;
  const regex = () => {
    matches = 0;
    for (const d of docs) for (const _ of d.matchAll(re)) matches++;
    return matches;
  };
  const rec = new Recognizer();
  let spans = 0;
  const recognise = () => {
    spans = 0;
    for (const d of docs) spans += rec.recognize(d).spans.length;
    return spans;
  };
  const time = (f: () => number) => {
    const t = now();
    f();
    return now() - t;
  };
  // Cold: the first time each runs over this text (the recogniser's constructor has already warmed its code on other text).
  const recogniserColdMs = time(recognise);
  const regexColdMs = time(regex);
  floor(); // the floor has no memo: its one warm-up pass only compiles it
  const floorMs = Math.min(time(floor), time(floor));
  const recogniserWarmMs = Math.min(time(recognise), time(recognise));
  const regexWarmMs = Math.min(time(regex), time(regex));
  return { floorMs, regexColdMs, regexWarmMs, recogniserColdMs, recogniserWarmMs, matches, spans, names };
}

const fmt = (s: Stats, digits = 1) => `median of ${s.n}, range ${s.min.toFixed(digits)}–${s.max.toFixed(digits)}`;

/** Aggregate the fresh processes' passes into rows. */
export function passRows(corpus: Corpus, runs: readonly PassTimes[]): Row[] {
  const mb = corpus.bytes / 1e6;
  const speed = (f: (p: PassTimes) => number) => stats(runs.map((p) => mb / (f(p) / 1000)));
  const ratio = (f: (p: PassTimes) => number) => stats(runs.map(f));
  const floor = speed((p) => p.floorMs);
  const rxCold = speed((p) => p.regexColdMs);
  const rxWarm = speed((p) => p.regexWarmMs);
  const cold = speed((p) => p.recogniserColdMs);
  const warm = speed((p) => p.recogniserWarmMs);
  const vsRegexCold = ratio((p) => p.regexColdMs / p.recogniserColdMs);
  const vsRegexWarm = ratio((p) => p.regexWarmMs / p.recogniserWarmMs);
  const p0 = runs[0]!;
  return [
    { name: 'corpus (novel text, nothing repeated)', value: mb, unit: 'MB', note: `${corpus.docs.length} documents, ${corpus.paragraphs} paragraphs, ${(corpus.distinctParagraphs * 100).toFixed(1)}% distinct` },
    { name: 'floor: JSONL parse + charCodeAt pass + stringify', value: floor.median, unit: 'MB/s', note: fmt(floor) },
    { name: `RegExp over ${p0.names} KB names, cold`, value: rxCold.median, unit: 'MB/s', note: `${fmt(rxCold)}; ${p0.matches} matches` },
    { name: `RegExp over ${p0.names} KB names, warm`, value: rxWarm.median, unit: 'MB/s', note: fmt(rxWarm) },
    { name: 'recogniser, cold (first pass over novel text)', value: cold.median, unit: 'MB/s', note: `${fmt(cold)}; ${p0.spans} spans` },
    { name: 'recogniser, warm (same text again)', value: warm.median, unit: 'MB/s', note: fmt(warm) },
    { name: 'ratio floor / recogniser time, cold', value: stats(runs.map((p) => p.recogniserColdMs / p.floorMs)).median, unit: '×' },
    { name: 'TARGET recogniser speed / RegExp speed, cold', value: vsRegexCold.median, unit: '×', note: `${fmt(vsRegexCold, 2)}; target > 1 ${vsRegexCold.median > 1 ? 'MET' : 'NOT MET'}` },
    { name: 'recogniser speed / RegExp speed, warm', value: vsRegexWarm.median, unit: '×', note: fmt(vsRegexWarm, 2) },
  ];
}

/** Wall time of `node args… < input > (drained pipe)`, and the bytes written. */
function timeProcess(args: string[], input: string): Promise<{ ms: number; bytesOut: number; peakMB: number }> {
  return new Promise((resolve, reject) => {
    const { openSync, closeSync } = require('node:fs') as typeof import('node:fs');
    const fd = openSync(input, 'r');
    const t = now();
    const child = spawn(process.execPath, args, { stdio: [fd, 'pipe', 'pipe'] });
    closeSync(fd);
    let bytesOut = 0;
    let err = '';
    let peakMB = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(require('node:fs').readFileSync(`/proc/${child.pid}/status`, 'utf8') as string);
        if (m) peakMB = Math.max(peakMB, Number(m[1]) / 1024);
      } catch {
        /* the process has just exited */
      }
    }, 25);
    child.stdout!.on('data', (d: Buffer) => (bytesOut += d.length));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (clearInterval(poll), code === 0 ? resolve({ ms: now() - t, bytesOut, peakMB }) : reject(new Error(`${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/**
 * `hindi-news recognize -` end to end against the JSONL I/O floor
 * (bench/floor.mjs), alternated `runs` times; also `--jobs 2`, and start-up.
 */
export async function benchCommandLine(corpus: Corpus, cli: string, benchDir: string, runs = 5): Promise<Row[]> {
  const input = join(benchDir, 'out', 'corpus.jsonl');
  const jsonl = corpus.docs.map((text, i) => JSON.stringify({ id: `doc-${i}`, text, meta: { source: 'bench' } })).join('\n') + '\n';
  writeFileSync(input, jsonl);
  const mbIn = Buffer.byteLength(jsonl) / 1e6;
  const floor: number[] = [];
  const one: number[] = [];
  const two: number[] = [];
  let mbOut = 0;
  let peakMB = 0;
  for (let i = 0; i < runs; i++) {
    floor.push((await timeProcess([join(benchDir, 'floor.mjs')], input)).ms);
    const r = await timeProcess([cli, 'recognize', '-', '--quiet'], input);
    one.push(r.ms);
    mbOut = r.bytesOut / 1e6;
    peakMB = Math.max(peakMB, r.peakMB);
    two.push((await timeProcess([cli, 'recognize', '-', '--quiet', '--jobs', '2'], input)).ms);
  }
  const start = (args: string[]) => {
    const xs: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t = now();
      spawnSync(process.execPath, args, { stdio: 'ignore' });
      xs.push(now() - t);
    }
    return stats(xs);
  };
  const bare = start(['-e', '0']);
  const version = start([cli, '--version']);
  const tiny = start([cli, 'recognize', join(benchDir, '..', 'test-fixtures', '000_814ef11f0a60dca0.txt'), '--quiet']);
  const f = stats(floor);
  const c = stats(one);
  const j = stats(two);
  const ratio = stats(one.map((ms, i) => ms / floor[i]!));
  const speed = (s: Stats) => `${(mbIn / (s.median / 1000)).toFixed(1)} MB/s in, ${(mbOut / (s.median / 1000)).toFixed(1)} MB/s out`;
  return [
    { name: 'JSONL in / out', value: mbIn, unit: 'MB', note: `${mbOut.toFixed(1)} MB out, ${corpus.docs.length} records` },
    { name: 'floor process (bench/floor.mjs): wall time', value: f.median, unit: 'ms', note: `${fmt(f, 0)}; ${speed(f)}` },
    { name: 'hindi-news recognize -: wall time', value: c.median, unit: 'ms', note: `${fmt(c, 0)}; ${speed(c)}` },
    { name: 'hindi-news recognize - --jobs 2: wall time', value: j.median, unit: 'ms', note: `${fmt(j, 0)}; ${speed(j)}; ${(c.median / j.median).toFixed(2)}× one job` },
    { name: 'hindi-news recognize -: peak RSS', value: peakMB, unit: 'MB', note: 'one record in flight: flat whatever the input size' },
    { name: 'TARGET command line / floor time', value: ratio.median, unit: '×', note: `${fmt(ratio, 2)}; target ≤ 4 ${ratio.median <= 4 ? 'MET' : 'NOT MET'}` },
    { name: 'start-up: node -e 0', value: bare.median, unit: 'ms', note: fmt(bare, 0) },
    { name: 'start-up: hindi-news --version', value: version.median, unit: 'ms', note: `${fmt(version, 0)}; +${(version.median - bare.median).toFixed(0)} ms over bare Node` },
    { name: 'start-up: hindi-news recognize <one article>', value: tiny.median, unit: 'ms', note: `${fmt(tiny, 0)}; +${(tiny.median - bare.median).toFixed(0)} ms over bare Node` },
  ];
}
