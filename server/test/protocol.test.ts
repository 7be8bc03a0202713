/**
 * Protocol-level tests: the bundled server (server/out/server.js) over stdio
 * with a real JSON-RPC client, on the fixtures. Expected spans come from the
 * recogniser itself, so these tests check the server's plumbing (positions,
 * encoding, caching, navigation), not recognition quality; the overlap with
 * the gold spans is reported as a diagnostic.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Hover,
  type InitializeResult,
  type Location,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type SemanticTokens,
  type SymbolInformation,
  type DocumentSymbol,
  type DocumentHighlight,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtinKnowledgeBase } from '../src/core/kb/builtin';
import { Recognizer } from '../src/core/recognizer';
import type { Span } from '../src/core/types';
import { decodeTokens } from '../src/features/semanticTokens';
import { DocumentStatsRequest, SEMANTIC_TOKENS_LEGEND, type DocumentStats } from '../src/protocol';

const root = resolve(__dirname, '../..');
const serverJs = join(root, 'server/out/server.js');
const fixtures = join(root, 'test-fixtures');
const files = readdirSync(fixtures).filter((f) => f.endsWith('.txt')).sort();
const uriOf = (f: string) => pathToFileURL(join(fixtures, f)).toString();
const textOf = (f: string) => readFileSync(join(fixtures, f), 'utf8');
const recognizer = new Recognizer();
const kb = builtinKnowledgeBase();

let server: ChildProcess;
let conn: ProtocolConnection;
let init: InitializeResult;
const diagnostics = new Map<string, PublishDiagnosticsParams>();
const messages: string[] = [];
const settingsFor = (uri: string | undefined) => ({
  files: ['**/*.txt'],
  labels: { show: ['PERSON', 'PARTY', 'DATE'] },
  inlayHints: { enabled: true },
  knowledgeBase: { files: ['**/*.hnkb.json'] },
  maxFullDocumentSize: uri?.includes('large') ? 2000 : 2 * 1024 * 1024,
});

function expectedTokens(text: string, spans: readonly Span[]) {
  const doc = TextDocument.create('file:///x', 'hindi-news', 1, text);
  const out = [];
  for (const s of spans) {
    // Split per line the same way an LSP client must see it.
    let pieceStart = s.start;
    for (let i = s.start; i <= s.end; i++) {
      if (i === s.end || text[i] === '\n' || text[i] === '\r') {
        if (i > pieceStart) {
          const p = doc.positionAt(pieceStart);
          out.push({ line: p.line, character: p.character, length: i - pieceStart, type: s.label.toLowerCase(), modifiers: ['suggestion'] });
        }
        if (text[i] === '\r' && text[i + 1] === '\n') i++;
        pieceStart = i + 1;
      }
    }
  }
  return out;
}

function open(uri: string, text: string, languageId = 'plaintext', version = 1): void {
  void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
}

/** Poll instead of sleeping: the server publishes asynchronously. */
async function until<T>(what: string, f: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

before(async () => {
  assert.ok(existsSync(serverJs), `${serverJs} is missing: run \`node scripts/build.mjs\` first (npm test does)`);
  server = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  conn = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  conn.onRequest('workspace/configuration', (p: { items: Array<{ scopeUri?: string; section?: string }> }) => p.items.map((i) => settingsFor(i.scopeUri)));
  conn.onRequest('client/registerCapability', () => null);
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => diagnostics.set(p.uri, p));
  conn.onNotification('window/showMessage', (p: { message: string }) => messages.push(p.message));
  conn.listen();
  init = await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(fixtures).toString(),
    workspaceFolders: [{ uri: pathToFileURL(fixtures).toString(), name: 'fixtures' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { semanticTokens: { requests: { full: { delta: true }, range: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] } },
    },
  });
  await conn.sendNotification('initialized', {});
  for (const f of files) open(uriOf(f), textOf(f));
});

after(async () => {
  if (!conn) return;
  await conn.sendRequest('shutdown').catch(() => undefined);
  await conn.sendNotification('exit').catch(() => undefined);
  conn.dispose();
  if (server.exitCode === null) await new Promise((r) => server.once('exit', r));
});

const tokensOf = (uri: string) => conn.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
const hoverAt = (uri: string, position: { line: number; character: number }) => conn.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

test('the token legend is person/party/date with suggestion/confirmed', () => {
  const legend = (init.capabilities.semanticTokensProvider as { legend: unknown }).legend;
  assert.deepEqual(legend, { tokenTypes: ['person', 'party', 'date'], tokenModifiers: ['suggestion', 'confirmed'] });
  assert.deepEqual(legend, SEMANTIC_TOKENS_LEGEND);
});

test('decoded semantic tokens equal the recogniser spans on every fixture; overlap with gold reported', async (t) => {
  const gold = new Map(readFileSync(join(fixtures, 'seed-gold.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((d) => [d.id, d.spans as Array<{ start: number; end: number; label: string }>]));
  let tp = 0;
  let np = 0;
  let ng = 0;
  for (const f of files) {
    const text = textOf(f);
    const got = decodeTokens((await tokensOf(uriOf(f))).data);
    const spans = recognizer.recognize(text).spans;
    assert.deepEqual(got, expectedTokens(text, spans), f);
    assert.ok(got.length > 0, `${f}: no tokens`);
    const doc = TextDocument.create('file:///x', 'hindi-news', 1, text);
    const pred = new Set(got.map((g) => `${doc.offsetAt(g)}:${doc.offsetAt(g) + g.length}:${g.type.toUpperCase()}`));
    const g = gold.get(f) ?? [];
    ng += g.length;
    np += pred.size;
    tp += g.filter((s) => pred.has(`${s.start}:${s.end}:${s.label}`)).length;
  }
  const p = tp / np;
  const r = tp / ng;
  t.diagnostic(`tokens vs seed gold (exact span + label): P ${(100 * p).toFixed(1)} R ${(100 * r).toFixed(1)} F1 ${((200 * p * r) / (p + r)).toFixed(1)} (${tp}/${np} predicted, ${ng} gold)`);
});

/** The first span in the fixtures matching `pred`, with its file. */
function findSpan(pred: (s: Span) => boolean): { f: string; s: Span; text: string } {
  for (const f of files) {
    const text = textOf(f);
    const s = recognizer.recognize(text).spans.find(pred);
    if (s) return { f, s, text };
  }
  throw new Error('no such span in the fixtures');
}

test('hover on a knowledge-base person shows the Latin name, mentions and Wikidata', async () => {
  const { f, s, text } = findSpan((s) => s.label === 'PERSON' && !!s.entityId);
  const person = kb.personById.get(s.entityId!)!;
  const doc = TextDocument.create('file:///x', 'hindi-news', 1, text);
  const h = await hoverAt(uriOf(f), doc.positionAt(s.start + 1));
  const md = hoverText(h);
  assert.ok(md.includes(person.latin), md);
  assert.ok(md.includes(person.name), md);
  if (person.qid) assert.ok(md.includes(`https://www.wikidata.org/wiki/${person.qid}`), md);
  else assert.ok(!md.includes('wikidata.org'), md);
  assert.match(md, /Mentions in this article: \d+/);
  assert.deepEqual(h!.range, { start: doc.positionAt(s.start), end: doc.positionAt(s.end) });
});

test('hover on a date shows its ISO value and how it was resolved', async () => {
  const { f, s, text } = findSpan((s) => s.label === 'DATE' && !!s.date?.iso);
  const doc = TextDocument.create('file:///x', 'hindi-news', 1, text);
  const md = hoverText(await hoverAt(uriOf(f), doc.positionAt(s.start)));
  assert.ok(md.includes(s.date!.iso!), md);
  assert.ok(md.includes(s.date!.resolution.replace(/[\\`*_[\]<>#|]/g, (c) => '\\' + c)), md);
});

test('hover outside any span answers null', async () => {
  const f = files[0]!;
  const text = textOf(f);
  const spans = recognizer.recognize(text).spans;
  let o = text.indexOf(' ', 400);
  while (spans.some((s) => s.start <= o && o <= s.end)) o = text.indexOf(' ', o + 1);
  const doc = TextDocument.create('file:///x', 'hindi-news', 1, text);
  assert.equal(await hoverAt(uriOf(f), doc.positionAt(o)), null);
});

test('references reach mentions in other fixtures, open or not', async () => {
  // An entity mentioned in at least two fixtures.
  const byEntity = new Map<string, Set<string>>();
  for (const f of files) for (const s of recognizer.recognize(textOf(f)).spans) if (s.entityId) byEntity.set(s.entityId, (byEntity.get(s.entityId) ?? new Set()).add(f));
  const [id, inFiles] = [...byEntity].find(([, fs]) => fs.size >= 3)!;
  const [first, , last] = [...inFiles].sort();
  // Close one article: its mentions must now come from the workspace index.
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(last!) } });
  const text = textOf(first!);
  const s = recognizer.recognize(text).spans.find((x) => x.entityId === id)!;
  const doc = TextDocument.create('file:///x', 'hindi-news', 1, text);
  const refs = await conn.sendRequest<Location[]>('textDocument/references', { textDocument: { uri: uriOf(first!) }, position: doc.positionAt(s.start), context: { includeDeclaration: true } });
  const uris = new Set(refs.map((r) => r.uri));
  for (const f of inFiles) assert.ok(uris.has(uriOf(f)), `references for ${id} miss ${f}`);
  const expected = files.reduce((n, f) => n + recognizer.recognize(textOf(f)).spans.filter((x) => x.entityId === id).length, 0);
  assert.equal(refs.length, expected);
  open(uriOf(last!), textOf(last!));
});

test('document highlights cover every mention of the entity in the article', async () => {
  const { f, s, text } = findSpan((s) => !!s.entityId && s.label === 'PERSON');
  const all = recognizer.recognize(text).spans.filter((x) => x.entityId === s.entityId && x.label === s.label);
  const doc = TextDocument.create('file:///x', 'hindi-news', 1, text);
  const hl = await conn.sendRequest<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: uriOf(f) }, position: doc.positionAt(s.start) });
  assert.deepEqual(hl.map((h) => doc.offsetAt(h.range.start)), all.map((x) => x.start));
});

test('UTF-16 positions stay right after combining marks and an astral emoji', async () => {
  const line0 = 'कल 😀🇮🇳 क़ि ष्ट्र मल्लिकार्जुन खड़गे ने कहा कि भाजपा हारेगी';
  const text = `${line0}\r\nदूसरी पंक्ति: 😀 खड़गे और नरेंद्र मोदी`;
  const uri = 'untitled:emoji-test';
  open(uri, text, 'hindi-news');
  const spans = recognizer.recognize(text).spans;
  assert.ok(spans.some((s) => s.text === 'मल्लिकार्जुन खड़गे'), 'fixture text should contain a recognised name after the emoji');
  assert.deepEqual(decodeTokens((await tokensOf(uri)).data), expectedTokens(text, spans));
  const name = line0.indexOf('मल्लिकार्जुन');
  const h = await hoverAt(uri, { line: 0, character: name + 3 });
  assert.deepEqual(h?.range, { start: { line: 0, character: name }, end: { line: 0, character: name + 'मल्लिकार्जुन खड़गे'.length } });
});

test('an incremental edit re-tokenises the new text exactly', async () => {
  const f = files[1]!;
  const text = textOf(f);
  const doc = TextDocument.create(uriOf(f), 'plaintext', 1, text);
  const at = text.indexOf('।') >= 0 ? text.indexOf('।') : 10;
  const pos = doc.positionAt(at);
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(f), version: 2 }, contentChanges: [{ range: { start: pos, end: pos }, text: ' राहुल गांधी ने कहा' }] });
  TextDocument.update(doc, [{ range: { start: pos, end: pos }, text: ' राहुल गांधी ने कहा' }], 2);
  const got = decodeTokens((await tokensOf(uriOf(f))).data);
  assert.deepEqual(got, expectedTokens(doc.getText(), recognizer.recognize(doc.getText()).spans));
  const stats = await conn.sendRequest<DocumentStats | null>(DocumentStatsRequest.method, { textDocument: { uri: uriOf(f) } });
  const spans = recognizer.recognize(doc.getText()).spans;
  assert.equal(stats?.version, 2);
  assert.deepEqual(stats?.counts, { PERSON: spans.filter((s) => s.label === 'PERSON').length, PARTY: spans.filter((s) => s.label === 'PARTY').length, DATE: spans.filter((s) => s.label === 'DATE').length });
});

/** The symbol a breadcrumb shows at `pos`, the way VS Code finds it: the deepest symbol whose range holds the position. */
function enclosing(syms: readonly DocumentSymbol[], pos: { line: number; character: number }, path: string[] = []): string[] {
  const inside = (r: DocumentSymbol['range']) =>
    (r.start.line < pos.line || (r.start.line === pos.line && r.start.character <= pos.character)) && (pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character));
  for (const s of syms) if (inside(s.range)) return enclosing(s.children ?? [], pos, [...path, s.name]);
  return path;
}

test('outline: one symbol per span in text order, kinds that read well; the breadcrumb names the span under the cursor or nothing', async () => {
  const f = files[0]!;
  const text = textOf(f);
  const spans = recognizer.recognize(text).spans;
  const doc = TextDocument.create(uriOf(f), 'plaintext', 1, text);
  const syms = await conn.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(f) } });
  assert.deepEqual(syms.map((x) => x.name), spans.map((x) => x.text.replace(/\s+/g, ' ')));
  assert.ok(syms.every((x, i) => x.detail!.startsWith(spans[i]!.label)), 'the label is in the detail');
  // Repro: outline items said "(namespace)". Object, Struct, Event.
  assert.deepEqual([...new Set(syms.map((x) => x.kind))].sort(), [...new Set(spans.map((x) => ({ PERSON: 19, PARTY: 23, DATE: 24 })[x.label as 'PERSON']))].sort());
  // Repro: the breadcrumb showed a person on a DATE and on plain text between two mentions.
  const date = spans.find((x) => x.label === 'DATE')!;
  assert.ok(date, 'the fixture has a date');
  assert.deepEqual(enclosing(syms, doc.positionAt(date.start + 1)), [date.text.replace(/\s+/g, ' ')]);
  const gap = spans.findIndex((x, i) => i > 0 && x.start - spans[i - 1]!.end > 3);
  const plain = doc.positionAt(spans[gap - 1]!.end + 2);
  assert.deepEqual(enclosing(syms, plain), [], 'nothing on plain text');
});

test('workspace symbols answer Latin and Devanagari queries', async () => {
  const { s } = findSpan((s) => s.label === 'PERSON' && !!s.entityId);
  const person = kb.personById.get(s.entityId!)!;
  const surname = person.latin.split(' ').pop()!.toLowerCase();
  const latin = await conn.sendRequest<SymbolInformation[]>('workspace/symbol', { query: surname });
  assert.ok(latin.some((x) => x.name.includes(person.latin)), `no symbol for ${surname}: ${latin.map((x) => x.name).join('; ')}`);
  const deva = await conn.sendRequest<SymbolInformation[]>('workspace/symbol', { query: person.name.split(' ').pop()! });
  assert.ok(deva.some((x) => x.name.includes(person.name)));
});

test('workspace symbols come in a sensible order: persons, parties, dates; the most mentioned first; one entity together', async () => {
  // Repro: clicking the status bar listed 64 symbols in mixed order.
  const all = await conn.sendRequest<SymbolInformation[]>('workspace/symbol', { query: '' });
  assert.ok(all.length > 10);
  const rank = (k: number) => [19, 23, 24].indexOf(k);
  for (let i = 1; i < all.length; i++) assert.ok(rank(all[i - 1]!.kind) <= rank(all[i]!.kind), `${all[i - 1]!.name} before ${all[i]!.name}`);
  const seen = new Set<string>();
  for (let i = 0; i < all.length; i++) {
    const name = all[i]!.name;
    if (i > 0 && all[i - 1]!.name === name) continue;
    assert.ok(!seen.has(name), `${name} is split up`);
    seen.add(name);
  }
  // A query that starts a name ranks it first.
  const { s } = findSpan((x) => x.label === 'PERSON' && !!x.entityId);
  const latin = kb.personById.get(s.entityId!)!.latin;
  const q = await conn.sendRequest<SymbolInformation[]>('workspace/symbol', { query: latin.slice(0, 4) });
  assert.ok(q[0]!.name.toLowerCase().startsWith(latin.slice(0, 4).toLowerCase()), q.map((x) => x.name).join('; '));
});

test('inlay hints put the Latin name after a person and the ISO value after a date', async () => {
  const { f, s } = findSpan((s) => s.label === 'PERSON' && !!s.entityId);
  const hints = await conn.sendRequest<Array<{ label: string }>>('textDocument/inlayHint', { textDocument: { uri: uriOf(f) }, range: { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } });
  assert.ok(hints.some((h) => h.label === kb.personById.get(s.entityId!)!.latin));
});

test('an invalid extra knowledge-base file gets diagnostics at the right line', async () => {
  const uri = 'file:///tmp/hindi-news-test/extra.hnkb.json';
  open(uri, '{\n  "version": 1,\n  "persons": [\n    { "id": "x", "name": "एक्स" }\n  ]\n}\n', 'json');
  const d = await until('diagnostics', () => diagnostics.get(uri));
  assert.ok(d.diagnostics.length > 0);
  assert.equal(d.diagnostics[0]!.range.start.line, 3);
});

test('above the size limit only range tokens are served, with one message', async () => {
  const uri = 'untitled:large-article';
  const text = 'नरेंद्र मोदी ने कहा।\n'.repeat(200);
  open(uri, text, 'hindi-news');
  await assert.rejects(tokensOf(uri));
  const range = await conn.sendRequest<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri }, range: { start: { line: 10, character: 0 }, end: { line: 12, character: 0 } } });
  const got = decodeTokens(range.data);
  assert.ok(got.length > 0 && got.every((t) => t.line >= 10 && t.line < 12), JSON.stringify(got));
  await assert.rejects(tokensOf(uri));
  await until('size message', () => (messages.length ? messages : undefined));
  assert.equal(messages.filter((m) => m.includes('large-article')).length, 1);
});
