/**
 * `npm run bench:learning`: an annotator correcting text of a new kind, one
 * document at a time, and what the recogniser learns from it.
 *
 * - Base: tagger weights trained without IL-NER (`scripts/train-tagger.ts
 *   --without-il-ner`), built on first use and cached in `bench/out/` under
 *   the hash of the training script and the tagger's features.
 * - Stream: the first 100 IL-NER train documents (see `ilner.ts`), corrected
 *   one by one: the annotator confirms the gold spans and rejects every
 *   PERSON or DATE suggestion that overlaps no gold span of its label, marks
 *   the document done, and the model learns it at once.
 * - Measured after 0, 10, 25, 50 and 100 documents, on documents not yet
 *   seen: the next 50 of the stream (what the annotator corrects next; the
 *   base is scored on the same documents) and the IL-NER dev documents (a
 *   fixed held-out set, never learned): micro (PERSON + DATE), PERSON and
 *   DATE F1;
 *   the time of each update (learning one document; compiling the learned
 *   recogniser); the cost on news (hiner-dev and the seed gold) after 100
 *   documents, for this base and for the shipped weights; a full
 *   `hindi-news learn` over 500 sentences through the bundled command line.
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
import { weightsFingerprint } from '../server/src/core/learning/model';
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
const NEXT = 50;

interface Score {
  micro: number;
  person: number;
  date: number;
  persons: number;
}

interface Point {
  docs: number;
  sentences: number;
  /** The next {@link NEXT} documents, learned model and base. */
  next: Score;
  nextBase: Score;
  /** IL-NER dev. */
  dev: Score;
}

function score(r: EvalResult): Score {
  return { micro: r.micro.f1, person: r.perLabel.PERSON.f1, date: r.perLabel.DATE.f1, persons: r.perLabel.PERSON.tp + r.perLabel.PERSON.fn };
}

interface Simulation {
  points: Point[];
  learnMs: number[];
  applyMs: number[];
  final: Recognizer;
  learner: Learner;
}

/** Correct the stream document by document, learning each at once; `pool` holds the stream and the documents after it. */
function simulate(base: Tagger, fingerprint: string, pool: Doc[], steps: number, evalDocs: Doc[] | undefined, log: boolean): Simulation {
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
    const p: Point = { docs: k, sentences, next: score(scoreIlner(rec, next)), nextBase: score(scoreIlner(kb, next)), dev: score(scoreIlner(rec, evalDocs)) };
    points.push(p);
    if (log) process.stdout.write(`  after ${String(k).padStart(3)} documents: PERSON F1 next ${NEXT} ${fmt(p.next.person)} (base ${fmt(p.nextBase.person)}), dev ${fmt(p.dev.person)}\n`);
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

/** The curve as a small SVG line chart: PERSON F1 on the next documents (learned and base) and on IL-NER dev. */
function chart(points: Point[], title: string): string {
  const W = 600;
  const H = 320;
  const L = 56;
  const R = 200;
  const T = 36;
  const Bm = 44;
  const xs = points.map((p) => p.docs);
  const series: Array<{ name: string; colour: string; dash: string; get: (p: Point) => number }> = [
    { name: `PERSON, next ${NEXT} documents`, colour: '#c2410c', dash: '', get: (p) => p.next.person },
    { name: `  same, base model`, colour: '#c2410c', dash: '4 3', get: (p) => p.nextBase.person },
    { name: 'PERSON, IL-NER dev', colour: '#1d4ed8', dash: '', get: (p) => p.dev.person },
    { name: 'micro, IL-NER dev', colour: '#15803d', dash: '', get: (p) => p.dev.micro },
  ];
  const ys = points.flatMap((p) => series.map((z) => z.get(p)));
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
    const pts = points.map((p) => `${x(p.docs).toFixed(1)},${y(z.get(p)).toFixed(1)}`).join(' ');
    const dots = points.map((p) => `<circle cx="${x(p.docs).toFixed(1)}" cy="${y(z.get(p)).toFixed(1)}" r="3" fill="${z.colour}"/>`).join('');
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
    `<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">documents corrected</text>`,
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
  process.stdout.write(
    `IL-NER: ${trainDocs.length} train documents of ${trainDocs[0]?.sentences ?? 0} sentences; the first ${steps} are corrected (${persons(trainDocs.slice(0, steps))} PERSON, ${dates(trainDocs.slice(0, steps))} DATE); ` +
      `scored on the next ${NEXT} and on ${devDocs.length} dev documents (${persons(devDocs)} PERSON, ${dates(devDocs)} DATE)\n`,
  );

  process.stdout.write('\nbase without IL-NER, learning document by document:\n');
  const sim = simulate(base, fp, trainDocs, steps, devDocs, true);
  const news = [readJsonl(join(GOLD, 'hiner-dev.jsonl')), readJsonl(join(GOLD, 'seed-gold.jsonl'))];
  const baseRec = new Recognizer({ tagger: base });
  const newsBase = news.map((g) => scoreCodePoints(baseRec, g).micro.f1);
  const newsLearned = news.map((g) => scoreCodePoints(sim.final, g).micro.f1);

  process.stdout.write('shipped weights, learning the same documents (for the cost on news)\n');
  const shipped = simulate(shippedTagger(), shippedWeightsFingerprint(), trainDocs, steps, undefined, false);
  const shippedRec = new Recognizer();
  const newsShipped = news.map((g) => scoreCodePoints(shippedRec, g).micro.f1);
  const newsShippedLearned = news.map((g) => scoreCodePoints(shipped.final, g).micro.f1);

  const cli = cliLearn(trainDocs.slice(steps));
  const speed = throughput(shippedRec, shipped.final, news.flat().map((d) => d.text));

  const rows = sim.points;
  process.stdout.write(`\n## Learning curve: F1 on documents not yet seen (next ${NEXT} of the stream: learned, and base on the same documents; IL-NER dev)\n`);
  process.stdout.write(`${'documents'.padStart(9)} ${'sentences'.padStart(9)} | ${'PERSON next'.padStart(11)} ${'(base)'.padStart(7)} ${'micro next'.padStart(10)} ${'(base)'.padStart(7)} | ${'PERSON dev'.padStart(10)} ${'DATE dev'.padStart(8)} ${'micro dev'.padStart(9)}\n`);
  for (const p of rows) {
    process.stdout.write(
      `${String(p.docs).padStart(9)} ${String(p.sentences).padStart(9)} | ${fmt(p.next.person).padStart(11)} ${fmt(p.nextBase.person).padStart(7)} ${fmt(p.next.micro).padStart(10)} ${fmt(p.nextBase.micro).padStart(7)} | ` +
        `${fmt(p.dev.person).padStart(10)} ${fmt(p.dev.date).padStart(8)} ${fmt(p.dev.micro).padStart(9)}\n`,
    );
  }
  const at = (k: number): Point => rows.find((p) => p.docs === k)!;
  const gainNext = at(25).next.person - at(25).nextBase.person;
  const gainDev = at(25).dev.person - at(0).dev.person;
  const learnMed = median(sim.learnMs);
  const applyMed = median(sim.applyMs);
  const worstNews = Math.min(...newsLearned.map((v, i) => v - newsBase[i]!), ...newsShippedLearned.map((v, i) => v - newsShipped[i]!));
  const aim = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
  const signed = (x: number): string => (x >= 0 ? '+' : '') + fmt(x);
  process.stdout.write('\n## Aims\n');
  process.stdout.write(`PERSON F1 gain after 25 documents      next ${NEXT} documents ${signed(gainNext)} over the base, IL-NER dev ${signed(gainDev)}   (aim ≥ +0.10: ${aim(gainNext >= 0.1)} on the next documents, ${aim(gainDev >= 0.1)} on dev)\n`);
  process.stdout.write(
    `update from one finished document      learning ${learnMed.toFixed(1)} ms median (p90 ${p90(sim.learnMs).toFixed(1)}, max ${Math.max(...sim.learnMs).toFixed(1)}), ` +
      `compiling the learned recogniser ${applyMed.toFixed(1)} ms median (p90 ${p90(sim.applyMs).toFixed(1)})   (aim < 50 ms: ${aim(learnMed < 50)} for learning, ${aim(learnMed + applyMed < 50)} with compiling)\n`,
  );
  process.stdout.write(`full learn over ${cli.sentences} sentences (CLI, one process) ${(cli.ms / 1000).toFixed(2)} s   (aim < 5 s: ${aim(cli.ms < 5000)})\n`);
  process.stdout.write(
    `news after learning ${steps} documents      micro F1 hiner-dev ${fmt(newsBase[0]!)} → ${fmt(newsLearned[0]!)}, seed ${fmt(newsBase[1]!)} → ${fmt(newsLearned[1]!)} (base without IL-NER); ` +
      `shipped: hiner-dev ${fmt(newsShipped[0]!)} → ${fmt(newsShippedLearned[0]!)}, seed ${fmt(newsShipped[1]!)} → ${fmt(newsShippedLearned[1]!)}   (aim cost ≤ 0.02: ${aim(worstNews >= -0.02)})\n`,
  );
  process.stdout.write(
    `recognising news with the learned model  ${speed.learned.toFixed(2)} MB/s against ${speed.shipped.toFixed(2)} MB/s shipped (×${(speed.learned / speed.shipped).toFixed(2)}; median of ${speed.runs} alternating runs, fresh paragraph caches)\n`,
  );
  const m = sim.learner.model();
  process.stdout.write(
    `\nlearned after ${steps} documents: ${m.tagger.weights.size} weight adjustments, ${m.tagger.words.size} new words, ${m.names.length} names, ${m.titles.length} titles, ${m.rejections.length} rejections\n`,
  );
  process.stdout.write(cli.output.trim().split('\n').map((l) => '  cli: ' + l).join('\n') + '\n');
  writeFileSync(join(ROOT, 'bench', 'learning-curve.svg'), chart(rows, 'Learning from corrections: IL-NER (literary and government text)'));
  writeFileSync(join(OUT, 'learning.json'), JSON.stringify({ points: rows, learnMs: sim.learnMs, applyMs: sim.applyMs, news: { newsBase, newsLearned, newsShipped, newsShippedLearned }, cli }, null, 1));
  process.stdout.write(`\nwrote bench/learning-curve.svg; ${((performance.now() - t0) / 1000).toFixed(0)} s in all\n`);
}

main();
