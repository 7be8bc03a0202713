/**
 * The documents the editor has open, the workspace folders, what the client
 * can do and the per-resource settings; and which of the open documents the
 * server handles (Hindi news articles, not every text file).
 */
import { TextDocuments, type Connection, type InitializeParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { InitializationOptions } from '../protocol';
import { isHandled } from './files';
import { SettingsStore, type HindiNewsSettings } from './settings';
import { applyContentChanges, type EditSink } from './textSync';

/** What the client said it supports in `initialize`. */
export interface ClientCaps {
  configuration: boolean;
  workspaceFolders: boolean;
  tokensRefresh: boolean;
  inlayRefresh: boolean;
  watchedFiles: boolean;
  /** The client shows refusals of commands itself (initialization option). */
  showsCommandMessages: boolean;
}

/** An open document the server handles, with its settings. */
export interface HandledDocument {
  doc: TextDocument;
  s: HindiNewsSettings;
}

export class OpenDocuments {
  readonly documents: TextDocuments<TextDocument>;
  readonly caps: ClientCaps = { configuration: false, workspaceFolders: false, tokensRefresh: false, inlayRefresh: false, watchedFiles: false, showsCommandMessages: false };
  folders: string[] = [];
  settings: SettingsStore;

  /** `sink` sees each content change in order, before the document applies it (annotations follow edits there). */
  constructor(
    private readonly connection: Connection,
    sink: EditSink,
  ) {
    this.settings = new SettingsStore(connection, false);
    this.documents = new TextDocuments<TextDocument>({
      create: TextDocument.create,
      update: (doc, changes, version) => applyContentChanges(doc, changes, version, sink, (m) => connection.console.warn(m)),
    });
  }

  /** Take the client's capabilities, options and folders from `initialize`. */
  initialize(params: InitializeParams): void {
    const c = params.capabilities;
    const caps = this.caps;
    caps.configuration = !!c.workspace?.configuration;
    caps.workspaceFolders = !!c.workspace?.workspaceFolders;
    caps.tokensRefresh = !!c.workspace?.semanticTokens?.refreshSupport;
    caps.inlayRefresh = !!c.workspace?.inlayHint?.refreshSupport;
    caps.watchedFiles = !!c.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    caps.showsCommandMessages = !!(params.initializationOptions as InitializationOptions | undefined)?.showsCommandMessages;
    this.settings = new SettingsStore(this.connection, caps.configuration);
    this.folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  all(): TextDocument[] {
    return this.documents.all();
  }

  /** The open document if the server handles it (hindi-news, or matching plain text with Devanagari). */
  async handled(uri: string): Promise<HandledDocument | undefined> {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const s = await this.settings.get(uri);
    if (!isHandled(doc.languageId, uri, doc.getText(), s.files, this.folders, s.exportFolder)) return undefined;
    return { doc, s };
  }

  /** Settings of the first workspace folder (workspace-wide requests). */
  workspaceSettings(): Promise<HindiNewsSettings> {
    return this.settings.get(this.folders[0]);
  }
}

/** True when the document is above `hindiNews.maxFullDocumentSize` (only windows of it are analysed). */
export const isLarge = (doc: TextDocument, s: HindiNewsSettings): boolean => doc.getText().length > s.maxFullDocumentSize;

/** Labels shown: the built-in ones chosen in `hindiNews.labels.show` plus every custom label. */
export const shownLabels = (s: HindiNewsSettings): Set<string> => new Set([...s.labels.show, ...s.labels.custom.map((c) => c.name)]);
