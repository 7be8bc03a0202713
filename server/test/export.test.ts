/**
 * The server's export command over stdio (issues 12 and 13): scope, review
 * status, exports never read back as articles, writes never leaving the
 * chosen output.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { SymbolInformation } from 'vscode-languageserver-protocol/node';
import { AnnotationSet } from '../src/core/annotations/model';
import { sidecarPath, toSidecar, writeSidecar } from '../src/core/annotations/sidecar';
import type { ReviewStatus } from '../src/core/annotations/status';
import { Commands, type ExportArgs } from '../src/protocol';
import { LspClient } from './lspClient';

const ws = mkdtempSync(join(tmpdir(), 'hna-export-ws-'));
let exportFolderSetting = 'exports';
const client = new LspClient({ folder: ws, settings: () => ({ files: ['**/*.txt'], exportFolder: exportFolderSetting }), capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true, workspaceFolders: true } } });
const uri = (p: string) => client.uriOf(p);

const ARTICLES: Array<[string, string, string, ReviewStatus | undefined]> = [
  ['a.txt', 'भाजपा नेता नरेंद्र मोदी ने रैली की।', 'नरेंद्र मोदी', 'done'],
  ['b.txt', 'कांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने कहा।', 'कांग्रेस', 'done'],
  ['sub/c.txt', 'राहुल गांधी ने 19 दिसंबर 2023 को कहा।', 'राहुल गांधी', 'done'],
  ['sub/d.txt', 'अखिलेश यादव और मायावती मिले।', 'अखिलेश यादव', 'inProgress'],
  ['e.txt', 'ममता बनर्जी ने बैठक की।', '', undefined],
];

const run = (arg: ExportArgs) => client.run(Commands.exportAnnotations, arg);
const jsonl = (file: string) => readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; meta: { status: string } });

before(async () => {
  for (const [name, text, span, status] of ARTICLES) {
    const p = join(ws, name);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
    if (!status) continue;
    const set = new AnnotationSet(text);
    const i = text.indexOf(span);
    assert.ok(set.add(i, i + span.length, span === 'कांग्रेस' ? 'PARTY' : 'PERSON', { exact: true }).ok);
    assert.ok((await writeSidecar(sidecarPath(p), { ...toSidecar(set, p), status })).ok);
  }
  await client.initialize();
});

after(async () => {
  await client.quit();
  rmSync(ws, { recursive: true, force: true });
});

test('issue 13: whole-workspace brat export to the default folder, then another: the same 3 done documents, not 6; leftOut says why the others are missing', async () => {
  const r1 = await run({ format: 'brat', out: join(ws, 'exports', 'one') });
  assert.ok(r1.ok, JSON.stringify(r1));
  assert.equal(r1.summary!.documents, 3, r1.summary!.text);
  assert.deepEqual(r1.summary!.leftOut, { inProgress: 1, new: 1 });
  assert.match(r1.summary!.text, /left out 2 articles not marked done: 1 in progress .*, 1 new/);
  const r2 = await run({ format: 'brat', out: join(ws, 'exports', 'two') });
  assert.ok(r2.ok && r2.summary!.documents === 3, r2.ok ? r2.summary!.text : r2.message);
  const ids = (dir: string) => readdirSync(join(ws, 'exports', dir), { recursive: true }).filter((f) => String(f).endsWith('.ann')).map(String).sort();
  assert.deepEqual(ids('two'), ids('one'));
  // A moved and renamed export is still recognised by its marker.
  mkdirSync(join(ws, 'datasets'));
  const { renameSync } = await import('node:fs');
  renameSync(join(ws, 'exports', 'one'), join(ws, 'datasets', 'renamed'));
  const r3 = await run({ format: 'jsonl', out: join(ws, 'exports', 'three.jsonl'), includeInProgress: true });
  assert.ok(r3.ok, JSON.stringify(r3));
  const recs = jsonl(join(ws, 'exports', 'three.jsonl'));
  assert.deepEqual(recs.map((x) => [x.id, x.meta.status]), [['a.txt', 'done'], ['b.txt', 'done'], ['sub/c.txt', 'done'], ['sub/d.txt', 'inProgress']]);
});

test('issue 13: an exported copy is no article: not highlighted, not in workspace symbols', async () => {
  const copy = join(ws, 'exports', 'two', 'a.txt');
  assert.ok(existsSync(copy));
  const copyUri = pathToFileURL(copy).toString();
  client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: copyUri, languageId: 'plaintext', version: 1, text: readFileSync(copy, 'utf8') } });
  const original = uri('a.txt');
  client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: original, languageId: 'plaintext', version: 1, text: readFileSync(join(ws, 'a.txt'), 'utf8') } });
  const tokens = (u: string) => client.conn.sendRequest<{ data: number[] } | null>('textDocument/semanticTokens/full', { textDocument: { uri: u } });
  assert.ok(((await tokens(original))?.data.length ?? 0) > 0, 'the article is highlighted');
  assert.equal((await tokens(copyUri))?.data.length ?? 0, 0, 'its exported copy is not');
  // A CoNLL file written among the articles is data too.
  const conll = await run({ format: 'conll', out: join(ws, 'train.txt') });
  assert.ok(conll.ok, JSON.stringify(conll));
  const conllUri = uri('train.txt');
  client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: conllUri, languageId: 'plaintext', version: 1, text: readFileSync(join(ws, 'train.txt'), 'utf8') } });
  assert.equal((await tokens(conllUri))?.data.length ?? 0, 0, 'a CoNLL export is not highlighted');
  // The Review view lists articles only: no export, no CoNLL file among the articles, no text file without Devanagari.
  client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: conllUri } });
  writeFileSync(join(ws, 'notes.txt'), 'todo: review sub/ first\n');
  client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('notes.txt'), type: 1 }, { uri: conllUri, type: 1 }] });
  const listed = (await client.reviewSummary()).articles.map((a) => a.uri.slice(pathToFileURL(ws).toString().length + 1)).sort();
  rmSync(join(ws, 'notes.txt'));
  assert.deepEqual(listed, ARTICLES.map(([name]) => name).sort());
  const symbols = await client.conn.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'मोदी' });
  assert.ok(symbols.length > 0);
  assert.ok(
    symbols.every((s) => !s.location.uri.includes('/exports/') && !s.location.uri.includes('/datasets/') && !s.location.uri.endsWith('/train.txt')),
    JSON.stringify(symbols.map((s) => s.location.uri)),
  );
});

test('issue 13: scope: an article and a folder (this article, an Explorer selection); left-out articles reported', async () => {
  const out = join(ws, 'exports', 'scope.jsonl');
  const r = await run({ format: 'jsonl', out, uris: [uri('a.txt'), uri('sub')] });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(jsonl(out).map((x) => x.id), ['a.txt', 'sub/c.txt'], 'ids are relative to the workspace folder, as in a whole-workspace export');
  assert.deepEqual(r.summary!.leftOut, { inProgress: 1 });
  const r2 = await run({ format: 'jsonl', out: join(ws, 'exports', 'scope2.jsonl'), uris: [uri('sub/d.txt')], includeInProgress: true });
  assert.ok(r2.ok && r2.summary!.documents === 1, JSON.stringify(r2));
});

test('issue 13: ExportArgs.includeNew adds the articles nobody has reviewed, marked new, their suggestions apart and no confirmed span', async () => {
  const out = join(ws, 'exports', 'with-new.jsonl');
  const r = await run({ format: 'jsonl', out, includeNew: true });
  assert.ok(r.ok, JSON.stringify(r));
  const recs = jsonl(out) as Array<{ id: string; meta: { status: string }; spans: unknown[]; suggestions?: Array<{ text: string }> }>;
  assert.deepEqual(recs.map((x) => [x.id, x.meta.status]).sort(), [['a.txt', 'done'], ['b.txt', 'done'], ['e.txt', 'new'], ['sub/c.txt', 'done']]);
  const fresh = recs.find((x) => x.id === 'e.txt')!;
  assert.deepEqual(fresh.spans, []);
  assert.ok(fresh.suggestions?.some((x) => x.text === 'ममता बनर्जी'), JSON.stringify(fresh));
  assert.deepEqual(r.summary!.leftOut, { inProgress: 1 });
  const without = await run({ format: 'jsonl', out: join(ws, 'exports', 'without-new.jsonl') });
  assert.ok(without.ok);
  assert.match(without.summary!.text, /1 new \(never reviewed\) \(include articles nobody has reviewed to export them\)/);
});

test('issue 12: the export follows no planted exports symlink out of the workspace; nothing is written outside', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'hna-outside-'));
  const trap = join(ws, 'trap');
  symlinkSync(outside, trap);
  try {
    const r = await run({ format: 'brat', out: join(trap, '2024-01-01') });
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /Nothing was exported: .*leads outside .* through a symbolic link/);
    assert.deepEqual(readdirSync(outside), []);
  } finally {
    rmSync(trap);
    rmSync(outside, { recursive: true, force: true });
  }
});

test('issue 12: ExportArgs.force: a non-empty folder the export did not create is refused unless forced', async () => {
  const out = join(ws, 'exports', 'mine');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'notes.md'), 'mine');
  const r = await run({ format: 'jsonl', out });
  assert.equal(r.ok, false);
  assert.match((r as { message: string }).message, /is not empty and was not written by an export/);
  const r2 = await run({ format: 'jsonl', out, force: true });
  assert.ok(r2.ok, JSON.stringify(r2));
  assert.equal(readFileSync(join(out, 'notes.md'), 'utf8'), 'mine');
});

test('issue 13: hindiNews.exportFolder: an old, unmarked export under the configured folder is skipped', async () => {
  exportFolderSetting = 'old-exports';
  await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  mkdirSync(join(ws, 'old-exports', 'x'), { recursive: true });
  writeFileSync(join(ws, 'old-exports', 'x', 'a.txt'), ARTICLES[0]![1]);
  writeFileSync(join(ws, 'old-exports', 'x', 'a.txt.hna.json'), readFileSync(join(ws, 'a.txt.hna.json')));
  const out = join(ws, 'exports', 'setting.jsonl');
  const r = await run({ format: 'jsonl', out });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(jsonl(out).map((x) => x.id), ['a.txt', 'b.txt', 'sub/c.txt']);
});

test('a text file with no Devanagari and no annotations (a README, an English note) is no article: not exported, not counted as new, said as skipped; the same rule as the Review view', async () => {
  const notes = join(ws, 'NOTES.txt');
  const draft = join(ws, 'draft.hindi.txt');
  writeFileSync(notes, 'Reminder: re-check the dates in sub/d.txt before Friday.\n');
  writeFileSync(draft, 'to be transliterated\n');
  try {
    const out = join(ws, 'exports', 'notes.jsonl');
    const r = await run({ format: 'jsonl', out, includeInProgress: true, includeNew: true, force: true });
    assert.ok(r.ok, JSON.stringify(r));
    const ids = jsonl(out).map((x) => x.id);
    assert.ok(!ids.includes('NOTES.txt'), `NOTES.txt was exported as an article: ${ids.join(', ')}`);
    assert.ok(ids.includes('draft.hindi.txt'), 'a *.hindi.txt file is an article by its name');
    assert.ok(ids.includes('e.txt'), 'a new Hindi article is exported with includeNew');
    assert.ok(r.summary!.skipped >= 1, r.summary!.text);
    const r2 = await run({ format: 'jsonl', out: join(ws, 'exports', 'notes2.jsonl') });
    assert.ok(r2.ok, JSON.stringify(r2));
    assert.deepEqual(r2.summary!.leftOut, { inProgress: 1, new: 2 }, 'e.txt and draft.hindi.txt are new; NOTES.txt is no article');
  } finally {
    rmSync(notes);
    rmSync(draft);
  }
});
