/**
 * Semantic tokens: one token per line piece of each shown span, typed by
 * label, modified by `suggestion` (recogniser) or `confirmed` (annotation).
 */
import { SemanticTokensBuilder } from 'vscode-languageserver';
import type { SemanticTokens, SemanticTokensDelta } from 'vscode-languageserver';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../protocol';
import type { ShownSpan } from './entities';
import { splitPerLine, type OffsetMapper } from './positions';

const TYPE_INDEX: Record<string, number> = { PERSON: TOKEN_TYPES.indexOf('person'), PARTY: TOKEN_TYPES.indexOf('party'), DATE: TOKEN_TYPES.indexOf('date') };
const SUGGESTION = 1 << TOKEN_MODIFIERS.indexOf('suggestion');
const CONFIRMED = 1 << TOKEN_MODIFIERS.indexOf('confirmed');

/** Push the tokens of `spans` (sorted) that intersect [from, to) into `builder`. */
export function pushTokens(builder: SemanticTokensBuilder, doc: OffsetMapper, text: string, spans: readonly ShownSpan[], from = 0, to = Infinity): void {
  for (const s of spans) {
    if (s.end <= from) continue;
    if (s.start >= to) break;
    const type = TYPE_INDEX[s.label];
    if (type === undefined) continue;
    const mods = s.confirmed ? CONFIRMED : SUGGESTION;
    for (const p of splitPerLine(doc, text, s.start, s.end)) builder.push(p.line, p.character, p.length, type, mods);
  }
}

/**
 * Keeps the last full result of each document so `full/delta` can answer
 * with edits (cheap: the builder diffs common prefix and suffix).
 */
export class SemanticTokensCache {
  private readonly builders = new Map<string, SemanticTokensBuilder>();

  full(uri: string, fill: (b: SemanticTokensBuilder) => void): SemanticTokens {
    const b = new SemanticTokensBuilder();
    fill(b);
    this.builders.set(uri, b);
    return b.build();
  }

  delta(uri: string, previousResultId: string, fill: (b: SemanticTokensBuilder) => void): SemanticTokens | SemanticTokensDelta {
    let b = this.builders.get(uri);
    if (!b) {
      b = new SemanticTokensBuilder();
      this.builders.set(uri, b);
    }
    b.previousResult(previousResultId);
    fill(b);
    return b.buildEdits();
  }

  range(fill: (b: SemanticTokensBuilder) => void): SemanticTokens {
    const b = new SemanticTokensBuilder();
    fill(b);
    return b.build();
  }

  forget(uri: string): void {
    this.builders.delete(uri);
  }
}

/** Decode LSP token data back into absolute tokens (tests, benchmarks, debugging). */
export function decodeTokens(data: readonly number[]): Array<{ line: number; character: number; length: number; type: string; modifiers: string[] }> {
  const out = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 5 <= data.length; i += 5) {
    const dl = data[i]!;
    line += dl;
    character = dl === 0 ? character + data[i + 1]! : data[i + 1]!;
    const mods: string[] = [];
    TOKEN_MODIFIERS.forEach((m, k) => {
      if (data[i + 4]! & (1 << k)) mods.push(m);
    });
    out.push({ line, character, length: data[i + 2]!, type: TOKEN_TYPES[data[i + 3]!] ?? String(data[i + 3]), modifiers: mods });
  }
  return out;
}
