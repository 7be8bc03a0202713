/**
 * Exact-span scoring, the same figures as the reference `score.py`:
 * documents paired by identical text, spans compared as (start, end, label),
 * precision/recall/F1 per label and micro-averaged over PERSON, PARTY, DATE.
 */
import { ENTITY_LABELS, type EntityLabel } from './types';

export interface ScoredSpan {
  start: number;
  end: number;
  label: string;
}
export interface ScoredDoc {
  id?: string;
  text: string;
  spans: readonly ScoredSpan[];
}

export interface LabelScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalError {
  kind: 'FP' | 'FN';
  id: string;
  label: string;
  start: number;
  end: number;
  text: string;
}

export interface EvalResult {
  perLabel: Record<EntityLabel, LabelScore>;
  micro: LabelScore;
  /** Gold documents with no prediction (paired by text). */
  missing: string[];
  errors: EvalError[];
}

function prf(tp: number, fp: number, fn: number): LabelScore {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

/** Score `pred` against `gold`. Offsets may be in any unit as long as both use the same. */
export function evaluate(gold: readonly ScoredDoc[], pred: readonly ScoredDoc[], slice: (text: string, s: number, e: number) => string): EvalResult {
  const byText = new Map<string, ScoredDoc>();
  for (const p of pred) byText.set(p.text, p);
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const missing: string[] = [];
  const errors: EvalError[] = [];
  const labels = new Set<string>(ENTITY_LABELS);
  for (const g of gold) {
    const p = byText.get(g.text);
    if (!p) {
      missing.push(g.id ?? '?');
      continue;
    }
    const key = (s: ScoredSpan) => `${s.start}:${s.end}:${s.label}`;
    const gs = new Map(g.spans.map((s) => [key(s), s] as const));
    const ps = new Map(p.spans.filter((s) => labels.has(s.label)).map((s) => [key(s), s] as const));
    for (const [k, s] of gs) {
      if (ps.has(k)) inc(tp, s.label);
      else {
        inc(fn, s.label);
        errors.push({ kind: 'FN', id: g.id ?? '?', label: s.label, start: s.start, end: s.end, text: slice(g.text, s.start, s.end) });
      }
    }
    for (const [k, s] of ps) {
      if (!gs.has(k)) {
        inc(fp, s.label);
        errors.push({ kind: 'FP', id: g.id ?? '?', label: s.label, start: s.start, end: s.end, text: slice(g.text, s.start, s.end) });
      }
    }
  }
  const perLabel = {} as Record<EntityLabel, LabelScore>;
  let T = 0;
  let F = 0;
  let N = 0;
  for (const l of ENTITY_LABELS) {
    const [a, b, c] = [tp.get(l) ?? 0, fp.get(l) ?? 0, fn.get(l) ?? 0];
    perLabel[l] = prf(a, b, c);
    T += a;
    F += b;
    N += c;
  }
  return { perLabel, micro: prf(T, F, N), missing, errors };
}

/** The table `score.py` prints, line for line. */
export function formatEvalTable(r: EvalResult): string {
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (x: number) => x.toFixed(3).padStart(6);
  const lines = [`${pad('label', 8)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'gold'.padStart(5)}`];
  for (const l of ENTITY_LABELS) {
    const s = r.perLabel[l];
    lines.push(`${pad(l, 8)} ${num(s.precision)} ${num(s.recall)} ${num(s.f1)} ${String(s.tp + s.fn).padStart(5)}`);
  }
  const m = r.micro;
  lines.push(`${pad('micro', 8)} ${num(m.precision)} ${num(m.recall)} ${num(m.f1)} ${String(m.tp + m.fn).padStart(5)}`);
  lines.push(`micro_f1=${m.f1.toFixed(3)}`);
  return lines.join('\n');
}
