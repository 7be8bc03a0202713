/**
 * The knowledge base compiled for matching: every name, variant, short form
 * and abbreviation, normalised, in one trie; plus a forgiving index for Latin
 * words that scraped articles misspell (`Congresss`).
 */
import { builtinKnowledgeBase } from './kb/builtin';
import type { KnowledgeBase } from './kb/load';
import type { PartyEntry, PersonEntry } from './kb/types';
import { Matcher, type PackedMatcher } from './matcher';
import { normalizeKey, type NormalizedText } from './normalize';
import { shippedData } from './shippedData';
import type { Token } from './tokenize';
import type { EntityLabel } from './types';

/** What one trie key means. */
export interface KbPayload {
  label: EntityLabel;
  entityId: string;
  /** full name, a variant, a short form (surname alone) or an abbreviation */
  kind: 'name' | 'variant' | 'short' | 'abbr';
  /** Only accept next to party context (`आप` is also the pronoun "you"). */
  ambiguous: boolean;
}

export interface KbMatch {
  start: number;
  end: number;
  label: EntityLabel;
  entityId?: string;
  reason: string;
  /** Which kind of key matched (a short form links only under conditions, see `names.ts`). */
  kind: KbPayload['kind'];
  /** Matched in party context only (an ambiguous abbreviation) or with a forgiven Latin spelling. */
  weak: boolean;
}

/**
 * Keys that are ordinary Hindi or English words as often as names. They are
 * matched only with supporting context, whatever a knowledge-base file says.
 */
const ALWAYS_AMBIGUOUS = new Set(['आप', 'इंडिया', 'india', 'sp', 'एसपी', 'जनता', 'left', 'आम', 'मोर्चा', 'लोक', 'दल', 'संघ', 'जन']);

/** Words around an ambiguous party abbreviation that make the party reading certain. */
const PARTY_CONTEXT = new Set(
  [
    'पार्टी', 'नेता', 'नेताओं', 'सांसद', 'विधायक', 'विधायकों', 'सरकार', 'प्रवक्ता', 'संयोजक', 'प्रमुख', 'कार्यकर्ता', 'कार्यकर्ताओं',
    'प्रत्याशी', 'उम्मीदवार', 'गठबंधन', 'सुप्रीमो', 'अध्यक्ष', 'मंत्री', 'पार्षद', 'दफ्तर', 'कार्यालय', 'संगठन', 'इकाई', 'विधायक दल',
  ].map(normalizeKey),
);

/**
 * Role nouns whose abbreviation in brackets spells like a party's: `पुलिस अधीक्षक (एसपी)` is the
 * superintendent of police, not the Samajwadi Party.
 */
const ROLES_BEFORE_ABBREVIATION = new Set(['अधीक्षक', 'पुलिस', 'अधिकारी', 'आयुक्त', 'निरीक्षक', 'मजिस्ट्रेट', 'प्रबंधक', 'निदेशक', 'सचिव', 'अभियंता', 'प्रमुख'].map(normalizeKey));

/** Collapse doubled Latin letters: `congresss` and `congress` share `congres`. */
function latinSkeleton(s: string): string {
  return s.replace(/([a-z])\1+/g, '$1');
}

const LATIN_WORD = /^[a-z][a-z.]*$/;

/** A {@link KbIndex} as plain data (see `pack.ts`): the built-in knowledge base's is computed at build time. */
export interface PackedKbIndex {
  readonly matcher: PackedMatcher;
  readonly payloads: readonly KbPayload[];
  readonly latinFuzzy: ReadonlyArray<readonly [string, number]>;
  readonly givenShortForms: readonly string[];
}

/** Indexes by knowledge base: an index is never changed once built, so recognisers over one knowledge base share it. */
const indexes = new WeakMap<KnowledgeBase, KbIndex>();

export class KbIndex {
  /** The index of `kb`, shared; the built-in knowledge base's is loaded from the data pack when bundled. */
  static of(kb: KnowledgeBase): KbIndex {
    let index = indexes.get(kb);
    if (!index) {
      const shipped = shippedData();
      index = new KbIndex(kb, shipped && kb === builtinKnowledgeBase() ? shipped.kbIndex : undefined);
      indexes.set(kb, index);
    }
    return index;
  }

  readonly matcher: Matcher;
  readonly payloads: KbPayload[] = [];
  private readonly latinFuzzy = new Map<string, number>();
  /** Entries by id, for reasons shown in hovers. */
  readonly persons: ReadonlyMap<string, PersonEntry>;
  readonly parties: ReadonlyMap<string, PartyEntry>;

  /**
   * Person short forms that are the person's given name (`हेमंत`, `इंदिरा`): many people share
   * them, so one links only when the article names the person in full. By normalised key.
   */
  readonly givenShortForms = new Set<string>();

  /** `packed`: this knowledge base's index as {@link KbIndex.toPacked} gave it (the built-in one's is loaded, not rebuilt). */
  constructor(kb: KnowledgeBase, packed?: PackedKbIndex) {
    this.persons = kb.personById;
    this.parties = kb.partyById;
    if (packed) {
      this.matcher = Matcher.fromPacked(packed.matcher);
      // Rebuilt field by field: payloads keep the one hidden class the matcher's code expects.
      for (const p of packed.payloads) this.payloads.push({ label: p.label, entityId: p.entityId, kind: p.kind, ambiguous: p.ambiguous });
      for (const [k, v] of packed.latinFuzzy) this.latinFuzzy.set(k, v);
      for (const w of packed.givenShortForms) this.givenShortForms.add(w);
      return;
    }
    this.matcher = new Matcher();
    for (const p of kb.persons) {
      const first = normalizeKey(p.name).split(' ')[0];
      for (const v of p.short ?? []) if (normalizeKey(v) === first) this.givenShortForms.add(first);
      this.addKey(p.name, { label: 'PERSON', entityId: p.id, kind: 'name', ambiguous: false });
      this.addKey(p.latin, { label: 'PERSON', entityId: p.id, kind: 'name', ambiguous: false });
      for (const v of p.variants ?? []) this.addKey(v, { label: 'PERSON', entityId: p.id, kind: 'variant', ambiguous: false });
      for (const v of p.short ?? []) this.addKey(v, { label: 'PERSON', entityId: p.id, kind: 'short', ambiguous: false });
    }
    for (const p of kb.parties) {
      const amb = new Set((p.ambiguous ?? []).map(normalizeKey));
      this.addKey(p.name, { label: 'PARTY', entityId: p.id, kind: 'name', ambiguous: false });
      this.addKey(p.latin, { label: 'PARTY', entityId: p.id, kind: 'name', ambiguous: false });
      for (const v of p.variants ?? []) this.addKey(v, { label: 'PARTY', entityId: p.id, kind: 'variant', ambiguous: amb.has(normalizeKey(v)) });
      for (const v of p.abbreviations) this.addKey(v, { label: 'PARTY', entityId: p.id, kind: 'abbr', ambiguous: amb.has(normalizeKey(v)) });
    }
  }

  /** The index as plain data, for {@link KbIndex}'s `packed` argument. */
  toPacked(): PackedKbIndex {
    return {
      matcher: this.matcher.toPacked(),
      payloads: this.payloads.map((p) => ({ label: p.label, entityId: p.entityId, kind: p.kind, ambiguous: p.ambiguous })),
      latinFuzzy: [...this.latinFuzzy],
      givenShortForms: [...this.givenShortForms],
    };
  }

  private addKey(surface: string, payload: KbPayload): void {
    const key = normalizeKey(surface);
    if (!key) return;
    // Spelled out rather than spread: payloads then share one hidden class, and the matcher's
    // compiled code is not thrown away the first time it meets one of these.
    if (ALWAYS_AMBIGUOUS.has(key)) payload = { label: payload.label, entityId: payload.entityId, kind: payload.kind, ambiguous: true };
    const id = this.payloads.push(payload) - 1;
    this.matcher.add(key, id);
    // `जनता दल (यू)` is also written `जनता दल ( यू )` and `जनता दल(यू)`.
    if (key.includes('(')) {
      const spaced = key.replace(/\s*\(\s*/g, ' ( ').replace(/\s*\)\s*/g, ' ) ').trim();
      const tight = key.replace(/\s*\(\s*/g, '(').replace(/\s*\)/g, ')');
      for (const v of [spaced, tight]) if (v !== key) this.matcher.add(v, id);
    }
    if (LATIN_WORD.test(key) && key.length >= 5 && !key.includes(' ')) {
      const sk = latinSkeleton(key);
      if (!this.latinFuzzy.has(sk)) this.latinFuzzy.set(sk, id);
    }
  }

  /** Pick one payload for a key shared by several entries: names over short forms, parties over persons. */
  private choose(ids: readonly number[]): KbPayload {
    let best = this.payloads[ids[0]!]!;
    const rank = (p: KbPayload) => (p.kind === 'name' ? 3 : p.kind === 'variant' ? 2 : p.kind === 'abbr' ? 1 : 0) + (p.label === 'PARTY' ? 0.5 : 0);
    for (const id of ids) {
      const p = this.payloads[id]!;
      if (rank(p) > rank(best)) best = p;
    }
    return best;
  }

  /**
   * Knowledge-base matches in a normalised paragraph (normalised offsets). An ambiguous key
   * without party context around it is left out; `unsure`, when given, receives those matches
   * (the recogniser may find other context for them: a person's name after `के`).
   */
  match(t: NormalizedText, tokens: readonly Token[], unsure?: KbMatch[]): KbMatch[] {
    const norm = t.norm;
    const out: KbMatch[] = [];
    let byStart: Map<number, number> | undefined; // built only when an ambiguous key needs context
    for (const m of this.matcher.findAll(norm)) {
      const p = this.choose(m.payloads);
      if (p.ambiguous) {
        if (!byStart) {
          byStart = new Map();
          for (let k = 0; k < tokens.length; k++) byStart.set(tokens[k]!.start, k);
        }
        if (!this.partyContext(norm, tokens, byStart, m.start, m.end)) {
          unsure?.push({ start: m.start, end: m.end, label: p.label, entityId: p.entityId, reason: this.reason(p), kind: p.kind, weak: true });
          continue;
        }
      }
      out.push({ start: m.start, end: m.end, label: p.label, entityId: p.entityId, reason: this.reason(p), kind: p.kind, weak: p.ambiguous });
    }
    // Latin words that missed the exact trie: forgive doubled letters.
    if (this.latinFuzzy.size > 0) {
      let mi = 0;
      for (const tok of tokens) {
        if (tok.kind !== 'latin' || tok.end - tok.start < 5) continue;
        while (mi < out.length && out[mi]!.end <= tok.start) mi++;
        if (mi < out.length && out[mi]!.start < tok.end) continue;
        const id = this.latinFuzzy.get(latinSkeleton(norm.slice(tok.start, tok.end)));
        if (id === undefined) continue;
        const p = this.payloads[id]!;
        if (p.ambiguous) continue;
        out.splice(mi, 0, { start: tok.start, end: tok.end, label: p.label, entityId: p.entityId, reason: this.reason(p, 'spelling variant of'), kind: p.kind, weak: true });
      }
    }
    return out;
  }

  /** `forgiven`: a misspelling matched by the Latin skeleton says so instead of what the entry it matched is (an abbreviation, a short form). */
  private reason(p: KbPayload, forgiven?: string): string {
    const e = p.label === 'PARTY' ? this.parties.get(p.entityId) : this.persons.get(p.entityId);
    const what = forgiven ?? (p.kind === 'short' ? 'short form of' : p.kind === 'abbr' ? 'abbreviation of' : p.kind === 'variant' ? 'spelling of' : '');
    return `knowledge base: ${what ? what + ' ' : ''}${e?.latin ?? p.entityId}`;
  }

  /** An ambiguous abbreviation counts as a party next to party words, in brackets after a name, or in a list of parties. */
  private partyContext(norm: string, tokens: readonly Token[], byStart: Map<number, number>, start: number, end: number): boolean {
    const k = byStart.get(start);
    if (k === undefined) return false;
    const prev = tokens[k - 1];
    let j = k;
    while (j < tokens.length && tokens[j]!.end < end) j++;
    const next = tokens[j + 1];
    const wordAt = (tok: Token | undefined) => (tok ? norm.slice(tok.start, tok.end) : '');
    if (PARTY_CONTEXT.has(wordAt(next))) return true;
    const prevWord = wordAt(prev);
    const nextWord = wordAt(next);
    if (prevWord === '(' && nextWord === ')') return !ROLES_BEFORE_ABBREVIATION.has(wordAt(tokens[k - 2]));
    // `कांग्रेस, आप और ...`: a neighbouring token is itself an unambiguous party.
    const neighbour = (idx: number) => {
      const tok = tokens[idx];
      if (!tok) return false;
      const m = this.matcher.longestAt(norm, tok.start);
      return !!m && m.payloads.some((id) => this.payloads[id]!.label === 'PARTY' && !this.payloads[id]!.ambiguous);
    };
    const isSep = (w: string) => w === ',' || w === 'और' || w === 'व' || w === 'तथा' || w === '/' || w === 'या';
    if (isSep(prevWord) && neighbour(k - 2)) return true;
    if (isSep(nextWord) && neighbour(j + 2)) return true;
    return false;
  }
}
