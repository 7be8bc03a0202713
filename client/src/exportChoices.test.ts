import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExportResultSummary } from '../../server/src/protocol';
import { DEFAULT_CHOICES, describeChoices, exportArgs, exportNotice, exportRoot, leftOutText, outputFolder, readChoices, readLastExport, timestamp, type ExportChoices } from './exportChoices';

const NOW = new Date(2026, 10, 21, 20, 19, 5);

function summary(over: Partial<ExportResultSummary> = {}): ExportResultSummary {
  return { format: 'jsonl', documents: 1, spans: { PERSON: 3, DATE: 1 }, suggestions: {}, orphans: 0, files: ['/ws/exports/x/annotations.jsonl'], cancelled: false, errors: 0, skipped: 0, text: '', problems: [], ...over };
}

test('remembered choices survive a round trip through workspace state (JSON)', () => {
  const c: ExportChoices = { format: 'brat', withSuggestions: true, includeInProgress: true, output: { kind: 'folder', path: '/data/out' } };
  assert.deepEqual(readChoices(JSON.parse(JSON.stringify(c))), c);
});

test('unreadable stored choices fall back to the defaults field by field', () => {
  assert.deepEqual(readChoices(undefined), DEFAULT_CHOICES);
  assert.deepEqual(readChoices('jsonl'), DEFAULT_CHOICES);
  assert.deepEqual(readChoices({ format: 'xml', withSuggestions: 'yes', includeInProgress: 1, output: { kind: 'folder', path: 'relative/out' } }), DEFAULT_CHOICES);
  assert.deepEqual(readChoices({ format: 'conll' }), { ...DEFAULT_CHOICES, format: 'conll' });
});

test('the defaults export confirmed spans of done articles only, as JSONL, into a new folder', () => {
  assert.deepEqual(DEFAULT_CHOICES, { format: 'jsonl', withSuggestions: false, includeInProgress: false, output: { kind: 'new' } });
});

test('a new output folder per export goes under hindiNews.exportFolder', () => {
  assert.equal(timestamp(NOW), '2026-11-21_20-19-05');
  assert.equal(outputFolder(DEFAULT_CHOICES, '/ws', undefined, NOW), '/ws/exports/2026-11-21_20-19-05');
  assert.equal(outputFolder(DEFAULT_CHOICES, '/ws', 'datasets/ner', NOW), '/ws/datasets/ner/2026-11-21_20-19-05');
  assert.equal(outputFolder(DEFAULT_CHOICES, '/ws', '/srv/exports', NOW), '/srv/exports/2026-11-21_20-19-05');
  assert.equal(exportRoot('/ws', '  '), '/ws/exports');
  assert.equal(outputFolder({ ...DEFAULT_CHOICES, output: { kind: 'folder', path: '/data/out' } }, '/ws', undefined, NOW), '/data/out');
});

test('the server arguments carry the scope and every choice; the workspace scope sends no uris', () => {
  const article = { kind: 'article' as const, uris: ['file:///ws/001.txt'], label: '001.txt' };
  assert.deepEqual(exportArgs(article, DEFAULT_CHOICES, '/ws/exports/t'), { format: 'jsonl', out: '/ws/exports/t', withSuggestions: false, includeInProgress: false, uris: ['file:///ws/001.txt'] });
  const all = exportArgs({ kind: 'workspace', label: 'the whole workspace' }, { ...DEFAULT_CHOICES, includeInProgress: true }, '/o');
  assert.equal('uris' in all, false);
  assert.equal(all.includeInProgress, true);
});

test('"Export again" keeps the scope it exported, and refuses a broken record', () => {
  const last = { scope: { kind: 'article', uris: ['file:///ws/001.txt'], label: '001.txt' }, choices: DEFAULT_CHOICES, base: '/ws' };
  assert.deepEqual(readLastExport(JSON.parse(JSON.stringify(last))), last);
  assert.deepEqual(readLastExport({ scope: { kind: 'workspace', label: 'the whole workspace' }, choices: {}, base: '/ws' })?.scope, { kind: 'workspace', label: 'the whole workspace' });
  assert.equal(readLastExport(undefined), undefined);
  assert.equal(readLastExport({ ...last, base: 'ws' }), undefined);
  assert.equal(readLastExport({ ...last, scope: { kind: 'article', uris: [], label: 'x' } }), undefined, 'an article scope without its article cannot be repeated');
  assert.equal(readLastExport({ ...last, scope: { kind: 'everything', label: 'x' } }), undefined);
});

test('the choices read as one line before exporting', () => {
  assert.equal(describeChoices(DEFAULT_CHOICES, undefined), 'JSONL · confirmed spans · done articles only · into a new folder in exports/');
  assert.equal(
    describeChoices({ format: 'brat', withSuggestions: true, includeInProgress: true, output: { kind: 'folder', path: '/ws/out' } }, 'x', (p) => p.replace('/ws/', '')),
    'brat standoff · confirmed spans + unreviewed suggestions · done and in-progress articles · into out',
  );
});

test('the notification says how many articles were left out and why', () => {
  const n = exportNotice(summary({ leftOut: { new: 3, inProgress: 1 } }), { format: 'jsonl', includeInProgress: false }, 'exports/2026-11-21_20-19-05');
  assert.equal(n.warning, false);
  assert.match(n.text, /^Exported 1 article as JSONL to exports\/2026-11-21_20-19-05: spans PERSON 3, DATE 1\./);
  assert.match(n.text, /Left out 4 articles \(3 new, 1 in progress\): only articles marked done are exported/);
  assert.match(leftOutText(summary({ leftOut: { new: 2 } }), true)!, /^Left out 2 articles \(2 new\): articles nobody has reviewed yet are not exported\.$/);
  assert.equal(leftOutText(summary({ leftOut: { new: 0 } }), false), undefined);
  assert.equal(leftOutText(summary(), false), undefined);
});

test('an empty, cancelled or failing export is a warning that says so', () => {
  const empty = exportNotice(summary({ documents: 0, spans: {}, leftOut: { inProgress: 2 } }), { format: 'conll' }, 'out');
  assert.equal(empty.warning, true);
  assert.match(empty.text, /Exported 0 articles as CoNLL-2003 BIO.*Left out 2 articles \(2 in progress\)/);
  const nothing = exportNotice(summary({ documents: 0, spans: {} }), { format: 'jsonl' }, 'out');
  assert.match(nothing.text, /Nothing matched/);
  assert.match(exportNotice(summary({ cancelled: true }), { format: 'jsonl' }, 'out').text, /^Export cancelled after 1 article/);
  const bad = exportNotice(summary({ errors: 2, orphans: 1, suggestions: { PERSON: 4 } }), { format: 'jsonl' }, 'out');
  assert.equal(bad.warning, true);
  assert.match(bad.text, /suggestions PERSON 4\. 1 orphaned annotation left out .* 2 files could not be exported/);
});
