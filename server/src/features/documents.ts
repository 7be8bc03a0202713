/**
 * Per-document analysis: a paragraph cache per open document (so an edit
 * re-analyses only the paragraphs it touched), the latest result per version,
 * cancellable work that yields to the event loop, and windowed analysis for
 * documents above the size limit.
 */
import type { CancellationToken } from 'vscode-languageserver';
import { findPublicationDate } from '../core/dates';
import { paragraphKey, type DocumentAnalysis, type ParagraphAnalysis, type ParagraphCache, type Recognizer } from '../core/recognizer';

export { paragraphKey };

/** The part of a text document analysis needs (`TextDocument` satisfies it). */
export interface VersionedText {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/**
 * A paragraph cache that remembers which keys one recognition used, so
 * paragraphs that no longer exist can be dropped afterwards.
 */
class TrackingCache extends Map<string, ParagraphAnalysis> {
  touched: Set<string> | undefined;
  override get(key: string): ParagraphAnalysis | undefined {
    this.touched?.add(key);
    return super.get(key);
  }
  override has(key: string): boolean {
    this.touched?.add(key);
    return super.has(key);
  }
  override set(key: string, value: ParagraphAnalysis): this {
    this.touched?.add(key);
    return super.set(key, value);
  }
  prune(): void {
    const keep = this.touched;
    this.touched = undefined;
    if (!keep) return;
    for (const k of this.keys()) if (!keep.has(k)) this.delete(k);
  }
}

interface DocState {
  cache: TrackingCache;
  result?: { version: number; analysis: DocumentAnalysis; text: string };
  running?: { version: number; promise: Promise<DocumentAnalysis | undefined> };
  timer?: NodeJS.Timeout;
}

/** Time slice after which paragraph analysis yields to the event loop (lets cancellations and other requests in). */
const SLICE_MS = 15;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Paragraph keys are copied out of the document text: V8 substrings keep
 * their parent alive, and a cache key must not pin an old 1 MB version.
 */
function ownString(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

export class DocumentAnalyzer {
  private readonly states = new Map<string, DocState>();

  constructor(private recognizer: Recognizer) {}

  /** Replace the recogniser (the knowledge base changed): every cached analysis is stale. */
  setRecognizer(r: Recognizer): void {
    this.recognizer = r;
    for (const s of this.states.values()) {
      s.cache.clear();
      s.result = undefined;
      s.running = undefined;
    }
  }

  private state(uri: string): DocState {
    let s = this.states.get(uri);
    if (!s) {
      s = { cache: new TrackingCache() };
      this.states.set(uri, s);
    }
    return s;
  }

  /** True when some version of the document has been analysed whole (or is being analysed). */
  analyzedBefore(uri: string): boolean {
    const st = this.states.get(uri);
    return !!st && (st.result !== undefined || st.running !== undefined);
  }

  /** The analysis of this exact version if it is already done. */
  peek(doc: VersionedText): DocumentAnalysis | undefined {
    const r = this.states.get(doc.uri)?.result;
    return r && r.version === doc.version ? r.analysis : undefined;
  }

  /**
   * Analyse the whole document (cached per version). New paragraphs are
   * analysed in time slices between which cancellation is checked; returns
   * undefined when cancelled.
   */
  analyze(doc: VersionedText, token?: CancellationToken): Promise<DocumentAnalysis | undefined> {
    const st = this.state(doc.uri);
    if (st.result?.version === doc.version) return Promise.resolve(st.result.analysis);
    if (st.running?.version === doc.version) {
      const shared = st.running.promise;
      // A cancelled first caller must not cancel the others: retry without its token.
      return shared.then((a) => a ?? (token?.isCancellationRequested ? undefined : this.analyze(doc, token)));
    }
    const version = doc.version;
    const promise = this.run(doc, st, token).finally(() => {
      if (st.running?.promise === promise) st.running = undefined;
    });
    st.running = { version, promise };
    return promise;
  }

  /** Synchronous whole-document analysis (benchmarks, tests, small documents). */
  analyzeNow(doc: VersionedText): DocumentAnalysis {
    const st = this.state(doc.uri);
    if (st.result?.version === doc.version) return st.result.analysis;
    const analysis = this.recognizeTracked(st, doc.getText());
    st.result = { version: doc.version, analysis, text: doc.getText() };
    return analysis;
  }

  private async run(doc: VersionedText, st: DocState, token?: CancellationToken): Promise<DocumentAnalysis | undefined> {
    const version = doc.version;
    const text = doc.getText();
    const recognizer = this.recognizer;
    const publication = findPublicationDate(text);
    // Warm the cache paragraph by paragraph so the final recognise() only does the cheap document pass.
    let sliceStart = Date.now();
    let lineStart = 0;
    while (lineStart <= text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      const para = text.slice(lineStart, lineEnd);
      if (para.length > 0 && !st.cache.has(paragraphKey(publication, para))) {
        // One private copy per paragraph: the key, whose tail the analysis reuses.
        const key = ownString(paragraphKey(publication, para));
        st.cache.set(key, recognizer.analyzeParagraph(key.slice(key.length - para.length), publication));
        if (Date.now() - sliceStart > SLICE_MS) {
          await yieldToEventLoop();
          if (token?.isCancellationRequested || recognizer !== this.recognizer) return undefined;
          sliceStart = Date.now();
        }
      }
      lineStart = lineEnd + 1;
    }
    if (token?.isCancellationRequested || recognizer !== this.recognizer) return undefined;
    if (st.result?.version === version) return st.result.analysis;
    const analysis = this.recognizeTracked(st, text);
    if (!st.result || st.result.version <= version) st.result = { version, analysis, text };
    return analysis;
  }

  /**
   * A provisional analysis of an edited document, without the document pass:
   * spans of the last exact analysis outside the edited paragraphs (shifted),
   * paragraph-level spans inside them. Exact except where the edit changes
   * what the document pass links elsewhere (a lone surname made or unmade),
   * which the exact analysis that follows corrects. Undefined when there is
   * no earlier analysis or the publication date changed.
   */
  provisional(doc: VersionedText): DocumentAnalysis | undefined {
    const st = this.states.get(doc.uri);
    const prev = st?.result;
    if (!st || !prev || prev.version >= doc.version) return undefined;
    const text = doc.getText();
    const old = prev.text;
    const publication = findPublicationDate(text);
    if (publication !== prev.analysis.publication) return undefined;
    const max = Math.min(old.length, text.length);
    let p = 0;
    while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
    let q = 0;
    while (q < max - p && old.charCodeAt(old.length - 1 - q) === text.charCodeAt(text.length - 1 - q)) q++;
    const delta = text.length - old.length;
    // Whole paragraphs around the change, in new-text offsets.
    const ps = p === 0 ? 0 : text.lastIndexOf('\n', p - 1) + 1;
    let pe = text.indexOf('\n', text.length - q);
    if (pe < 0) pe = text.length;
    const spans = prev.analysis.spans.filter((sp) => sp.end <= ps);
    for (let o = ps; o <= pe; ) {
      let nl = text.indexOf('\n', o);
      if (nl < 0 || nl > pe) nl = pe;
      if (nl > o) {
        const para = text.slice(o, nl);
        const key = paragraphKey(publication, para);
        let a = st.cache.get(key);
        if (!a) {
          const own = ownString(key);
          a = this.recognizer.analyzeParagraph(own.slice(own.length - para.length), publication);
          st.cache.set(own, a);
        }
        for (const sp of a.spans) spans.push({ ...sp, start: sp.start + o, end: sp.end + o });
      }
      o = nl + 1;
    }
    for (const sp of prev.analysis.spans) if (sp.start >= pe - delta && sp.start >= ps) spans.push({ ...sp, start: sp.start + delta, end: sp.end + delta });
    return { spans, skipped: prev.analysis.skipped, ...(publication ? { publication } : {}) };
  }

  private recognizeTracked(st: DocState, text: string): DocumentAnalysis {
    st.cache.touched = new Set();
    try {
      return this.recognizer.recognize(text, st.cache);
    } finally {
      st.cache.prune();
    }
  }

  /**
   * Analyse only the lines around [start, end) (for documents above the size
   * limit); offsets in the result are document offsets. Lone surnames whose
   * full name lies outside the window stay unlinked.
   */
  analyzeWindow(doc: VersionedText, start: number, end: number, contextLines = 20): DocumentAnalysis {
    const text = doc.getText();
    const lineStart = (pos: number) => (pos <= 0 ? 0 : text.lastIndexOf('\n', pos - 1) + 1);
    let ws = lineStart(Math.min(start, text.length));
    for (let n = 0; n < contextLines && ws > 0; n++) ws = lineStart(ws - 1);
    let we = text.indexOf('\n', Math.max(ws, end));
    if (we < 0) we = text.length;
    for (let n = 0; n < contextLines && we < text.length; n++) {
      const i = text.indexOf('\n', we + 1);
      we = i < 0 ? text.length : i;
    }
    const st = this.state(doc.uri);
    // Windows share the document's cache but must not prune what other windows use.
    const a = this.recognizer.recognize(text.slice(ws, we), st.cache);
    // (Not while a whole-document analysis is filling the same cache.)
    if (st.cache.size > 5000 && !st.running) st.cache.clear();
    return {
      ...a,
      spans: a.spans.map((s) => ({ ...s, start: s.start + ws, end: s.end + ws })),
      skipped: a.skipped.map(([s, e]) => [s + ws, e + ws] as [number, number]),
    };
  }

  /** Run `fn` once the document has been quiet for `ms` (one timer per document). */
  debounce(uri: string, ms: number, fn: () => void): void {
    const st = this.state(uri);
    if (st.timer) clearTimeout(st.timer);
    st.timer = setTimeout(() => {
      st.timer = undefined;
      fn();
    }, ms);
  }

  forget(uri: string): void {
    const st = this.states.get(uri);
    if (st?.timer) clearTimeout(st.timer);
    this.states.delete(uri);
  }

  /** Paragraph cache size of one document (tests check that edits keep it bounded). */
  cacheSize(uri: string): number {
    return this.states.get(uri)?.cache.size ?? 0;
  }
}

export type { ParagraphCache };
