/**
 * Shared vocabulary of the pure core. Everything here is plain data: no
 * `vscode` and no LSP types, so every editor and the command line share it.
 *
 * Offsets inside the core are JavaScript string indices (UTF-16 code units)
 * into the raw text. Conversion to code points (exports, CLI) and to LSP
 * line/character positions happens at those boundaries only.
 */

/** The labels the recogniser produces. Annotators may add more (see `hindiNews.labels`). */
export type EntityLabel = 'PERSON' | 'PARTY' | 'DATE';

export const ENTITY_LABELS: readonly EntityLabel[] = ['PERSON', 'PARTY', 'DATE'];

/** Why a span was found; hovers show it so a suggestion explains itself. */
export type SpanSource = 'kb' | 'rule' | 'tagger' | 'date-grammar' | 'learned';

/** The normalised value of a DATE span. */
export interface DateValue {
  /** ISO 8601 value when the date is absolute or could be resolved: `2023-12-19`, `2023-12`, `2024`. */
  iso?: string;
  /**
   * The relative reading when the text gives no anchor, for example
   * `day-1` (कल, past), `day+1`, `year+1` (अगले साल), `month-1`, `week+0`,
   * `weekday:3` (a Wednesday). Kept even when `iso` was resolved.
   */
  relative?: string;
  /** How the value was obtained, in words, for hovers: "absolute", "resolved against publication date 2023-10-20", … */
  resolution: string;
}

/** A recognised mention. */
export interface Span {
  /** UTF-16 offset of the first code unit in the raw text. */
  start: number;
  /** UTF-16 offset one past the last code unit (exclusive). */
  end: number;
  label: EntityLabel;
  /** The raw text covered, exactly as written. */
  text: string;
  source: SpanSource;
  /** A short human explanation: "knowledge base", "after title 'अध्यक्ष'", "tagger (0.93)", … */
  reason: string;
  /** Knowledge-base id of the linked entity, when linked. */
  entityId?: string;
  /** For DATE spans. */
  date?: DateValue;
  /**
   * How sure the recogniser is, in [0, 1]: high for a knowledge-base name written in full
   * or an absolute date, the tagger's margin for a name no list knows, lower for weak rules.
   * Calibrated only roughly; meant for ordering suggestions for review. Every recogniser span
   * has one; spans from elsewhere (annotations) may not.
   */
  confidence?: number;
}
