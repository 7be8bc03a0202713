/**
 * Warm-up of the whole editor path before the first document arrives.
 *
 * V8 optimises a function only after it has run hot, and throws the
 * optimised code away when it meets a branch or an object shape it has not
 * seen. An article opened right after start-up was therefore analysed about
 * 1.5 times slower than the next one. The recogniser's own warm-up covers the
 * core; this runs one of its generated articles the way an editor's requests
 * do: range tokens on open, the whole-document analysis through the paragraph
 * cache and the document-pass memo, shown spans and full tokens, then an
 * edit and its re-analysis.
 */
import { SemanticTokensBuilder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ENTITY_LABELS } from '../core/types';
import type { Recognizer } from '../core/recognizer';
import { DocumentAnalyzer } from './documents';
import { mergeSpans } from './entities';
import { pushTokens } from './semanticTokens';

/**
 * Warm up the recogniser and the editor path. Costs a little more than the
 * recogniser's own warm-up (about 10 % more start-up): its last article goes
 * through the editor path instead, and then an edited version of it.
 */
export async function warmUpEditorPath(recognizer: Recognizer): Promise<void> {
  recognizer.warmUpTransliteration();
  const docs = recognizer.warmUpDocuments();
  for (const text of docs.slice(0, -1)) recognizer.recognize(text, new Map());
  const text = docs[docs.length - 1];
  if (text === undefined) return;
  const analyzer = new DocumentAnalyzer(recognizer);
  const labels = new Set<string>(ENTITY_LABELS);
  const uri = 'warmup:article';
  // An edit in the middle: the second version is served provisionally, then re-analysed (one paragraph and the document pass).
  const mid = text.indexOf('\n', text.length >> 1) + 1;
  const versions = [text, text.slice(0, mid) + 'श्री ' + text.slice(mid)];
  for (let v = 0; v < versions.length; v++) {
    const doc = TextDocument.create(uri, 'hindi-news', v + 1, versions[v]!);
    const visible = mergeSpans(analyzer.analyzeWindow(doc, 0, 4000, 5).spans, undefined, labels);
    pushTokens(new SemanticTokensBuilder(), doc, doc.getText(), visible, 0, 4000);
    if (v > 0) analyzer.provisional(doc);
    const analysis = await analyzer.analyze(doc);
    if (!analysis) continue;
    const builder = new SemanticTokensBuilder();
    pushTokens(builder, doc, doc.getText(), mergeSpans(analysis.spans, undefined, labels));
    builder.build();
  }
  analyzer.forget(uri);
}

/** Rounds over the short paragraphs: enough calls for V8 to optimise the once-per-paragraph functions (measured with --trace-opt). */
const IDLE_ROUNDS = 3;
/** Short paragraphs per slice: a few milliseconds of work between two turns of the event loop. */
const IDLE_CHUNK = 40;
/**
 * Quiet time before it starts: an editor that starts the server for an article opens it right
 * after `initialize`, and slices run between its first requests made that article slower.
 */
const IDLE_DELAY_MS = 500;

/**
 * More warm-up once `initialize` has answered and the server has been idle for `delayMs`, in
 * slices that each leave the event loop a turn: `busy()` is asked before every slice, and once it
 * says yes (a document is open) the warm-up stops for good, so it never shares the CPU with an
 * article.
 *
 * Why: the functions that run once per paragraph (the paragraph analysis, the tagger's and the
 * name rules' drivers, the date scanner) need thousands of calls before V8 optimises them, and
 * the warm-up `initialize` waits for gives them about a thousand: they were optimised only during
 * the first article, which took about 20% more CPU for it. The generated text cut into short
 * paragraphs gives them the calls (about 0.4 s of CPU, in the background).
 *
 * Returns true when it ran to the end, false when `busy()` stopped it.
 */
export async function warmUpWhileIdle(recognizer: Recognizer, busy: () => boolean, delayMs = IDLE_DELAY_MS): Promise<boolean> {
  await new Promise<void>((resolve) => setTimeout(resolve, delayMs));
  if (busy()) return false;
  const first = recognizer.warmUpDocuments()[0];
  if (first === undefined) return true;
  const paragraphs = first.split('\n').flatMap((line) => line.split(/(?<=[,।])\s+/));
  for (let round = 0; round < IDLE_ROUNDS; round++) {
    for (let k = 0; k < paragraphs.length; k += IDLE_CHUNK) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (busy()) return false;
      recognizer.recognize(paragraphs.slice(k, k + IDLE_CHUNK).join('\n'), new Map());
    }
  }
  return true;
}
