/**
 * The language server's first full semantic tokens of a novel 1 MB article, taken apart in a
 * fresh process: the recognition (paragraphs and document pass, as the server's
 * `DocumentAnalyzer` runs them), the tokens (spans merged for display, split per line, UTF-16
 * lines and characters, the LSP encoding) and the JSON the protocol writes. What the server's
 * figure (bench/lsp.mjs) holds beyond their sum is the protocol, the event loop and the slices
 * in which the analysis yields to other requests.
 *
 * `warmed`: after the server's own warm-up (`warmUpEditorPath`, what `initialize` runs before it
 * answers), so the article meets the code the server's first article meets; without it, the
 * article meets fresh code (a server that did not warm up).
 */
import { SemanticTokensBuilder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Recognizer } from '../server/src/core/recognizer';
import { ENTITY_LABELS } from '../server/src/core/types';
import { DocumentAnalyzer } from '../server/src/features/documents';
import { mergeSpans } from '../server/src/features/entities';
import { pushTokens } from '../server/src/features/semanticTokens';
import { warmUpEditorPath } from '../server/src/features/warmUp';
import { novelArticle, type Corpus } from './corpus';

/** Milliseconds of each part, in one fresh process. */
export interface FirstArticleParts {
  warmUpMs: number;
  recognitionMs: number;
  tokensMs: number;
  jsonMs: number;
  tokens: number;
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

export async function firstArticleParts(corpus: Corpus, warmed: boolean, bytes = 1_000_000): Promise<FirstArticleParts> {
  const article = novelArticle(corpus, bytes);
  const recognizer = new Recognizer();
  let t = now();
  if (warmed) await warmUpEditorPath(recognizer);
  const warmUpMs = now() - t;
  const doc = TextDocument.create('untitled:bench-1mb', 'hindi-news', 1, article);
  const analyzer = new DocumentAnalyzer(recognizer);
  t = now();
  const analysis = await analyzer.analyze(doc);
  const recognitionMs = now() - t;
  if (!analysis) throw new Error('the analysis of the bench article was cancelled');
  t = now();
  const builder = new SemanticTokensBuilder();
  pushTokens(builder, doc, doc.getText(), mergeSpans(analysis.spans, undefined, new Set<string>(ENTITY_LABELS)));
  const result = builder.build();
  const tokensMs = now() - t;
  t = now();
  JSON.stringify({ jsonrpc: '2.0', id: 1, result });
  const jsonMs = now() - t;
  return { warmUpMs, recognitionMs, tokensMs, jsonMs, tokens: result.data.length / 5 };
}
