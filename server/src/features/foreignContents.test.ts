/**
 * Files the server reads as JSON in the workspace (the knowledge base it
 * adds names to, the learned model) may be anything, a link to a secret
 * included: a message about one never quotes its contents. A knowledge-base
 * file saved with a byte order mark is still one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinKnowledgeBase } from '../core/kb/builtin';
import { parseModel } from '../core/learning/model';
import { appendKbEntry, newEntry } from './addToKnowledgeBase';

const SECRET = 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI';

test('adding a name to a knowledge-base file that is not JSON says so without quoting the file', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'hna-kbsecret-')), 'hindi-news.hnkb.json');
  writeFileSync(path, SECRET + '\n');
  const r = await appendKbEntry(path, newEntry('PERSON', 'हरपाल सिंह', builtinKnowledgeBase()));
  assert.equal(r.ok, false);
  assert.ok(!r.ok && /not valid JSON/.test(r.message), JSON.stringify(r));
  assert.ok(!r.ok && !r.message.includes('AWS_SECRET') && !r.message.includes('wJalr'), r.ok ? '' : r.message);
  assert.equal(readFileSync(path, 'utf8'), SECRET + '\n', 'nothing written');
});

test('a learned model file that is not JSON is reported without quoting it', () => {
  const r = parseModel(SECRET, '/ws/.hindi-news/model.json');
  assert.equal(r.ok, false);
  assert.ok(!r.ok && !r.error.includes('AWS_SECRET') && !r.error.includes('wJalr'), r.ok ? '' : r.error);
});

test('a knowledge-base file saved with a byte order mark takes a new name', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'hna-kbbom-')), 'hindi-news.hnkb.json');
  writeFileSync(path, '\ufeff' + JSON.stringify({ version: 1, persons: [], parties: [] }));
  const r = await appendKbEntry(path, newEntry('PERSON', 'हरपाल सिंह', builtinKnowledgeBase()));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).persons[0].name, 'हरपाल सिंह');
});
