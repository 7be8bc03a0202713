/**
 * Where the recogniser's time goes on the benchmark corpus: a CPU profile of
 * one pass over novel text (bench/corpus.ts), summarised as self and
 * inclusive time per function. Sampled, so run it on a quiet machine or read
 * shares rather than milliseconds; instruction counts (valgrind) are the
 * repeatable measure.
 *
 *   node --import tsx bench/profile.ts [--warm] [--start-up] [--top N] [--save FILE.cpuprofile]
 *
 * --warm         warm the recogniser up on generated text first, as the server does
 * --before A:B   recognise documents [A, B) of the corpus first, unprofiled (a steady state)
 * --docs A:B     profile documents [A, B) only (default: all)
 * --start-up     profile the recogniser's construction instead of a pass
 */
// The V8 settings the command line and the server run with (measure what ships).
import '../server/src/compilerFlags';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { Recognizer } from '../server/src/core/recognizer';
import { loadCorpus } from './corpus';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const top = Number(opt('--top') ?? 40);

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
}

/** Self and inclusive milliseconds per function (file:line), largest first. */
export function summarise(p: Profile, n: number): string {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const name = (x: ProfileNode) => `${x.callFrame.functionName || '(anonymous)'} ${x.callFrame.url.split('/').pop()}:${x.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i]! / 1000;
    total += dt;
    let id: number | undefined = p.samples[i]!;
    const leaf = name(byId.get(id)!);
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    const seen = new Set<string>();
    for (; id !== undefined; id = parent.get(id)) {
      const k = name(byId.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `total ${total.toFixed(0)} ms\n--- self\n${rows(self)}\n--- inclusive\n${rows(incl)}\n`;
}

async function main(): Promise<void> {
  const corpus = loadCorpus(process.cwd());
  const range = (name: string, all: string[]): string[] => {
    const v = opt(name);
    if (!v) return all;
    const [a, b] = v.split(':').map(Number);
    return corpus.docs.slice(a, b);
  };
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 250 });
  let rec: Recognizer;
  if (args.includes('--start-up')) {
    await post(session, 'Profiler.start');
    rec = new Recognizer();
  } else {
    rec = new Recognizer();
    if (args.includes('--warm')) rec.warmUp();
    for (const d of range('--before', [])) rec.recognize(d);
    const docs = range('--docs', corpus.docs);
    const t = performance.now();
    await post(session, 'Profiler.start');
    for (const d of docs) rec.recognize(d);
    process.stdout.write(`${docs.length} documents, ${(docs.reduce((n, d) => n + Buffer.byteLength(d), 0) / 1e6).toFixed(2)} MB in ${(performance.now() - t).toFixed(0)} ms (profiled)\n`);
  }
  const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
  const save = opt('--save');
  if (save) writeFileSync(save, JSON.stringify(profile));
  process.stdout.write(summarise(profile, top));
}

void main();
