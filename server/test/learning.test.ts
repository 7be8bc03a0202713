/**
 * Protocol-level tests of learning from the annotator (issue 15): the bundled
 * server over stdio in a temporary workspace. A rejection is learned at once
 * and hides the same string in the same kind of context in another article,
 * survives a restart (`.hindi-news/model.json`), and a reset restores the
 * shipped suggestions exactly; a damaged model file is reported and ignored.
 * Every check polls instead of sleeping.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Recognizer } from '../src/core/recognizer';
import { AnnotationRangesRequest, Commands, type AnnotationRanges } from '../src/protocol';
import { LspClient, until } from './lspClient';

const recognizer = new Recognizer();

/** Sentences with a word the shipped recogniser suggests as a person; the test uses the first it does. */
const CANDIDATES = [
  ['राजा', 'राजा ने रानी से कहा।'],
  ['विजय', 'सभा में विजय ने भाषण दिया।'],
  ['सूरज', 'सुबह सूरज ने गांव को रोशन किया।'],
  ['किरण', 'उम्मीद की किरण ने रास्ता दिखाया।'],
] as const;

function pick(): { word: string; sentence: string } {
  for (const [word, sentence] of CANDIDATES) {
    if (recognizer.recognize(sentence).spans.some((s) => s.label === 'PERSON' && s.text === word)) return { word, sentence };
  }
  throw new Error('the shipped recogniser suggests none of the candidate words; add a sentence it does');
}

async function ranges(c: LspClient, name: string): Promise<AnnotationRanges> {
  const r = await c.conn.sendRequest(AnnotationRangesRequest.type, { textDocument: { uri: c.uriOf(name) } });
  assert.ok(r, `no annotation ranges for ${name}`);
  return r;
}

/** The suggested texts of an open article. */
async function suggested(c: LspClient, name: string): Promise<string[]> {
  const doc = c.doc(name);
  return (await ranges(c, name)).suggestions.map((s) => doc.getText().slice(doc.offsetAt(s.range.start), doc.offsetAt(s.range.end)));
}

async function untilAsync<T>(what: string, f: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

test('a rejection is learned at once, hides the string in other articles, persists across a restart, and a reset restores the shipped suggestions exactly', async () => {
  const { word, sentence } = pick();
  const ws = mkdtempSync(join(tmpdir(), 'hna-learning-'));
  const other = `पुरानी कहानी।\n${sentence}\nसब खुश थे।`;
  writeFileSync(join(ws, 'a.txt'), sentence);
  writeFileSync(join(ws, 'b.txt'), other);
  const model = join(ws, '.hindi-news', 'model.json');

  let c = await new LspClient({ folder: ws }).initialize();
  try {
    c.open('b.txt', other);
    await untilAsync('suggestions of b.txt', async () => (await suggested(c, 'b.txt')).includes(word));
    c.open('a.txt', sentence);
    await untilAsync('suggestions of a.txt', async () => (await suggested(c, 'a.txt')).includes(word));
    const r = await c.run(Commands.reject, { uri: c.uriOf('a.txt'), position: c.rangeOf('a.txt', word).start });
    assert.ok(r.ok, r.ok ? '' : r.message);
    // Learned and applied without another request: the same string in the same context kind is no longer suggested.
    await untilAsync('b.txt without the rejected suggestion', async () => !(await suggested(c, 'b.txt')).includes(word));
    const saved = await until('the model file', () => existsSync(model) && JSON.parse(readFileSync(model, 'utf8')));
    assert.ok(saved.rejections.some((x: { text: string; label: string }) => x.text === word && x.label === 'PERSON'));
    const shown = await c.run(Commands.showLearned, null);
    assert.ok(shown.ok && shown.learned && shown.learned.rejected.some((x) => x.text === word));
  } finally {
    await c.quit();
  }

  // A new server on the same workspace: still learned.
  c = await new LspClient({ folder: ws }).initialize();
  try {
    c.open('b.txt', other);
    await untilAsync('b.txt analysed', async () => (await ranges(c, 'b.txt')).version === 1);
    await untilAsync('the rejection after a restart', async () => !(await suggested(c, 'b.txt')).includes(word));
    const reset = await c.run(Commands.resetLearned, null);
    assert.ok(reset.ok, reset.ok ? '' : reset.message);
    assert.ok(!existsSync(model), 'the model file is deleted');
    const back = await untilAsync('the shipped suggestion again', async () => ((await suggested(c, 'b.txt')).includes(word) ? ranges(c, 'b.txt') : undefined));
    // Byte-identical to what the shipped recogniser suggested before anything was learned.
    const fresh = await new LspClient({ folder: mkdtempSync(join(tmpdir(), 'hna-learning-')) }).initialize();
    try {
      fresh.open('b.txt', other);
      const want = await untilAsync('a fresh server', async () => ((await suggested(fresh, 'b.txt')).includes(word) ? ranges(fresh, 'b.txt') : undefined));
      assert.equal(JSON.stringify(back.suggestions), JSON.stringify(want.suggestions));
    } finally {
      await fresh.quit();
    }
  } finally {
    await c.quit();
  }
});

test('a damaged model file is reported, ignored and kept aside when new learning is saved', async () => {
  const { word, sentence } = pick();
  const ws = mkdtempSync(join(tmpdir(), 'hna-learning-'));
  mkdirSync(join(ws, '.hindi-news'));
  const model = join(ws, '.hindi-news', 'model.json');
  writeFileSync(model, '{"schema": "hindi-news-learned-model", "version": 1, "base": ');
  writeFileSync(join(ws, 'a.txt'), sentence);
  const c = await new LspClient({ folder: ws }).initialize();
  try {
    await until('a warning naming the file', () => c.messages.find((m) => m.message.includes(model) && /not valid JSON/.test(m.message)));
    c.open('a.txt', sentence);
    await untilAsync('the shipped suggestion', async () => (await suggested(c, 'a.txt')).includes(word));
    assert.equal(readFileSync(model, 'utf8'), '{"schema": "hindi-news-learned-model", "version": 1, "base": ', 'the damaged file is left as it was');
    const r = await c.run(Commands.reject, { uri: c.uriOf('a.txt'), position: c.rangeOf('a.txt', word).start });
    assert.ok(r.ok);
    await until('the new model and the damaged one kept aside', () => existsSync(model + '.damaged') && existsSync(model) && JSON.parse(readFileSync(model, 'utf8')).rejections.length === 1);
    assert.equal(readFileSync(model + '.damaged', 'utf8'), '{"schema": "hindi-news-learned-model", "version": 1, "base": ');
  } finally {
    await c.quit();
  }
});

test('a tagged name the recogniser did not know is suggested in another article, saying why', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'hna-learning-'));
  const a = 'कल भोलूराम टिक्कीवाल की किताब छपी।';
  const b = 'इस बार भोलूराम टिक्कीवाल की कविता छपी।';
  assert.ok(!recognizer.recognize(b).spans.some((s) => s.text === 'भोलूराम टिक्कीवाल'), 'the shipped recogniser already knows the name');
  writeFileSync(join(ws, 'a.txt'), a);
  writeFileSync(join(ws, 'b.txt'), b);
  const c = await new LspClient({ folder: ws }).initialize();
  try {
    c.open('a.txt', a);
    c.open('b.txt', b);
    await untilAsync('b.txt analysed', async () => (await ranges(c, 'b.txt')).version === 1);
    const r = await c.run(Commands.tag, { uri: c.uriOf('a.txt'), range: c.rangeOf('a.txt', 'भोलूराम टिक्कीवाल'), label: 'PERSON' });
    assert.ok(r.ok, r.ok ? '' : r.message);
    await untilAsync('the learned name in b.txt', async () => (await suggested(c, 'b.txt')).includes('भोलूराम टिक्कीवाल'));
    const hover = await c.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: c.uriOf('b.txt') }, position: c.rangeOf('b.txt', 'टिक्कीवाल').start });
    assert.match(hover?.contents.value ?? '', /learned from 1 of your annotation/);
    assert.match(hover?.contents.value ?? '', /confidence 0\.\d\d/);
    // Marking the article done teaches the tagger from all of it (once).
    const done = await c.run(Commands.setStatus, { uri: c.uriOf('a.txt'), status: 'done', unreviewed: 'reject' });
    assert.ok(done.ok, done.ok ? '' : done.message);
    await untilAsync('the finished article learned', async () => {
      const r = await c.run(Commands.showLearned, null);
      return r.ok && r.learned?.documents === 1 && r.learned.names.some((n) => n.text === 'भोलूराम टिक्कीवाल' && n.count === 1);
    });
    const reopen = await c.run(Commands.setStatus, { uri: c.uriOf('a.txt'), status: 'inProgress' });
    assert.ok(reopen.ok, reopen.ok ? '' : reopen.message);
    // Removing the tag forgets the name.
    const rm = await c.run(Commands.removeTag, { uri: c.uriOf('a.txt'), position: c.rangeOf('a.txt', 'टिक्कीवाल').start });
    assert.ok(rm.ok, rm.ok ? '' : rm.message);
    await untilAsync('the learned name forgotten', async () => !(await suggested(c, 'b.txt')).includes('भोलूराम टिक्कीवाल'));
  } finally {
    await c.quit();
  }
});
