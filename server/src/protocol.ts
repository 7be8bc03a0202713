/**
 * Everything the client and the server must agree on beyond standard LSP,
 * declared once and imported by both sides (the client bundle imports this
 * file too, so it depends on nothing but the protocol package).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

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

/** Commands the server executes (`workspace/executeCommand`). */
export namespace Commands {
  /** Drop every cache (paragraphs, workspace index, knowledge base) and analyse again. Arguments: none. */
  export const reanalyze = 'hindiNews.server.reanalyze';
}

/** The `hindiNews.*` settings the server reads, with the defaults package.json declares. */
export interface HindiNewsSettings {
  /** Glob(s) of plain-text files handled when they contain Devanagari. */
  files: string[];
  inlayHints: { enabled: boolean };
  labels: { show: string[] };
  knowledgeBase: { files: string[] };
  /** Characters (UTF-16 code units) above which only range semantic tokens are served. */
  maxFullDocumentSize: number;
}

export const DEFAULT_SETTINGS: HindiNewsSettings = {
  files: ['**/*.txt'],
  inlayHints: { enabled: false },
  labels: { show: ['PERSON', 'PARTY', 'DATE'] },
  knowledgeBase: { files: ['**/*.hnkb.json'] },
  maxFullDocumentSize: 2_000_000,
};
