/**
 * The knowledge base the server runs with: the built-in one extended by the
 * workspace's extra files (`hindiNews.knowledgeBase.files`), each validated
 * on its own so its errors can be shown in that file.
 */
import { builtinKnowledgeBase } from '../core/kb/builtin';
import { mergeKnowledgeBases, parseKbFile, type KbError, type KbPart, type KnowledgeBase } from '../core/kb/load';

export class KnowledgeBaseStore {
  private readonly extra = new Map<string, { text: string; errors: KbError[]; part: KbPart }>();
  private merged: { kb: KnowledgeBase; errors: KbError[] } | undefined;
  private builtinFailure: string | undefined;

  /** Why the built-in knowledge base could not be loaded (a packaging bug), if it could not. */
  get failure(): string | undefined {
    this.current();
    return this.builtinFailure;
  }

  /** Add or update an extra file; returns false when its text did not change. */
  set(uri: string, text: string): boolean {
    if (this.extra.get(uri)?.text === text) return false;
    let parsed: ReturnType<typeof parseKbFile>;
    try {
      parsed = parseKbFile(uri, text);
    } catch (e) {
      // One unreadable file fails alone, with a diagnostic; the scan goes on with the others.
      parsed = { persons: [], parties: [], errors: [{ file: uri, line: 0, message: `cannot read this knowledge-base file: ${(e as Error).message}` }] };
    }
    this.extra.set(uri, { text, errors: parsed.errors, part: { file: uri, persons: parsed.persons, parties: parsed.parties } });
    this.merged = undefined;
    return true;
  }

  remove(uri: string): boolean {
    const had = this.extra.delete(uri);
    if (had) this.merged = undefined;
    return had;
  }

  has(uri: string): boolean {
    return this.extra.has(uri);
  }

  uris(): string[] {
    return [...this.extra.keys()];
  }

  current(): KnowledgeBase {
    if (!this.merged) {
      let builtin: KnowledgeBase = { persons: [], parties: [], personById: new Map(), partyById: new Map() };
      try {
        builtin = builtinKnowledgeBase();
        this.builtinFailure = undefined;
      } catch (e) {
        this.builtinFailure = e instanceof Error ? e.message : String(e);
      }
      if (this.extra.size === 0) this.merged = { kb: builtin, errors: [] };
      else {
        const parts = [{ file: '<built-in>', persons: builtin.persons, parties: builtin.parties }, ...[...this.extra.values()].map((e) => e.part)];
        this.merged = mergeKnowledgeBases(parts);
      }
    }
    return this.merged.kb;
  }

  /** Validation errors of one extra file, including references it makes that the merged knowledge base cannot resolve. */
  errorsFor(uri: string): KbError[] {
    const e = this.extra.get(uri);
    if (!e) return [];
    this.current();
    return [...e.errors, ...(this.merged?.errors ?? []).filter((m) => m.file === uri)];
  }
}
