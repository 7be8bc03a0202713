/**
 * Semantic tokens: one token per line piece of each shown span, typed by
 * label, modified by `suggestion` (recogniser) or `confirmed` (annotation).
 */
import { LSPErrorCodes, ResponseError, SemanticTokensBuilder } from 'vscode-languageserver';
import type { CancellationToken, SemanticTokens, SemanticTokensDelta, SemanticTokensDeltaParams, SemanticTokensParams, SemanticTokensRangeParams } from 'vscode-languageserver';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../protocol';
import type { ServerContext } from './context';
import type { ShownSpan } from './entities';
import { isLarge } from './openDocuments';
import { rangeToOffsets, splitPerLine, type OffsetMapper } from './positions';
import { cancelled } from './spanUnder';

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

/** Refusing (rather than answering empty) keeps the client's range tokens on screen. */
const rangeOnly = () => new ResponseError<void>(LSPErrorCodes.ServerCancelled, 'document above hindiNews.maxFullDocumentSize: range tokens only');

/** `textDocument/semanticTokens/full`. */
export async function onFullTokens(ctx: ServerContext, p: SemanticTokensParams, token: CancellationToken) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h) return { data: [] };
  if (isLarge(h.doc, h.s)) {
    ctx.analysis.warnLarge(h.doc, h.s);
    return rangeOnly();
  }
  const spans = await ctx.shown.forTokens(h.doc, h.s, token);
  if (!spans) return cancelled();
  const text = h.doc.getText();
  return ctx.tokens.full(h.doc.uri, (b) => pushTokens(b, h.doc, text, spans));
}

/** `textDocument/semanticTokens/full/delta`. */
export async function onDeltaTokens(ctx: ServerContext, p: SemanticTokensDeltaParams, token: CancellationToken) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h) return { data: [] };
  if (isLarge(h.doc, h.s)) return rangeOnly();
  const spans = await ctx.shown.forTokens(h.doc, h.s, token);
  if (!spans) return cancelled();
  const text = h.doc.getText();
  return ctx.tokens.delta(h.doc.uri, p.previousResultId, (b) => pushTokens(b, h.doc, text, spans));
}

/** `textDocument/semanticTokens/range`. */
export async function onRangeTokens(ctx: ServerContext, p: SemanticTokensRangeParams, token: CancellationToken) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h) return { data: [] };
  const [from, to] = rangeToOffsets(h.doc, p.range);
  const text = h.doc.getText();
  const spans = await ctx.shown.forRange(h.doc, h.s, from, to, token);
  if (!spans) return cancelled();
  return ctx.tokens.range((b) => pushTokens(b, h.doc, text, spans, from, to));
}
