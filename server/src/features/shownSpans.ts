/**
 * The spans shown for each open document (recogniser suggestions merged with
 * the annotator's annotations, filtered by label), cached per document
 * version, label set and annotation generation; and the provisional spans
 * served for long documents right after an edit.
 */
import type { CancellationToken } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalyzer } from './documents';
import { mergeSpans, type AnnotationSource, type ShownSpan } from './entities';
import { isLarge, shownLabels, type OpenDocuments } from './openDocuments';
import type { HindiNewsSettings } from './settings';

/** How long a document must be quiet before background analysis (status-bar counts). */
export const DEBOUNCE_MS = 250;
/** Documents at least this long (UTF-16 units) get provisional tokens right after an edit. */
export const PROVISIONAL_MIN_LENGTH = 100_000;

const labelsKey = (s: HindiNewsSettings) => [...shownLabels(s)].join(',');
const signature = (spans: readonly ShownSpan[]) => spans.map((x) => `${x.start},${x.end},${x.label},${x.confirmed ? 1 : 0}`).join(';');

export class ShownSpansCache {
  /** Per article: bumped when its annotations change, so a shown-spans computation begun before the change is not cached. */
  private readonly generation = new Map<string, number>();
  /** Articles whose shown spans may include annotations (confirmed or rejected). */
  private readonly annotated = new Set<string>();
  private readonly cache = new Map<string, { version: number; key: string; spans: ShownSpan[] }>();
  /** Provisional token spans served per document (version and a signature), to refresh once the exact analysis differs. */
  private readonly provisionalServed = new Map<string, { version: number; signature: string }>();

  /** `schedule` starts a background analysis of the document after `delay` ms. */
  constructor(
    private readonly docs: OpenDocuments,
    private readonly analyzer: DocumentAnalyzer,
    private readonly annotations: AnnotationSource,
    private readonly schedule: (doc: TextDocument, delay: number) => void,
  ) {}

  /**
   * The annotations of `uri` changed: returns false when nothing shown can
   * differ (an article without annotations loaded, still without any). With a
   * thousand articles open, re-analysing every open article after each load
   * was quadratic.
   */
  annotationsChanged(uri: string): boolean {
    const a = this.annotations.annotations(uri);
    const any = !!a && (a.confirmed.length > 0 || a.rejected.length > 0 || (a.suggestions?.length ?? 0) > 0);
    if (!any && !this.annotated.delete(uri)) return false;
    if (any) this.annotated.add(uri);
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    this.cache.delete(uri);
    return true;
  }

  private key(uri: string, s: HindiNewsSettings): string {
    return `${labelsKey(s)}|${this.generation.get(uri) ?? 0}`;
  }

  /** Shown spans of the whole document; undefined when cancelled. */
  async shown(doc: TextDocument, s: HindiNewsSettings, token?: CancellationToken): Promise<ShownSpan[] | undefined> {
    const key = this.key(doc.uri, s);
    const c = this.cache.get(doc.uri);
    if (c && c.version === doc.version && c.key === key) return c.spans;
    // `doc` is the live document: an edit during the analysis raises its version, and the spans of the
    // text before would be cached (and served) as those of the text after it, at offsets that moved.
    const version = doc.version;
    const a = await this.analyzer.analyze(doc, token);
    if (!a) return undefined;
    const spans = mergeSpans(a.spans, this.annotations.annotations(doc.uri), shownLabels(s));
    if (doc.version === version && this.docs.get(doc.uri)?.version === version) this.cache.set(doc.uri, { version, key, spans });
    return spans;
  }

  /**
   * Spans for full/delta semantic tokens. Right after an edit to a long
   * document the exact analysis costs a document pass over the whole text;
   * tokens then come from the provisional analysis (only the edited
   * paragraphs re-analysed) and the exact one follows in the background,
   * refreshing the editor if it differs.
   */
  async forTokens(doc: TextDocument, s: HindiNewsSettings, token: CancellationToken): Promise<ShownSpan[] | undefined> {
    const c = this.cache.get(doc.uri);
    const key = this.key(doc.uri, s);
    if (c && c.version === doc.version && c.key === key) return c.spans;
    if (doc.getText().length >= PROVISIONAL_MIN_LENGTH && !this.analyzer.peek(doc)) {
      const a = this.analyzer.provisional(doc);
      if (a) {
        const spans = mergeSpans(a.spans, this.annotations.annotations(doc.uri), shownLabels(s));
        this.provisionalServed.set(doc.uri, { version: doc.version, signature: signature(spans) });
        this.schedule(doc, DEBOUNCE_MS);
        return spans;
      }
    }
    return this.shown(doc, s, token);
  }

  /** Shown spans around [start, end): the whole document when small, a window of lines when above the size limit. */
  async around(doc: TextDocument, s: HindiNewsSettings, start: number, end: number, token?: CancellationToken): Promise<ShownSpan[] | undefined> {
    if (!isLarge(doc, s)) return this.shown(doc, s, token);
    return mergeSpans(this.analyzer.analyzeWindow(doc, start, end).spans, this.annotations.annotations(doc.uri), shownLabels(s));
  }

  /**
   * Spans for range tokens. A long document not analysed yet: the visible
   * lines now, the whole in the background (at once when just opened; after
   * an edit, once typing pauses).
   */
  async forRange(doc: TextDocument, s: HindiNewsSettings, from: number, to: number, token: CancellationToken): Promise<ShownSpan[] | undefined> {
    if (doc.getText().length >= PROVISIONAL_MIN_LENGTH && !this.analyzer.peek(doc) && !isLarge(doc, s)) {
      this.schedule(doc, this.analyzer.analyzedBefore(doc.uri) ? DEBOUNCE_MS : 0);
      return mergeSpans(this.analyzer.analyzeWindow(doc, from, to, 5).spans, this.annotations.annotations(doc.uri), shownLabels(s));
    }
    return this.around(doc, s, from, to, token);
  }

  /**
   * The exact analysis of `uri` at `version` finished with `spans`: true when
   * provisional tokens served for that version differ from them (the editor
   * should ask again).
   */
  provisionalDiffers(uri: string, version: number, spans: readonly ShownSpan[]): boolean {
    const served = this.provisionalServed.get(uri);
    if (served?.version !== version) return false;
    this.provisionalServed.delete(uri);
    return served.signature !== signature(spans);
  }

  /** Settings or the knowledge base changed: nothing cached holds. */
  clear(): void {
    this.cache.clear();
  }

  /** The document closed. */
  forget(uri: string): void {
    this.cache.delete(uri);
    this.provisionalServed.delete(uri);
    this.generation.delete(uri);
    this.annotated.delete(uri);
  }
}
