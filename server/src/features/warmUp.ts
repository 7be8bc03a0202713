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
