import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExportResultSummary } from '../../server/src/protocol';
import { normalizeSettings } from '../../server/src/features/settings';
import { DEFAULT_CHOICES, describeChoices, exportArgs, exportFolderName, exportNotice, exportRoot, leftOutText, outputFolder, readChoices, readLastExport, timestamp, type ExportChoices } from './exportChoices';

const NOW = new Date(2026, 10, 21, 20, 19, 5);

function summary(over: Partial<ExportResultSummary> = {}): ExportResultSummary {
  return { format: 'jsonl', documents: 1, spans: { PERSON: 3, DATE: 1 }, suggestions: {}, orphans: 0, files: ['/ws/exports/x/annotations.jsonl'], cancelled: false, errors: 0, skipped: 0, text: '', problems: [], ...over };
}

test('remembered choices survive a round trip through workspace state (JSON)', () => {
  const c: ExportChoices = { format: 'brat', withSuggestions: true, includeInProgress: true, includeNew: true, output: { kind: 'folder', path: '/data/out' } };
  assert.deepEqual(readChoices(JSON.parse(JSON.stringify(c))), c);
});

test('unreadable stored choices fall back to the defaults field by field', () => {
  assert.deepEqual(readChoices(undefined), DEFAULT_CHOICES);
  assert.deepEqual(readChoices('jsonl'), DEFAULT_CHOICES);
  assert.deepEqual(readChoices({ format: 'xml', withSuggestions: 'yes', includeInProgress: 1, output: { kind: 'folder', path: 'relative/out' } }), DEFAULT_CHOICES);
  assert.deepEqual(readChoices({ format: 'conll' }), { ...DEFAULT_CHOICES, format: 'conll' });
});

test('the defaults export confirmed spans of done articles only, as JSONL, into a new folder', () => {
  assert.deepEqual(DEFAULT_CHOICES, { format: 'jsonl', withSuggestions: false, includeInProgress: false, includeNew: false, output: { kind: 'new' } });
});

test('a new output folder per export goes under hindiNews.exportFolder, read as the server reads it: inside the workspace folder', () => {
  assert.equal(timestamp(NOW), '2026-11-21_20-19-05');
  assert.equal(outputFolder(DEFAULT_CHOICES, '/ws', undefined, NOW), '/ws/exports/2026-11-21_20-19-05');
  assert.equal(outputFolder(DEFAULT_CHOICES, '/ws', 'datasets/ner', NOW), '/ws/datasets/ner/2026-11-21_20-19-05');
  assert.equal(outputFolder(DEFAULT_CHOICES, '/ws', './datasets\\ner/', NOW), '/ws/datasets/ner/2026-11-21_20-19-05');
  // The server skips only a folder inside the workspace by this name: an absolute or `..` value would put exports where the
  // server reads articles (or outside the workspace), so both sides take the default and the client says why.
  assert.equal(outputFolder(DEFAULT_CHOICES, '/ws', '/srv/exports', NOW), '/ws/exports/2026-11-21_20-19-05');
  assert.equal(outputFolder(DEFAULT_CHOICES, '/ws', '../outside', NOW), '/ws/exports/2026-11-21_20-19-05');
  assert.deepEqual(exportFolderName('/srv/exports'), { folder: 'exports', invalid: true });
  assert.deepEqual(exportFolderName('C:\\data'), { folder: 'exports', invalid: true });
  assert.deepEqual(exportFolderName('datasets'), { folder: 'datasets', invalid: false });
  assert.deepEqual(exportFolderName(undefined), { folder: 'exports', invalid: false });
  assert.equal(exportRoot('/ws', '  '), '/ws/exports');
  for (const v of ['exports', 'datasets/ner', './a\\b/', '/srv/x', '../x', '', 'C:\\x']) {
    assert.equal(normalizeSettings({ exportFolder: v }).exportFolder || 'exports', exportFolderName(v).folder, `server and client agree on ${JSON.stringify(v)}`);
  }
  assert.equal(outputFolder({ ...DEFAULT_CHOICES, output: { kind: 'folder', path: '/data/out' } }, '/ws', undefined, NOW), '/data/out');
});

test('the server arguments carry the scope and every choice; the workspace scope sends no uris', () => {
  const article = { kind: 'article' as const, uris: ['file:///ws/001.txt'], label: '001.txt' };
  assert.deepEqual(exportArgs(article, DEFAULT_CHOICES, '/ws/exports/t'), { format: 'jsonl', out: '/ws/exports/t', withSuggestions: false, includeInProgress: false, uris: ['file:///ws/001.txt'] });
  assert.equal(exportArgs(article, { ...DEFAULT_CHOICES, includeInProgress: true, includeNew: true }, '/o').includeNew, true, 'every article: the new ones too');
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
    describeChoices({ format: 'brat', withSuggestions: true, includeInProgress: true, includeNew: false, output: { kind: 'folder', path: '/ws/out' } }, 'x', (p) => p.replace('/ws/', '')),
    'brat standoff · confirmed spans + unreviewed suggestions · done and in-progress articles · into out',
  );
  assert.match(describeChoices({ ...DEFAULT_CHOICES, includeInProgress: true, includeNew: true }, undefined), / · every article, new ones too · /);
});

test('the notification says how many articles were left out and why', () => {
  const n = exportNotice(summary({ leftOut: { new: 3, inProgress: 1 } }), { format: 'jsonl' }, 'exports/2026-11-21_20-19-05');
  assert.equal(n.warning, false);
  assert.match(n.text, /^Exported 1 article as JSONL to exports\/2026-11-21_20-19-05: spans PERSON 3, DATE 1\./);
  assert.match(n.text, /Left out 4 articles \(3 new, 1 in progress\): only articles marked done are exported/);
  assert.match(leftOutText(summary({ leftOut: { new: 2 } }))!, /^Left out 2 articles \(2 new\): articles nobody has reviewed yet are not exported; choose “Every article” in the export options to add them\.$/);
  assert.equal(leftOutText(summary({ leftOut: { new: 0 } })), undefined);
  assert.equal(leftOutText(summary()), undefined);
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
