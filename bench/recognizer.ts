/**
 * Recogniser and command-line throughput on novel text (bench/corpus.ts),
 * measured side by side in one run:
 *
 * - in-process, one core, each figure the median (and range) over fresh
 *   processes, cold (the first pass over text this process has never seen)
 *   and warm (the same text again: memoised work is free, so warm flatters),
 *   in wall and CPU time (CPU time moves less with the load of a shared
 *   machine; it counts V8's compiler threads too):
 *   - floor: the JSONL work every record needs (parse the input line, one
 *     charCodeAt pass over the text, stringify the output record);
 *   - a boundary-aware JavaScript RegExp over every knowledge-base name;
 *   - the recogniser (normalise, dates, knowledge base, tagger, rules);
 *   both from fresh code (what the command line meets) and with their code
 *   warmed first on generated text (what the language server does at
 *   start-up, `Recognizer.warmUp`; the RegExp runs over the same text);
 * - where the recogniser's first pass goes, by stage (a CPU profile);
 * - end to end: `hindi-news recognize -` against bench/floor.mjs, the same
 *   JSONL I/O with no recognising, as processes reading a file and writing
 *   a pipe, alternated; MB/s of JSONL in and out, wall and CPU time.
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

/** What one fresh process measures (milliseconds; `…Cpu` user + system time of the whole process). */
export interface PassTimes {
  floorMs: number;
  regexColdMs: number;
  regexWarmMs: number;
  recogniserColdMs: number;
  recogniserWarmMs: number;
  regexColdCpu: number;
  recogniserColdCpu: number;
  matches: number;
  spans: number;
  names: number;
  /** The recogniser's and the RegExp's code ran over generated text first (`Recognizer.warmUp`). */
  warmedUp: boolean;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Run in a fresh process: cold passes first, then warm ones; `warmUp`: both warmed on generated text first. */
export function measurePasses(docs: readonly string[], warmUp = false): PassTimes {
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
  const regexOver = (texts: readonly string[]) => {
    let m = 0;
    for (const d of texts) for (const _ of d.matchAll(re)) m++;
    return m;
  };
  const regex = () => (matches = regexOver(docs));
  const rec = new Recognizer();
  if (warmUp) {
    rec.warmUp();
    regexOver(rec.warmUpDocuments());
  }
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
  const timeBoth = (f: () => number): [number, number] => {
    const c = cpuMs();
    const t = now();
    f();
    return [now() - t, cpuMs() - c];
  };
  // Cold: the first time each runs over this text.
  const [recogniserColdMs, recogniserColdCpu] = timeBoth(recognise);
  const [regexColdMs, regexColdCpu] = timeBoth(regex);
  floor(); // the floor has no memo: its one warm-up pass only compiles it
  const floorMs = Math.min(time(floor), time(floor));
  const recogniserWarmMs = Math.min(time(recognise), time(recognise));
  const regexWarmMs = Math.min(time(regex), time(regex));
  return { floorMs, regexColdMs, regexWarmMs, recogniserColdMs, recogniserWarmMs, regexColdCpu, recogniserColdCpu, matches, spans, names, warmedUp: warmUp };
}

/** Stages of the recogniser, by the functions whose time counts for them (the first that is on a sample's stack wins). */
const STAGES: ReadonlyArray<readonly [stage: string, functions: readonly string[]]> = [
  ['tagger (Viterbi over per-word score blocks)', ['tag']],
  ['name rules (titles, cues, initials, short forms)', ['findNameCandidates', 'namesAroundShortForms', 'namesAnInstitution']],
  ['document pass (names seen in full, Latin spellings)', ['propagate']],
  ['dates (grammar, publication date)', ['findDates', 'findPublicationDate']],
  ['knowledge-base matching', ['match']],
  ['normalisation', ['normalize', 'normalizeKey']],
  ['tokenisation', ['tokenize']],
  ['URLs and file names skipped', ['findSkipRegions']],
  ['span selection', ['selectSpans']],
  ['garbage collection', ['(garbage collector)']],
];

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** Share of a CPU profile's time per stage of {@link STAGES}, plus what the recogniser does besides. */
export function stageShares(p: CpuProfile): Array<[string, number]> {
  const parent = new Map<number, number>();
  const name = new Map<number, string>();
  for (const n of p.nodes) {
    name.set(n.id, n.callFrame.functionName);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const totals = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i]!;
    const onStack = new Set<string>();
    for (let id: number | undefined = p.samples[i]!; id !== undefined; id = parent.get(id)) onStack.add(name.get(id)!);
    if (!onStack.has('recognize') && !onStack.has('(garbage collector)')) continue;
    all += dt;
    const stage = STAGES.find(([, fs]) => fs.some((f) => onStack.has(f)))?.[0] ?? 'the rest of the recogniser';
    totals.set(stage, (totals.get(stage) ?? 0) + dt);
  }
  return [...totals].map(([k, t]) => [k, t / all] as [string, number]).sort((a, b) => b[1] - a[1]);
}

/** Run in a fresh process: a CPU profile of the recogniser's first pass over the text (`warmUp` first when asked). */
export async function profilePass(docs: readonly string[], warmUp: boolean): Promise<CpuProfile> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params: object = {}) => new Promise<T>((res, rej) => session.post(method, params, (e, r) => (e ? rej(e) : res(r as T))));
  const rec = new Recognizer();
  if (warmUp) rec.warmUp();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  for (const d of docs) rec.recognize(d);
  const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
  session.disconnect();
  return profile;
}

const fmt = (s: Stats, digits = 1) => `median of ${s.n}, range ${s.min.toFixed(digits)}–${s.max.toFixed(digits)}`;

/** Aggregate the fresh processes' passes into rows: `fresh` from fresh code, `warmed` after the warm-up on generated text. */
export function passRows(corpus: Corpus, fresh: readonly PassTimes[], warmed: readonly PassTimes[], shares?: { fresh: Array<[string, number]>; warmed: Array<[string, number]> }): Row[] {
  const mb = corpus.bytes / 1e6;
  const speed = (runs: readonly PassTimes[], f: (p: PassTimes) => number) => stats(runs.map((p) => mb / (f(p) / 1000)));
  const ratio = (runs: readonly PassTimes[], f: (p: PassTimes) => number) => stats(runs.map(f));
  const floor = speed(fresh, (p) => p.floorMs);
  const rxCold = speed(fresh, (p) => p.regexColdMs);
  const rxWarm = speed(fresh, (p) => p.regexWarmMs);
  const cold = speed(fresh, (p) => p.recogniserColdMs);
  const coldCpu = speed(fresh, (p) => p.recogniserColdCpu);
  const warmedCold = speed(warmed, (p) => p.recogniserColdMs);
  const warm = speed(fresh, (p) => p.recogniserWarmMs);
  const vsRegexCold = ratio(fresh, (p) => p.regexColdMs / p.recogniserColdMs);
  const vsRegexCpu = ratio(fresh, (p) => p.regexColdCpu / p.recogniserColdCpu);
  const vsRegexWarmed = ratio(warmed, (p) => p.regexColdMs / p.recogniserColdMs);
  const vsRegexWarm = ratio(fresh, (p) => p.regexWarmMs / p.recogniserWarmMs);
  const p0 = fresh[0]!;
  const rows: Row[] = [
    { name: 'corpus (novel text, nothing repeated)', value: mb, unit: 'MB', note: `${corpus.docs.length} documents, ${corpus.paragraphs} paragraphs, ${(corpus.distinctParagraphs * 100).toFixed(1)}% distinct` },
    { name: 'floor: JSONL parse + charCodeAt pass + stringify', value: floor.median, unit: 'MB/s', note: fmt(floor) },
    { name: `RegExp over ${p0.names} KB names, cold`, value: rxCold.median, unit: 'MB/s', note: `${fmt(rxCold)}; ${p0.matches} matches` },
    { name: `RegExp over ${p0.names} KB names, warm`, value: rxWarm.median, unit: 'MB/s', note: fmt(rxWarm) },
    { name: 'recogniser, cold (fresh code, novel text)', value: cold.median, unit: 'MB/s', note: `${fmt(cold)}; ${p0.spans} spans; CPU time ${coldCpu.median.toFixed(2)} MB/s` },
    { name: 'recogniser, cold text after the warm-up', value: warmedCold.median, unit: 'MB/s', note: `${fmt(warmedCold)}; code warmed on generated text first, as the language server does` },
    { name: 'recogniser, warm (same text again)', value: warm.median, unit: 'MB/s', note: fmt(warm) },
    { name: 'ratio floor / recogniser time, cold', value: stats(fresh.map((p) => p.recogniserColdMs / p.floorMs)).median, unit: '×' },
    { name: 'TARGET recogniser speed / RegExp speed, cold', value: vsRegexCold.median, unit: '×', note: `${fmt(vsRegexCold, 2)}; target > 1 ${vsRegexCold.median > 1 ? 'MET' : 'NOT MET'}` },
    { name: 'recogniser speed / RegExp speed, cold, CPU time', value: vsRegexCpu.median, unit: '×', note: fmt(vsRegexCpu, 2) },
    { name: 'recogniser speed / RegExp speed, both warmed up', value: vsRegexWarmed.median, unit: '×', note: `${fmt(vsRegexWarmed, 2)}; the RegExp ran over the same generated text` },
    { name: 'recogniser speed / RegExp speed, warm', value: vsRegexWarm.median, unit: '×', note: fmt(vsRegexWarm, 2) },
  ];
  if (shares) {
    const warmedShare = new Map(shares.warmed);
    for (const [stage, share] of shares.fresh) {
      rows.push({ name: `  share of the cold pass: ${stage}`, value: 100 * share, unit: '%', note: `${(100 * (warmedShare.get(stage) ?? 0)).toFixed(1)}% after the warm-up` });
    }
  }
  return rows;
}

/** Wall and CPU time of `node args… < input > (drained pipe)`, the bytes written and the peak RSS. */
function timeProcess(args: string[], input: string, benchDir: string): Promise<{ ms: number; cpuMs: number; bytesOut: number; peakMB: number }> {
  return new Promise((resolve, reject) => {
    const { openSync, closeSync } = require('node:fs') as typeof import('node:fs');
    const fd = openSync(input, 'r');
    const t = now();
    const child = spawn(process.execPath, ['--require', join(benchDir, 'cpu-at-exit.cjs'), ...args], { stdio: [fd, 'pipe', 'pipe'] });
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
    child.on('close', (code) => {
      clearInterval(poll);
      const ms = now() - t;
      const cpu = /bench-cpu-ms ([\d.]+)/.exec(err);
      if (code !== 0 || !cpu) reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      else resolve({ ms, cpuMs: Number(cpu[1]), bytesOut, peakMB });
    });
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
  const floorCpu: number[] = [];
  const one: number[] = [];
  const oneCpu: number[] = [];
  const two: number[] = [];
  let mbOut = 0;
  let peakMB = 0;
  for (let i = 0; i < runs; i++) {
    const f = await timeProcess([join(benchDir, 'floor.mjs')], input, benchDir);
    floor.push(f.ms);
    floorCpu.push(f.cpuMs);
    const r = await timeProcess([cli, 'recognize', '-', '--quiet'], input, benchDir);
    one.push(r.ms);
    oneCpu.push(r.cpuMs);
    mbOut = r.bytesOut / 1e6;
    peakMB = Math.max(peakMB, r.peakMB);
    two.push((await timeProcess([cli, 'recognize', '-', '--quiet', '--jobs', '2'], input, benchDir)).ms);
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
  const cpuRatio = stats(oneCpu.map((ms, i) => ms / floorCpu[i]!));
  const speed = (s: Stats) => `${(mbIn / (s.median / 1000)).toFixed(1)} MB/s in, ${(mbOut / (s.median / 1000)).toFixed(1)} MB/s out`;
  const instructionRows: Row[] = [];
  if (process.env.BENCH_INSTRUCTIONS) {
    // Instructions executed (valgrind): the same on a quiet machine and a loaded one.
    const count = (args: string[]) => {
      const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, ...args], { stdio: [require('node:fs').openSync(input, 'r'), 'ignore', 'pipe'], encoding: 'utf8' });
      const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr ?? '');
      if (!m) throw new Error(`valgrind ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
      return Number(m[1]!.replace(/,/g, '')) / 1e9;
    };
    const bareG = count(['-e', '0']);
    const floorG = count([join(benchDir, 'floor.mjs')]);
    const cliG = count([cli, 'recognize', '-', '--quiet']);
    instructionRows.push(
      { name: 'instructions: node -e 0', value: bareG, unit: 'G' },
      { name: 'instructions: floor process', value: floorG, unit: 'G' },
      { name: 'instructions: hindi-news recognize -', value: cliG, unit: 'G' },
      { name: 'command line / floor, instructions', value: cliG / floorG, unit: '×', note: `${((cliG - bareG) / (floorG - bareG)).toFixed(1)}× above bare Node` },
    );
  }
  return [
    ...instructionRows,
    { name: 'JSONL in / out', value: mbIn, unit: 'MB', note: `${mbOut.toFixed(1)} MB out, ${corpus.docs.length} records` },
    { name: 'floor process (bench/floor.mjs): wall time', value: f.median, unit: 'ms', note: `${fmt(f, 0)}; ${speed(f)}` },
    { name: 'hindi-news recognize -: wall time', value: c.median, unit: 'ms', note: `${fmt(c, 0)}; ${speed(c)}` },
    { name: 'hindi-news recognize - --jobs 2: wall time', value: j.median, unit: 'ms', note: `${fmt(j, 0)}; ${speed(j)}; ${(c.median / j.median).toFixed(2)}× one job` },
    { name: 'hindi-news recognize -: peak RSS', value: peakMB, unit: 'MB', note: 'one record in flight: flat whatever the input size' },
    { name: 'TARGET command line / floor time', value: ratio.median, unit: '×', note: `${fmt(ratio, 2)}; target ≤ 4 ${ratio.median <= 4 ? 'MET' : 'NOT MET'}` },
    { name: 'command line / floor, CPU time', value: cpuRatio.median, unit: '×', note: `${fmt(cpuRatio, 2)}; ${stats(oneCpu).median.toFixed(0)} vs ${stats(floorCpu).median.toFixed(0)} ms (user + system, every thread)` },
    { name: 'start-up: node -e 0', value: bare.median, unit: 'ms', note: fmt(bare, 0) },
    { name: 'start-up: hindi-news --version', value: version.median, unit: 'ms', note: `${fmt(version, 0)}; +${(version.median - bare.median).toFixed(0)} ms over bare Node` },
    { name: 'start-up: hindi-news recognize <one article>', value: tiny.median, unit: 'ms', note: `${fmt(tiny, 0)}; +${(tiny.median - bare.median).toFixed(0)} ms over bare Node` },
  ];
}
