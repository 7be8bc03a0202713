/**
 * Everything the client and the server must agree on beyond standard LSP,
 * declared once and imported by both sides (the client bundle imports this
 * file too, so it depends on nothing but the protocol package).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Review status of an article (kept in its sidecar): never touched, being reviewed, finished. */
export type ReviewStatus = 'new' | 'inProgress' | 'done';

/** Language id of articles contributed by the extension. */
export const LANGUAGE_ID = 'hindi-news';

/**
 * Semantic token legend. The client declares the same types and modifiers in
 * package.json (`semanticTokenTypes`, `semanticTokenModifiers`); the order
 * here is the wire encoding, so append, never reorder.
 */
export const TOKEN_TYPES = ['person', 'party', 'date'] as const;
export const TOKEN_MODIFIERS = ['suggestion', 'confirmed'] as const;
export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** Counts per label for one document, for the status bar. */
export interface DocumentStats {
  uri: string;
  /** Document version the counts belong to. */
  version: number;
  counts: { PERSON: number; PARTY: number; DATE: number };
  /** Distinct entities per label (mentions of one person count once). */
  entities: { PERSON: number; PARTY: number; DATE: number };
  /**
   * True when the document is above `hindiNews.maxFullDocumentSize`: only the
   * visible range is analysed and the counts are not computed (all zero).
   */
  limited: boolean;
  /** Confirmed annotations shown (tagged by hand or accepted). */
  confirmed: number;
  /** Suggestions the annotator rejected (restorable). */
  rejected?: number;
  /** The article's review status. */
  status?: ReviewStatus;
  /** Suggestions the recogniser made, reviewed or not. */
  suggested: number;
  /** Suggestions still waiting for review: neither accepted, rejected nor covered by a tag. */
  unreviewed: number;
}

export interface DocumentStatsParams {
  textDocument: { uri: string };
}

/**
 * `hindiNews/documentStats`: counts per label for an open document, or null
 * when the server does not handle the document (not Hindi news).
 */
export namespace DocumentStatsRequest {
  export const method = 'hindiNews/documentStats' as const;
  export const type = new RequestType<DocumentStatsParams, DocumentStats | null, void>(method);
}

/**
 * `hindiNews/documentStatsChanged`: pushed by the server after each
 * (debounced) analysis of an open document, so the status bar follows edits
 * without polling.
 */
export namespace DocumentStatsNotification {
  export const method = 'hindiNews/documentStatsChanged' as const;
  export const type = new NotificationType<DocumentStats>(method);
}

/** Server health for the client's status item and output channel. */
export interface ServerStatusParams {
  state: 'ok' | 'warning' | 'error';
  message?: string;
}

/** `hindiNews/status`: sent when the server's state changes (for example an extra knowledge-base file failed to load). */
export namespace ServerStatusNotification {
  export const method = 'hindiNews/status' as const;
  export const type = new NotificationType<ServerStatusParams>(method);
}

/**
 * Commands the server executes (`workspace/executeCommand`). Each takes one
 * plain-JSON argument (positions and ranges are LSP positions, UTF-16
 * columns) and, except `reanalyze`, answers a {@link CommandResult}. The ids
 * differ from the VS Code commands (`hindiNews.tagPerson`, …) because the
 * language client registers every server command under its own id.
 */
export namespace Commands {
  /** Drop every cache (paragraphs, workspace index, knowledge base) and analyse again. Arguments: none. */
  export const reanalyze = 'hindiNews.server.reanalyze';
  /** Tag a selection. Argument: {@link TagArgs}. */
  export const tag = 'hindiNews.server.tag';
  /** Remove the tag under the cursor, or an orphan by id. Argument: {@link PositionArgs} (with `id` for an orphan). */
  export const removeTag = 'hindiNews.server.removeTag';
  /** Accept the suggestion under the cursor, optionally with another label. Argument: {@link PositionArgs}. */
  export const accept = 'hindiNews.server.accept';
  /** Accept every unreviewed suggestion of the article. Argument: `{uri}`. */
  export const acceptAll = 'hindiNews.server.acceptAll';
  /** Reject the suggestion under the cursor. Argument: {@link PositionArgs}. */
  export const reject = 'hindiNews.server.reject';
  /** Change the label of the tag under the cursor. Argument: {@link PositionArgs} with `label`. */
  export const relabel = 'hindiNews.server.relabel';
  /**
   * Next unreviewed suggestion: the first that starts at or after the position
   * (wraps around); the result has its `range`, or the `uri` of the next
   * article to review when this one has none left. Select the range with the
   * cursor at its end and the next call moves on. Argument: {@link PositionArgs}.
   */
  export const nextUnreviewed = 'hindiNews.server.nextUnreviewed';
  /** Previous unreviewed suggestion: the last that ends before the position (wraps around; `uri` as for next). Argument: {@link PositionArgs}. */
  export const previousUnreviewed = 'hindiNews.server.previousUnreviewed';
  /** Link the tag (or suggestion, which is then accepted) under the cursor to a knowledge-base entity. Argument: {@link LinkEntityArgs}. */
  export const linkEntity = 'hindiNews.server.linkEntity';
  /** Add the tagged name under the cursor to the workspace knowledge base (`hindi-news.hnkb.json`). Argument: {@link AddToKbArgs}. */
  export const addToKnowledgeBase = 'hindiNews.server.addToKnowledgeBase';
  /** Export annotations with `$/progress` and cancellation. Argument: {@link ExportArgs}; the result has the summary. */
  export const exportAnnotations = 'hindiNews.server.export';
  /**
   * Set the article's review status. Argument: {@link SetStatusArgs}. Marking
   * `done` while unreviewed suggestions remain is refused with `unreviewed`
   * set, unless the argument says what to do with them; when some of them
   * cannot be accepted (inside a URL), the others are and it is refused with
   * `unreviewed` counting those left.
   */
  export const setStatus = 'hindiNews.server.setStatus';
  /** Undo the last annotation action of the article (tag, remove, accept, reject, relabel, accept all, resize, status). Argument: `{uri}`. */
  export const undo = 'hindiNews.server.undo';
  /** Redo the last undone annotation action of the article. Argument: `{uri}`. */
  export const redo = 'hindiNews.server.redo';
  /** Grow or shrink the tag under the cursor by one word at one edge. Argument: {@link ResizeArgs}. */
  export const resize = 'hindiNews.server.resize';
  /** Accept every unreviewed mention of the entity under the cursor, in the article or the workspace. Argument: {@link MentionsArgs}. */
  export const acceptMentions = 'hindiNews.server.acceptMentions';
  /** Reject every unreviewed suggestion of the string under the cursor, in the article or the workspace, and keep rejecting it. Argument: {@link MentionsArgs}. */
  export const rejectMentions = 'hindiNews.server.rejectMentions';
  /** Restore a rejected suggestion. Argument: {@link RestoreArgs}. */
  export const restoreRejected = 'hindiNews.server.restoreRejected';
  /** What the recogniser learned from the annotations of this workspace. Arguments: none. The result has `learned` ({@link LearnedSummary}). */
  export const showLearned = 'hindiNews.server.showLearned';
  /** Forget everything learned in this workspace (deletes `.hindi-news/model.json`): the shipped recogniser's suggestions again. Arguments: none. */
  export const resetLearned = 'hindiNews.server.resetLearned';
  /** Write the learned model to a file, for `hindi-news recognize --model`. Argument: {@link ExportLearnedArgs}. */
  export const exportLearned = 'hindiNews.server.exportLearned';

  /** Every command the server registers. */
  export const all = [
    reanalyze,
    tag,
    removeTag,
    accept,
    acceptAll,
    reject,
    relabel,
    nextUnreviewed,
    previousUnreviewed,
    linkEntity,
    addToKnowledgeBase,
    exportAnnotations,
    setStatus,
    undo,
    redo,
    resize,
    acceptMentions,
    rejectMentions,
    restoreRejected,
    showLearned,
    resetLearned,
    exportLearned,
  ];
}

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export interface TagArgs {
  uri: string;
  range: LspRange;
  /** `PERSON`, `PARTY`, `DATE` or a label from `hindiNews.labels.custom`. */
  label: string;
  /**
   * Tag exactly the selection (whole grapheme clusters, but possibly part of
   * a word). Without it the selection snaps to whole words: a part of a word
   * takes its word, whole words stay as selected, and spaces, punctuation and
   * postpositions at its edges are trimmed. Words inside a longer suggestion
   * are tagged as they are; the result offers the suggestion
   * (`suggestionRange`).
   */
  exact?: boolean;
}

export interface SetStatusArgs {
  uri: string;
  status: ReviewStatus;
  /** Marking `done`: what to do with unreviewed suggestions left in the article. */
  unreviewed?: 'accept' | 'reject';
}

export interface ResizeArgs extends PositionArgs {
  /** Which edge of the tag moves. */
  edge: 'start' | 'end';
  /** `1` grows the tag by one word at that edge, `-1` shrinks it by one word. */
  by: 1 | -1;
}

export interface MentionsArgs extends PositionArgs {
  scope: 'article' | 'workspace';
}

export interface RestoreArgs {
  uri: string;
  /** Id of the rejection, as listed by {@link ReviewSummaryRequest} (`rejections`). */
  id: string;
}

export interface PositionArgs {
  uri: string;
  position: LspPosition;
  /** accept: the label to accept the suggestion with; relabel: the new label. */
  label?: string;
  /** removeTag: the id of an orphaned annotation (then `position` is ignored). */
  id?: string;
}

export interface LinkEntityArgs extends PositionArgs {
  /** Knowledge-base id; null or absent unlinks. */
  entityId?: string | null;
}

export interface AddToKbArgs extends PositionArgs {
  /** Latin name for the new entry; a transliteration when absent. */
  latin?: string;
}

export interface ExportArgs {
  /** Folders or articles (URIs) to export; absent means every workspace folder. */
  uris?: string[];
  format: 'jsonl' | 'conll' | 'brat' | 'labelstudio';
  /** Output file or folder (absolute path or file URI). */
  out: string;
  withSuggestions?: boolean;
  /**
   * Also export articles still `inProgress` (each record says so and keeps its
   * unreviewed suggestions apart from its confirmed spans). By default only
   * `done` articles are exported.
   */
  includeInProgress?: boolean;
  /**
   * Also export articles nobody has reviewed (`new`), as `hindi-news export
   * --include-new` does: their records say so (`meta.status`) and hold the
   * recogniser's suggestions apart, with no confirmed span. Independent of
   * `includeInProgress`. Added after the first issue-13 protocol; absent means
   * false, as before.
   */
  includeNew?: boolean;
  /** Write into a non-empty folder or over existing files the export did not create. */
  force?: boolean;
  /** Train/dev/test ratios such as `[80, 10, 10]` and a seed, for a reproducible split by document. */
  split?: { ratios: number[]; seed?: number };
}

export interface ExportResultSummary {
  format: string;
  documents: number;
  spans: Record<string, number>;
  suggestions: Record<string, number>;
  orphans: number;
  files: string[];
  cancelled: boolean;
  errors: number;
  skipped: number;
  /** The summary in words (as the command line prints it). */
  text: string;
  /** Problems met on the way (first 20), each naming its file. */
  problems: string[];
  /** Articles left out, by review status (`new`, `inProgress`), and why in `text`. */
  leftOut?: Partial<Record<ReviewStatus, number>>;
}

/**
 * What an annotation command answers. A refusal (`ok: false`) carries a
 * message for the user; when the client did not say it shows these
 * (initialization option `showsCommandMessages`), the server also sends it as
 * `window/showMessage`.
 */
export type CommandResult =
  | {
      ok: true;
      message?: string;
      /** nextUnreviewed/previousUnreviewed: where to go; tag/accept: the annotation's range. */
      range?: LspRange;
      /** acceptAll, acceptMentions, rejectMentions: how many; setStatus: how many unreviewed suggestions it settled. */
      count?: number;
      /** next/previous: true when the search wrapped around the article. */
      wrapped?: boolean;
      /** addToKnowledgeBase: the new entity id. */
      entityId?: string;
      /** export: the summary. */
      summary?: ExportResultSummary;
      /** tag (wider than suggestions under it): the texts of the suggestions it replaced. */
      replaced?: string[];
      /**
       * tag without `exact`, when the words tagged lie inside a longer
       * unreviewed suggestion: the suggestion's extent, which the client may
       * offer to tag instead (remove the new tag at `range`, then tag this
       * range). The words selected are what was tagged; the suggestion is
       * only offered. Added by the issue-12 audit; absent otherwise.
       */
      suggestionRange?: LspRange;
      /** With `suggestionRange`: the suggestion's text and label. */
      suggestion?: { text: string; label: string };
      /** next/previous: the article to continue in, when this one has no unreviewed suggestion left. */
      uri?: string;
      /** setStatus, undo, redo, and an annotation action on an article marked done: the article's status afterwards. */
      status?: ReviewStatus;
      /** showLearned: what was learned. */
      learned?: LearnedSummary;
    }
  | {
      ok: false;
      message: string;
      /** setStatus `done` refused: how many unreviewed suggestions are left (ask, then send `unreviewed`). */
      unreviewed?: number;
    };

export interface ExportLearnedArgs {
  /** Output file (absolute path or file URI). */
  out: string;
}

/**
 * What the recogniser learned from the annotations of a workspace
 * (`.hindi-news/model.json`): counts, and the largest items of each kind.
 */
export interface LearnedSummary {
  /** The model file. */
  file: string;
  /** Finished articles learned. */
  documents: number;
  /** Confirmed spans learned from, per label. */
  spans: Record<string, number>;
  /** Rejections remembered (by text, label and context kind). */
  rejections: number;
  /** Tagger updates made. */
  updates: number;
  /** Tagger weights adjusted, and words that got weights of their own. */
  weights: number;
  words: number;
  /**
   * Learned names, most confirmed first (up to 20), and how many in all.
   * `misses`: times left untagged in finished articles; `suggested`: false
   * once that is as often as it was confirmed (no longer suggested everywhere).
   */
  names: Array<{ text: string; label: string; count: number; misses?: number; suggested?: boolean }>;
  namesTotal: number;
  /** Titles learned (words cut off the front of suggested names). */
  titles: Array<{ text: string; count: number }>;
  /** Rejections, most frequent first (up to 20); context `*` is every context. */
  rejected: Array<{ text: string; label: string; context: string; count: number }>;
  /** The strongest weight adjustments: the feature and what it now favours. */
  features: Array<{ feature: string; change: string }>;
  /** When the model last changed (ISO 8601). */
  updated: string;
  /** Why the learned tagger weights are not in use, when they are not. */
  note?: string;
}

/** One article in the Review view. */
export interface ReviewArticle {
  uri: string;
  status: ReviewStatus;
  confirmed: number;
  unreviewed: number;
  rejected: number;
  orphaned: number;
}

/** A rejected suggestion, restorable with {@link Commands.restoreRejected}. */
export interface RejectionItem {
  id: string;
  label: string;
  text: string;
  range: LspRange;
}

export interface ReviewSummary {
  articles: ReviewArticle[];
  totals: {
    articles: number;
    byStatus: Record<ReviewStatus, number>;
    /** Confirmed spans per label over the corpus. */
    spans: Record<string, number>;
  };
  /** The next article to review (the first `inProgress`, else the first `new`), if any. */
  next?: string;
  /** Rejected suggestions of the article asked about (`uri`), when one was given. */
  rejections?: RejectionItem[];
  /**
   * Articles left out because they cannot be read (not valid UTF-8, binary, a
   * sidecar that does not fit), each with a message naming the file and what
   * to do. Absent when there are none (added later: older clients ignore it).
   */
  unreadable?: Array<{ uri: string; error: string }>;
}

/**
 * `hindiNews/reviewSummary`: every article of the workspace with its review
 * status and counts, corpus totals and the next article to review; with
 * `uri`, also that article's rejected suggestions.
 */
export namespace ReviewSummaryRequest {
  export const method = 'hindiNews/reviewSummary' as const;
  export const type = new RequestType<{ uri?: string }, ReviewSummary, void>(method);
}

/** `hindiNews/reviewChanged`: an article's review status or counts changed (the Review view and decorations refresh). */
export namespace ReviewChangedNotification {
  export const method = 'hindiNews/reviewChanged' as const;
  export const type = new NotificationType<{ uri: string; status: ReviewStatus }>(method);
}

/** Options the VS Code client sends in `initializationOptions`. */
export interface InitializationOptions {
  /** The client shows refusal messages from command results itself. */
  showsCommandMessages?: boolean;
}

/** A knowledge-base entity offered for linking. */
export interface KbCandidate {
  id: string;
  label: 'PERSON' | 'PARTY';
  name: string;
  latin: string;
  /** Role, party or kind, for the quick pick's detail line. */
  detail?: string;
  /** True when a name or spelling of the entity equals the tagged text. */
  exact: boolean;
}

/**
 * `hindiNews/kbCandidates`: knowledge-base entities the tag (or suggestion)
 * under the cursor could be linked to, best matches first, or null when
 * there is no PERSON/PARTY tag there.
 */
export namespace KbCandidatesRequest {
  export const method = 'hindiNews/kbCandidates' as const;
  export const type = new RequestType<PositionArgs, { text: string; label: string; entityId?: string; candidates: KbCandidate[] } | null, void>(method);
}

export interface EntityMention {
  uri: string;
  range: LspRange;
  text: string;
  /** True for a confirmed annotation; false for a suggestion; absent when not known (closed articles). */
  confirmed?: boolean;
}

export interface EntityGroup {
  label: string;
  entities: Array<{ key: string; name: string; latin?: string; entityId?: string; mentions: EntityMention[] }>;
}

export interface EntitiesParams {
  scope: 'document' | 'workspace';
  /** The active article, for `document` scope. */
  uri?: string;
}

/** `hindiNews/entities`: entities grouped by label, for the Entities view. Null when the document is not handled. */
export namespace EntitiesRequest {
  export const method = 'hindiNews/entities' as const;
  export const type = new RequestType<EntitiesParams, { groups: EntityGroup[] } | null, void>(method);
}

/** Confirmed annotations and unreviewed suggestions of one document, for editor decorations. */
export interface AnnotationRanges {
  uri: string;
  version: number;
  confirmed: Array<{ range: LspRange; label: string }>;
  suggestions: Array<{ range: LspRange; label: string }>;
}

/** `hindiNews/annotationRanges`: what the client decorates; null when the document is not handled. */
export namespace AnnotationRangesRequest {
  export const method = 'hindiNews/annotationRanges' as const;
  export const type = new RequestType<{ textDocument: { uri: string } }, AnnotationRanges | null, void>(method);
}

/** The `hindiNews.*` settings the server reads, with the defaults package.json declares. */
export interface HindiNewsSettings {
  /** Glob(s) of plain-text files handled when they contain Devanagari. */
  files: string[];
  inlayHints: { enabled: boolean };
  /** `custom`: extra labels annotators may tag with (`hindiNews.labels.custom`). */
  labels: { show: string[]; custom: Array<{ name: string; color?: string }> };
  knowledgeBase: { files: string[] };
  /** Characters (UTF-16 code units) above which only range semantic tokens are served. */
  maxFullDocumentSize: number;
  /**
   * Folder of exports, relative to each workspace folder (`hindiNews.exportFolder`):
   * never read as articles, like every folder holding an export marker. Empty: none by name.
   */
  exportFolder: string;
  /** `hindiNews.review.leastConfidentFirst`: next/previous unreviewed visit the least confident suggestions first. */
  review: { leastConfidentFirst: boolean };
}

/**
 * `hindiNews.exportFolder` as both sides read it: a `/`-separated folder
 * inside the workspace folder (`\\` taken for `/`, `.` parts dropped), `''`
 * for none by name; undefined for a value that is not one (not a string, an
 * absolute path, or one leaving the workspace with `..`), which the server
 * reads as the default and the client reports.
 */
export function exportFolderOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const parts = v.trim().replace(/\\/g, '/').split('/').filter((x) => x && x !== '.');
  if (parts.includes('..') || /^([A-Za-z]:)?[\\/]/.test(v.trim())) return undefined;
  return parts.join('/');
}

export const DEFAULT_SETTINGS: HindiNewsSettings = {
  files: ['**/*.txt'],
  inlayHints: { enabled: false },
  labels: { show: ['PERSON', 'PARTY', 'DATE'], custom: [] },
  knowledgeBase: { files: ['**/*.hnkb.json'] },
  maxFullDocumentSize: 2_000_000,
  exportFolder: 'exports',
  review: { leastConfidentFirst: false },
};
