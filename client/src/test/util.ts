/**
 * Helpers shared by the integration suites: where the fixtures are, polling
 * (never a fixed sleep), and decoding semantic tokens into offsets.
 */
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'hindi-news.hindi-news-annotator';
export const KHARGE_FIXTURE = '001_a79564f461821e4f.txt';

/** Poll every 50 ms until `probe` returns something other than undefined, or fail after `timeoutMs` saying what was awaited. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}.`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The folder the suite runs in: the first workspace folder, which must hold the fixtures. */
export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'The integration suite needs a workspace folder (a copy of test-fixtures/); none is open.');
  return folder.uri.fsPath;
}

export function fixtureUri(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), name));
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `Extension ${EXTENSION_ID} is not installed in this extension host.`);
  await ext.activate();
  return ext;
}

export async function openFixture(name: string): Promise<{ doc: vscode.TextDocument; editor: vscode.TextEditor }> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(name));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

export interface GoldSpan {
  start: number;
  end: number;
  label: string;
  text: string;
}

export interface GoldRecord {
  id: string;
  text: string;
  spans: GoldSpan[];
}

export async function readGold(id: string): Promise<GoldRecord> {
  const raw = await fsp.readFile(path.join(workspaceDir(), 'seed-gold.jsonl'), 'utf8');
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line) as GoldRecord;
    if (rec.id === id) return rec;
  }
  throw new Error(`seed-gold.jsonl has no record with id ${id}.`);
}

/** UTF-16 offset of every code point boundary of `text` (index = code point offset). */
export function codePointToUtf16(text: string): number[] {
  const map: number[] = [];
  let u = 0;
  for (const ch of text) {
    map.push(u);
    u += ch.length;
  }
  map.push(u);
  return map;
}

/** Code point offset of each UTF-16 offset of `text` that starts a code point. */
export function utf16ToCodePoint(text: string): Map<number, number> {
  const m = new Map<number, number>();
  codePointToUtf16(text).forEach((u, cp) => m.set(u, cp));
  return m;
}

export interface DecodedToken {
  /** UTF-16 offsets in the document. */
  start: number;
  end: number;
  type: string;
  modifiers: string[];
  text: string;
}

/** Decode LSP-style relative semantic tokens against their legend. */
export function decodeTokens(doc: vscode.TextDocument, tokens: vscode.SemanticTokens, legend: vscode.SemanticTokensLegend): DecodedToken[] {
  const out: DecodedToken[] = [];
  const d = tokens.data;
  let line = 0;
  let char = 0;
  for (let i = 0; i + 4 < d.length; i += 5) {
    const deltaLine = d[i]!;
    const deltaStart = d[i + 1]!;
    line += deltaLine;
    char = deltaLine === 0 ? char + deltaStart : deltaStart;
    const length = d[i + 2]!;
    const type = legend.tokenTypes[d[i + 3]!] ?? `#${d[i + 3]}`;
    const bits = d[i + 4]!;
    const modifiers = legend.tokenModifiers.filter((_, k) => (bits >>> k) & 1);
    const range = new vscode.Range(line, char, line, char + length);
    out.push({ start: doc.offsetAt(range.start), end: doc.offsetAt(range.end), type, modifiers, text: doc.getText(range) });
  }
  return out;
}

/** Semantic tokens of `doc` once the server answers with at least one token (polls while it starts). */
export async function semanticTokens(doc: vscode.TextDocument, accept: (t: DecodedToken[]) => boolean = (t) => t.length > 0, timeoutMs = 60_000): Promise<DecodedToken[]> {
  return waitFor(`semantic tokens for ${path.basename(doc.uri.fsPath)}`, async () => {
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend | undefined>('vscode.provideDocumentSemanticTokensLegend', doc.uri);
    if (!legend) return undefined;
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens | undefined>('vscode.provideDocumentSemanticTokens', doc.uri);
    if (!tokens) return undefined;
    const decoded = decodeTokens(doc, tokens, legend);
    return accept(decoded) ? decoded : undefined;
  }, timeoutMs);
}

/** Plain text of hover results (Markdown strings and marked strings joined). */
export function hoverText(hovers: vscode.Hover[] | undefined): string {
  const parts: string[] = [];
  for (const h of hovers ?? []) {
    for (const c of h.contents) parts.push(typeof c === 'string' ? c : 'value' in c ? c.value : String(c));
  }
  return parts.join('\n');
}

export async function hoverAt(doc: vscode.TextDocument, offset: number, expect: (text: string) => boolean, what: string): Promise<string> {
  return waitFor(what, async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
    const text = hoverText(hovers);
    return expect(text) ? text : undefined;
  });
}

/** Fails (never skips) when a command the suite needs is not registered. */
export async function requireCommand(id: string, owner: string): Promise<void> {
  const all = await vscode.commands.getCommands(true);
  assert.ok(all.includes(id), `Command ${id} is not registered. ${owner}`);
}
