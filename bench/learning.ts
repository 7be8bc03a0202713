/**
 * `npm run bench:learning`: annotators correcting text of a new kind, one
 * document at a time, and what the recogniser learns from it.
 *
 * - Base: tagger weights trained without IL-NER (`scripts/train-tagger.ts
 *   --without-il-ner`), built on first use and cached in `bench/out/` under
 *   the hash of the training script and the tagger's features.
 * - Streams: five annotators, each correcting 100 IL-NER train documents
 *   (see `ilner.ts`) in corpus order, starting 200 documents apart (documents
 *   0, 200, … 800): they confirm the gold spans and reject every PERSON or
 *   DATE suggestion that overlaps no gold span of its label, mark the
 *   document done, and the model learns it at once.
 * - Measured after 0, 10, 25, 50 and 100 documents of each stream, on
 *   documents it has not seen: the next 100 of its stream (what the annotator
 *   corrects next; the base is scored on the same documents) and the IL-NER
 *   dev documents (a fixed held-out set, never learned). F1 is pooled over the
 *   streams (true and false positives and misses summed), and the gain of
 *   each stream is shown as a median with its range; the share of the gain
 *   the learned names (and the words they add to the tagger's lists) bring;
 *   the time of each update (learning one document; compiling the learned
 *   recogniser); the cost on news (hiner-dev and the seed gold) after 100
 *   documents of every stream, for this base and for the shipped weights;
 *   a full `hindi-news learn` over 500 sentences through the bundled command
 *   line; and, for scale, the shipped weights (trained on all of IL-NER
 *   train) on IL-NER dev: what retraining on 1,108 documents gains.
 *
 * Why five streams of next-100 windows and not one of 50: IL-NER has about
 * one person per ten sentences, so 50 documents hold about 45 persons and
 * the base's PERSON F1 alone moves from 0.48 to 0.70 between neighbouring
 * windows; one lucky window made a +0.055 gain of what pooled over five
 * streams is +0.01. Nothing here is easier than an annotator's corpus: the
 * documents keep the corpus's own share of sentences with a person, the
 * gold is the corpus's, re-labelled by rules, and scoring is exact spans.
 *
 * Prints the learning curve as a table and writes `bench/learning-curve.svg`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluate, type EvalResult, type ScoredDoc } from '../server/src/core/evaluate';
import { kbKnows } from '../server/src/core/learning/kbKnows';
import { Learner } from '../server/src/core/learning/learner';
import { weightsFingerprint, type LearnedModel } from '../server/src/core/learning/model';
import { LearnedRecognition, shippedWeightsFingerprint } from '../server/src/core/learning/recognition';
import { utf16ToCodePoints } from '../server/src/core/offsets';
import { Recognizer } from '../server/src/core/recognizer';
import { Tagger, shippedTagger, type TaggerWeights } from '../server/src/core/tagger';
import { documents, type Doc } from './ilner';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'bench', 'out');
const DATA = join(ROOT, '..', 'shared', 'data', 'il-ner');
const GOLD = join(ROOT, '..', 'shared', 'gold');
const CHECKPOINTS = [0, 10, 25, 50, 100];

const fmt = (x: number): string => x.toFixed(3);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
};
const p90 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.9))]! : 0;
};

/** The base weights without IL-NER, trained on first use and cached by the hash of what they depend on. */
function baseWeights(): TaggerWeights {
  const h = createHash('sha256');
  for (const f of ['scripts/train-tagger.ts', 'server/src/core/tagger.ts', 'server/src/core/tokenize.ts', 'server/src/core/normalize.ts']) h.update(readFileSync(join(ROOT, f)));
  const path = join(OUT, `base-without-il-ner.${h.digest('hex').slice(0, 12)}.json`);
  if (!existsSync(path)) {
    mkdirSync(OUT, { recursive: true });
    process.stdout.write(`training the base tagger without IL-NER (about a minute) → ${path}\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'train-tagger.ts'), '--without-il-ner', '--out', path], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('training the base tagger failed');
  }
  return JSON.parse(readFileSync(path, 'utf8')) as TaggerWeights;
}

function readJsonl(path: string): ScoredDoc[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ScoredDoc);
}

/** Gold files use code points; the recogniser UTF-16: convert the predictions. */
function scoreCodePoints(rec: Recognizer, gold: ScoredDoc[]): EvalResult {
  const pred = gold.map((g) => {
    const spans = rec.recognize(g.text).spans;
    const cps = utf16ToCodePoints(g.text, spans.flatMap((s) => [s.start, s.end]));
    return { text: g.text, spans: spans.map((s, i) => ({ start: cps[2 * i]!, end: cps[2 * i + 1]!, label: s.label })) };
  });
  return evaluate(gold, pred, (t, s, e) => Array.from(t).slice(s, e).join(''));
}

/** IL-NER documents: PERSON and DATE only (PARTY is not annotated there). */
function scoreIlner(rec: Recognizer, docs: Doc[]): EvalResult {
  const pred = docs.map((d) => ({ text: d.text, spans: rec.recognize(d.text).spans.filter((s) => s.label !== 'PARTY') }));
  return evaluate(docs, pred, (t, s, e) => t.slice(s, e));
}

/** Documents after a checkpoint the next-documents score uses. */
const NEXT = 100;
/** Where each annotator's stream starts in IL-NER train. */
const STREAM_STARTS = [0, 200, 400, 600, 800];

/** PERSON and DATE counts of one evaluation (PARTY is not annotated in IL-NER). */
interface Counts {
  person: LabelScore;
  date: LabelScore;
}

type LabelScore = { tp: number; fp: number; fn: number };

function counts(r: EvalResult): Counts {
  const c = (l: LabelScore): LabelScore => ({ tp: l.tp, fp: l.fp, fn: l.fn });
  return { person: c(r.perLabel.PERSON), date: c(r.perLabel.DATE) };
}

const f1 = (c: LabelScore): number => (c.tp ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : 0);
const micro = (c: Counts): number => f1({ tp: c.person.tp + c.date.tp, fp: c.person.fp + c.date.fp, fn: c.person.fn + c.date.fn });
const sum = (xs: Counts[]): Counts => {
  const z = (): LabelScore => ({ tp: 0, fp: 0, fn: 0 });
  const out: Counts = { person: z(), date: z() };
  for (const x of xs) {
    for (const k of ['person', 'date'] as const) {
      out[k].tp += x[k].tp;
      out[k].fp += x[k].fp;
      out[k].fn += x[k].fn;
    }
  }
  return out;
};

/** One stream at one checkpoint. */
interface Point {
  docs: number;
  sentences: number;
  /** The next {@link NEXT} documents: learned model, base, learned model without its names. */
  next: Counts;
  nextBase: Counts;
  nextNoNames?: Counts;
  /** IL-NER dev, learned model. */
  dev: Counts;
}

interface Simulation {
  points: Point[];
  learnMs: number[];
  applyMs: number[];
  final: Recognizer;
  learner: Learner;
}

/** The learned model without its names (nor the words they add to the tagger's lists): the names' share of the gain. */
const withoutNames = (m: LearnedModel): LearnedModel => ({ ...m, names: [] });

/** Correct the stream document by document, learning each at once; `pool` holds the stream and the documents after it. */
function simulate(base: Tagger, fingerprint: string, pool: Doc[], steps: number, evalDocs: Doc[] | undefined): Simulation {
  const stream = pool.slice(0, steps);
  const kb = new Recognizer({ tagger: base });
  const learner = new Learner(base, { fingerprint, seed: 1 }, { kbKnows: kbKnows(kb.index), now: () => '2024-01-01T00:00:00.000Z' });
  let rec = kb;
  const points: Point[] = [];
  const learnMs: number[] = [];
  const applyMs: number[] = [];
  let sentences = 0;
  const measure = (k: number): void => {
    if (!evalDocs || !CHECKPOINTS.includes(k)) return;
    const next = pool.slice(k, k + NEXT);
    const p: Point = { docs: k, sentences, next: counts(scoreIlner(rec, next)), nextBase: counts(scoreIlner(kb, next)), dev: counts(scoreIlner(rec, evalDocs)) };
    if (k > 0) p.nextNoNames = counts(scoreIlner(kb.withLearned(new LearnedRecognition(withoutNames(learner.model()), base, fingerprint)), next));
    points.push(p);
  };
  measure(0);
  for (let k = 0; k < stream.length; k++) {
    const d = stream[k]!;
    const shown = rec.recognize(d.text).spans.filter((s) => s.label === 'PERSON' || s.label === 'DATE');
    const rejected = shown.filter((p) => !d.spans.some((g) => g.label === p.label && g.start < p.end && p.start < g.end));
    let t = performance.now();
    learner.learn([{ id: d.id, text: d.text, spans: d.spans, rejected, suggested: shown, complete: true }]);
    learnMs.push(performance.now() - t);
    t = performance.now();
    rec = kb.withLearned(new LearnedRecognition(learner.model(), base, fingerprint));
    applyMs.push(performance.now() - t);
    sentences += d.sentences;
    measure(k + 1);
  }
  return { points, learnMs, applyMs, final: rec, learner };
}

/** A checkpoint pooled over the streams. */
interface Row {
  docs: number;
  sentences: number;
  next: Counts;
  nextBase: Counts;
  nextNoNames: Counts;
  dev: Counts;
  /** Per stream: PERSON F1 gain on its next documents, and on dev. */
  gains: number[];
  devGains: number[];
}

function pool(sims: Simulation[], devBase: Counts): Row[] {
  return CHECKPOINTS.map((k) => {
    const ps = sims.map((s) => s.points.find((p) => p.docs === k)!);
    return {
      docs: k,
      sentences: median(ps.map((p) => p.sentences)),
      next: sum(ps.map((p) => p.next)),
      nextBase: sum(ps.map((p) => p.nextBase)),
      nextNoNames: sum(ps.map((p) => p.nextNoNames ?? p.next)),
      dev: sum(ps.map((p) => p.dev)),
      gains: ps.map((p) => f1(p.next.person) - f1(p.nextBase.person)),
      devGains: ps.map((p) => f1(p.dev.person) - f1(devBase.person)),
    };
  });
}

/** The curve as a small SVG line chart: pooled PERSON F1 on the next documents (learned and base) and on IL-NER dev. */
function chart(rows: Row[], title: string): string {
  const W = 600;
  const H = 320;
  const L = 56;
  const R = 200;
  const T = 36;
  const Bm = 44;
  const xs = rows.map((p) => p.docs);
  const series: Array<{ name: string; colour: string; dash: string; get: (p: Row) => number }> = [
    { name: `PERSON, next ${NEXT} documents`, colour: '#c2410c', dash: '', get: (p) => f1(p.next.person) },
    { name: `  same, base model`, colour: '#c2410c', dash: '4 3', get: (p) => f1(p.nextBase.person) },
    { name: 'PERSON, IL-NER dev', colour: '#1d4ed8', dash: '', get: (p) => f1(p.dev.person) },
    { name: 'micro, IL-NER dev', colour: '#15803d', dash: '', get: (p) => micro(p.dev) },
  ];
  const ys = rows.flatMap((p) => series.map((z) => z.get(p)));
  const lo = Math.max(0, Math.floor((Math.min(...ys) - 0.05) * 10) / 10);
  const hi = Math.min(1, Math.ceil((Math.max(...ys) + 0.02) * 10) / 10);
  const x = (v: number): number => L + ((W - L - R) * v) / Math.max(...xs);
  const y = (v: number): number => T + ((H - T - Bm) * (hi - v)) / (hi - lo);
  const grid: string[] = [];
  for (let v = lo; v <= hi + 1e-9; v += 0.1) {
    grid.push(`<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/><text x="${L - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toFixed(1)}</text>`);
  }
  for (const v of xs) grid.push(`<text x="${x(v).toFixed(1)}" y="${H - Bm + 18}" text-anchor="middle">${v}</text>`);
  const lines = series.map((z, k) => {
    const pts = rows.map((p) => `${x(p.docs).toFixed(1)},${y(z.get(p)).toFixed(1)}`).join(' ');
    const dots = rows.map((p) => `<circle cx="${x(p.docs).toFixed(1)}" cy="${y(z.get(p)).toFixed(1)}" r="3" fill="${z.colour}"/>`).join('');
    const ly = T + 10 + k * 18;
    return (
      `<polyline fill="none" stroke="${z.colour}" stroke-width="2"${z.dash ? ` stroke-dasharray="${z.dash}"` : ''} points="${pts}"/>${z.dash ? '' : dots}` +
      `<line x1="${W - R + 14}" x2="${W - R + 34}" y1="${ly}" y2="${ly}" stroke="${z.colour}" stroke-width="2"${z.dash ? ` stroke-dasharray="${z.dash}"` : ''}/><text x="${W - R + 40}" y="${ly + 4}">${z.name.trim()}</text>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${L}" y="20" font-size="14" font-weight="bold">${title}</text>`,
    ...grid,
    `<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">documents corrected (five annotators, F1 pooled)</text>`,
    `<text transform="translate(14 ${(T + H - Bm) / 2}) rotate(-90)" text-anchor="middle">F1 on documents not yet seen</text>`,
    ...lines,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * Recognition speed with and without learned state, what re-analysis after
 * typing costs: whole documents without a paragraph cache, runs alternating,
 * medians.
 */
function throughput(shipped: Recognizer, learned: Recognizer, texts: string[]): { shipped: number; learned: number; runs: number } {
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const run = (r: Recognizer): number => {
    const t = performance.now();
    for (const text of texts) r.recognize(text);
    return bytes / 1e6 / ((performance.now() - t) / 1000);
  };
  run(shipped);
  run(learned);
  const a: number[] = [];
  const b: number[] = [];
  const runs = 7;
  for (let i = 0; i < runs; i++) {
    a.push(run(shipped));
    b.push(run(learned));
  }
  return { shipped: median(a), learned: median(b), runs };
}

/** A full `hindi-news learn` over at least 500 sentences through the bundled command line. */
function cliLearn(docs: Doc[]): { sentences: number; ms: number; output: string } {
  const part: Doc[] = [];
  let sentences = 0;
  for (const d of docs) {
    if (sentences >= 500) break;
    part.push(d);
    sentences += d.sentences;
  }
  const input = join(OUT, 'learn-500.jsonl');
  const lines = part.map((d) => {
    const cps = utf16ToCodePoints(d.text, d.spans.flatMap((s) => [s.start, s.end]));
    return JSON.stringify({ id: d.id, text: d.text, spans: d.spans.map((s, i) => ({ start: cps[2 * i], end: cps[2 * i + 1], label: s.label })) });
  });
  writeFileSync(input, lines.join('\n') + '\n');
  const cli = join(ROOT, 'server', 'out', 'cli.js');
  const t = performance.now();
  const r = spawnSync(process.execPath, [cli, 'learn', input, '--out', join(OUT, 'learn-500.model.json')], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`hindi-news learn failed: ${r.stderr}`);
  return { sentences, ms, output: r.stdout };
}

function main(): void {
  const t0 = performance.now();
  const weights = baseWeights();
  const base = new Tagger(weights);
  const fp = weightsFingerprint(weights.weights);
  const trainDocs = documents(join(DATA, 'Hindi-train.txt'), 'il-ner-train');
  const devDocs = documents(join(DATA, 'Hindi-dev.txt'), 'il-ner-dev');
  const steps = CHECKPOINTS[CHECKPOINTS.length - 1]!;
  const persons = (ds: Doc[]): number => ds.reduce((n, d) => n + d.spans.filter((s) => s.label === 'PERSON').length, 0);
  const dates = (ds: Doc[]): number => ds.reduce((n, d) => n + d.spans.filter((s) => s.label === 'DATE').length, 0);
  const pools = STREAM_STARTS.map((s) => trainDocs.slice(s, s + steps + NEXT));
  if (pools.some((p) => p.length < steps + NEXT)) throw new Error(`IL-NER train has ${trainDocs.length} documents; the streams need ${STREAM_STARTS[STREAM_STARTS.length - 1]! + steps + NEXT}`);
  process.stdout.write(
    `IL-NER: ${trainDocs.length} train documents of ${trainDocs[0]?.sentences ?? 0} sentences; ${STREAM_STARTS.length} annotators correct ${steps} each, from documents ${STREAM_STARTS.join(', ')} ` +
      `(${STREAM_STARTS.map((_, i) => persons(pools[i]!.slice(0, steps))).join(', ')} PERSON); scored on the next ${NEXT} of each stream and on ${devDocs.length} dev documents (${persons(devDocs)} PERSON, ${dates(devDocs)} DATE)\n`,
  );

  const kb = new Recognizer({ tagger: base });
  const devBase = counts(scoreIlner(kb, devDocs));
  const shippedRec = new Recognizer();
  const devShipped = counts(scoreIlner(shippedRec, devDocs));
  const news = [readJsonl(join(GOLD, 'hiner-dev.jsonl')), readJsonl(join(GOLD, 'seed-gold.jsonl'))];
  const newsBase = news.map((g) => scoreCodePoints(kb, g).micro.f1);
  const newsShipped = news.map((g) => scoreCodePoints(shippedRec, g).micro.f1);
  const sims: Simulation[] = [];
  const newsLearned: number[][] = [];
  const newsShippedLearned: number[][] = [];
  let shippedFinal: Recognizer | undefined;
  for (const [i, start] of STREAM_STARTS.entries()) {
    const sim = simulate(base, fp, pools[i]!, steps, devDocs);
    sims.push(sim);
    newsLearned.push(news.map((g) => scoreCodePoints(sim.final, g).micro.f1));
    // The shipped weights learning the same documents, for the cost on news.
    const shipped = simulate(shippedTagger(), shippedWeightsFingerprint(), pools[i]!, steps, undefined);
    shippedFinal ??= shipped.final;
    newsShippedLearned.push(news.map((g) => scoreCodePoints(shipped.final, g).micro.f1));
    const p = (k: number): Point => sim.points.find((x) => x.docs === k)!;
    process.stdout.write(
      `  annotator ${i + 1} (documents ${start}–${start + steps - 1}): PERSON F1 on the next ${NEXT}, learned (base): ` +
        CHECKPOINTS.map((k) => `${k}: ${fmt(f1(p(k).next.person))} (${fmt(f1(p(k).nextBase.person))})`).join(', ') +
        `; dev after ${steps}: ${fmt(f1(p(steps).dev.person))}\n`,
    );
  }
  const rows = pool(sims, devBase);
  const learnMs = sims.flatMap((s) => s.learnMs);
  const applyMs = sims.flatMap((s) => s.applyMs);

  const cli = cliLearn(trainDocs.slice(STREAM_STARTS[STREAM_STARTS.length - 1]! + steps + NEXT));
  const speed = throughput(shippedRec, shippedFinal!, news.flat().map((d) => d.text));

  const signed = (x: number): string => (x >= 0 ? '+' : '') + fmt(x);
  const range = (xs: number[]): string => `${signed(median(xs))} [${signed(Math.min(...xs))} … ${signed(Math.max(...xs))}]`;
  process.stdout.write(`\n## Learning curve: PERSON F1 on documents not yet seen, pooled over ${STREAM_STARTS.length} annotators (next ${NEXT} documents of each stream: learned, and base on the same documents; IL-NER dev)\n`);
  process.stdout.write(
    `${'documents'.padStart(9)} | ${'next'.padStart(6)} ${'(base)'.padStart(7)} ${'gain'.padStart(7)} ${'per annotator: median [range]'.padEnd(31)} ${'no names'.padStart(8)} | ${'dev'.padStart(6)} ${'gain'.padStart(7)} ${'DATE dev'.padStart(8)} ${'micro dev'.padStart(9)}\n`,
  );
  for (const r of rows) {
    const g = f1(r.next.person) - f1(r.nextBase.person);
    process.stdout.write(
      `${String(r.docs).padStart(9)} | ${fmt(f1(r.next.person)).padStart(6)} ${fmt(f1(r.nextBase.person)).padStart(7)} ${signed(g).padStart(7)} ${range(r.gains).padEnd(31)} ${fmt(f1(r.nextNoNames.person)).padStart(8)} | ` +
        `${fmt(f1(r.dev.person)).padStart(6)} ${signed(f1(r.dev.person) - f1(devBase.person)).padStart(7)} ${fmt(f1(r.dev.date)).padStart(8)} ${fmt(micro(r.dev)).padStart(9)}\n`,
    );
  }
  const at = (k: number): Row => rows.find((p) => p.docs === k)!;
  const gainNext = f1(at(25).next.person) - f1(at(25).nextBase.person);
  const gainDev = f1(at(25).dev.person) - f1(devBase.person);
  const learnMed = median(learnMs);
  const applyMed = median(applyMs);
  const costs = [...newsLearned.flatMap((v) => v.map((x, i) => x - newsBase[i]!)), ...newsShippedLearned.flatMap((v) => v.map((x, i) => x - newsShipped[i]!))];
  const worstNews = Math.min(...costs);
  const aim = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
  process.stdout.write('\n## Aims\n');
  process.stdout.write(
    `PERSON F1 gain after 25 documents      next ${NEXT} documents ${signed(gainNext)} over the base (pooled; per annotator ${range(at(25).gains)}), IL-NER dev ${signed(gainDev)}   ` +
      `(aim ≥ +0.10: ${aim(gainNext >= 0.1)} on the next documents, ${aim(gainDev >= 0.1)} on dev)\n`,
  );
  process.stdout.write(
    `  for scale: the shipped weights, trained on all ${trainDocs.length} IL-NER train documents with HiNER, score ${fmt(f1(devShipped.person))} PERSON F1 on IL-NER dev, ${signed(f1(devShipped.person) - f1(devBase.person))} over this base\n`,
  );
  process.stdout.write(
    `update from one finished document      learning ${learnMed.toFixed(1)} ms median (p90 ${p90(learnMs).toFixed(1)}, max ${Math.max(...learnMs).toFixed(1)}), ` +
      `compiling the learned recogniser ${applyMed.toFixed(1)} ms median (p90 ${p90(applyMs).toFixed(1)})   (aim < 50 ms: ${aim(learnMed < 50)} for learning, ${aim(learnMed + applyMed < 50)} with compiling)\n`,
  );
  process.stdout.write(`full learn over ${cli.sentences} sentences (CLI, one process) ${(cli.ms / 1000).toFixed(2)} s   (aim < 5 s: ${aim(cli.ms < 5000)})\n`);
  const worst = (vs: number[][], i: number): number => Math.min(...vs.map((v) => v[i]!));
  process.stdout.write(
    `news after learning ${steps} documents      micro F1, worst of the ${STREAM_STARTS.length} annotators: hiner-dev ${fmt(newsBase[0]!)} → ${fmt(worst(newsLearned, 0))}, seed ${fmt(newsBase[1]!)} → ${fmt(worst(newsLearned, 1))} (base without IL-NER); ` +
      `shipped: hiner-dev ${fmt(newsShipped[0]!)} → ${fmt(worst(newsShippedLearned, 0))}, seed ${fmt(newsShipped[1]!)} → ${fmt(worst(newsShippedLearned, 1))}   (aim cost ≤ 0.02: ${aim(worstNews >= -0.02)})\n`,
  );
  process.stdout.write(
    `recognising news with the learned model  ${speed.learned.toFixed(2)} MB/s against ${speed.shipped.toFixed(2)} MB/s shipped (×${(speed.learned / speed.shipped).toFixed(2)}; median of ${speed.runs} alternating runs, fresh paragraph caches)\n`,
  );
  const m = sims[0]!.learner.model();
  process.stdout.write(
    `\nlearned by annotator 1 after ${steps} documents: ${m.tagger.weights.size} weight adjustments, ${m.tagger.words.size} new words, ${m.names.length} names, ${m.titles.length} titles, ${m.rejections.length} rejections\n`,
  );
  process.stdout.write(cli.output.trim().split('\n').map((l) => '  cli: ' + l).join('\n') + '\n');
  writeFileSync(join(ROOT, 'bench', 'learning-curve.svg'), chart(rows, 'Learning from corrections: IL-NER (literary and government text)'));
  writeFileSync(join(OUT, 'learning.json'), JSON.stringify({ rows, devBase, devShipped, learnMs, applyMs, news: { newsBase, newsLearned, newsShipped, newsShippedLearned }, cli }, null, 1));
  process.stdout.write(`\nwrote bench/learning-curve.svg; ${((performance.now() - t0) / 1000).toFixed(0)} s in all\n`);
}

main();
