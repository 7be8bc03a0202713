import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyOf } from './history';
import { AnnotationSet } from './model';
import { fromSidecar, toSidecar } from './sidecar';

const NOW = () => '2024-01-01T00:00:00.000Z';
const TEXT = 'कांग्रेस नेता सोनिया गांधी ने कहा कि भाजपा हारेगी।';
const at = (s: string) => TEXT.indexOf(s);
const tags = (set: AnnotationSet) => set.annotations().map((a) => `${a.label}:${set.text.slice(a.start, a.end)}`);

test('history: tag, reject, relabel and remove are undone and redone in order; status goes back too', () => {
  const set = new AnnotationSet(TEXT, undefined, { now: NOW });
  const h = historyOf(set);
  assert.equal(set.reviewStatus, 'new');
  h.record('tag', () => set.add(at('सोनिया'), at('सोनिया') + 'सोनिया गांधी'.length, 'PERSON'));
  assert.equal(set.reviewStatus, 'inProgress');
  h.record('reject', () => set.reject({ start: at('भाजपा'), end: at('भाजपा') + 5, label: 'PARTY' }));
  h.record('relabel', () => set.relabel(set.annotations()[0]!.id, 'PARTY'));
  assert.deepEqual(tags(set), ['PARTY:सोनिया गांधी']);
  assert.equal(h.undo()?.label, 'relabel');
  assert.deepEqual(tags(set), ['PERSON:सोनिया गांधी']);
  assert.equal(h.undo()?.label, 'reject');
  assert.equal(set.rejected().length, 0);
  assert.equal(h.undo()?.label, 'tag');
  assert.deepEqual(tags(set), []);
  assert.equal(set.reviewStatus, 'new', 'undoing the first action makes the article new again');
  assert.equal(h.undo(), undefined);
  assert.equal(h.redo()?.label, 'tag');
  assert.equal(h.redo()?.label, 'reject');
  assert.equal(h.redo()?.label, 'relabel');
  assert.deepEqual(tags(set), ['PARTY:सोनिया गांधी']);
  assert.equal(set.rejected().length, 1);
  assert.equal(h.redo(), undefined);
  // A new action clears what could be redone.
  h.undo();
  h.record('status', () => set.setReviewStatus('done'));
  assert.equal(h.canRedo, false);
  assert.equal(h.undo()?.label, 'status');
  assert.equal(set.reviewStatus, 'inProgress');
});

test('history: offsets follow text edits made after the action; an action that changed nothing is not recorded', () => {
  const set = new AnnotationSet(TEXT, undefined, { now: NOW });
  const h = historyOf(set);
  h.record('tag', () => set.add(at('भाजपा'), at('भाजपा') + 5, 'PARTY'));
  h.record('remove', () => set.removeAt(at('भाजपा')));
  h.record('nothing', () => set.removeAt(0));
  assert.equal(h.peekUndo(), 'remove');
  // Typed before the removed tag: its place moves by the inserted length.
  set.applyEdit(0, 0, 'आज ');
  set.applyEdit(set.text.indexOf('कहा'), set.text.indexOf('कहा') + 3, 'बोले');
  assert.equal(h.undo()?.label, 'remove');
  assert.deepEqual(tags(set), ['PARTY:भाजपा']);
  assert.equal(set.annotations()[0]!.start, set.text.indexOf('भाजपा'));
  h.undo();
  assert.deepEqual(tags(set), []);
  h.redo();
  assert.deepEqual(tags(set), ['PARTY:भाजपा']);
});

test('history: an annotation whose text an edit destroyed comes back as an orphan, never lost', () => {
  const set = new AnnotationSet(TEXT, undefined, { now: NOW });
  const h = historyOf(set);
  h.record('tag', () => set.add(at('भाजपा'), at('भाजपा') + 5, 'PARTY'));
  h.record('remove', () => set.removeAt(at('भाजपा')));
  set.applyEdit(at('भाजपा') - 2, at('भाजपा') + 2, 'X');
  const r = h.undo();
  assert.equal(r?.restoredAsOrphans, 1);
  assert.equal(set.orphans().length, 1);
  assert.equal(set.orphans()[0]!.text, 'भाजपा');
});

test('history: after the whole text is replaced (a revert), recorded spans are found again by their text', () => {
  const set = new AnnotationSet(TEXT, undefined, { now: NOW });
  const h = historyOf(set);
  h.record('tag', () => set.add(at('भाजपा'), at('भाजपा') + 5, 'PARTY'));
  h.record('remove', () => set.removeAt(at('भाजपा')));
  set.applyEdit(0, 0, 'नया ');
  set.reanchor('आज ' + TEXT);
  assert.equal(h.undo()?.restoredAsOrphans, 0);
  assert.deepEqual(tags(set), ['PARTY:भाजपा']);
  assert.equal(set.annotations()[0]!.start, set.text.indexOf('भाजपा'));
});

test('review status: new until the first action, kept in the sidecar, derived for old sidecars', () => {
  const set = new AnnotationSet(TEXT, undefined, { now: NOW });
  assert.equal(set.reviewStatus, 'new');
  assert.equal(toSidecar(set, 'a.txt').status, 'new');
  set.reject({ start: at('भाजपा'), end: at('भाजपा') + 5, label: 'PARTY' });
  assert.equal(set.reviewStatus, 'inProgress');
  set.setReviewStatus('done');
  const data = JSON.parse(JSON.stringify(toSidecar(set, 'a.txt')));
  assert.equal(data.status, 'done');
  assert.equal(data.rejections[0].id, 'r1');
  const back = fromSidecar(data, TEXT).set;
  assert.equal(back.reviewStatus, 'done');
  assert.equal(back.rejected()[0]!.id, 'r1');
  // Written before the status existed: worked on means in progress.
  delete data.status;
  assert.equal(fromSidecar(data, TEXT).set.reviewStatus, 'inProgress');
});

test('imported suggestions: loaded from the sidecar in code points, follow edits, saved back', () => {
  const text = '😀 ' + TEXT;
  const cp = (s: string) => [...text.slice(0, text.indexOf(s))].length;
  const set0 = new AnnotationSet(text);
  const data = JSON.parse(JSON.stringify(toSidecar(set0, 'a.txt')));
  data.suggestions = [{ start: cp('सोनिया'), end: cp('सोनिया') + 12, label: 'PERSON', text: 'सोनिया गांधी', source: 'model', confidence: 0.8 }];
  const set = fromSidecar(data, text).set;
  const s = set.suggestions()[0]!;
  assert.equal(text.slice(s.start, s.end), 'सोनिया गांधी');
  assert.equal(s.source, 'model');
  set.applyEdit(0, 0, 'नया ');
  const moved = set.suggestions()[0]!;
  assert.equal(set.text.slice(moved.start, moved.end), 'सोनिया गांधी');
  const saved = toSidecar(set, 'a.txt');
  assert.equal(saved.suggestions?.[0]?.start, cp('सोनिया') + 4);
  assert.equal(saved.suggestions?.[0]?.confidence, 0.8);
});

test('history: a status set as part of the last action is undone and redone with it; steps count recorded actions only', () => {
  const set = new AnnotationSet(TEXT, undefined, { now: NOW });
  const h = historyOf(set);
  h.record('tag', () => set.add(at('सोनिया'), at('सोनिया') + 'सोनिया गांधी'.length, 'PERSON'));
  h.record('done', () => set.setReviewStatus('done'));
  assert.equal(h.steps, 2);
  h.record('nothing', () => undefined);
  assert.equal(h.steps, 2, 'an action that changed nothing is no step');
  h.record('remove', () => set.removeAt(at('सोनिया')));
  h.amendStatus('inProgress', 'reopen');
  assert.equal(set.reviewStatus, 'inProgress');
  assert.equal(h.steps, 3);
  assert.equal(h.undo()?.label, 'remove');
  assert.deepEqual([tags(set), set.reviewStatus], [['PERSON:सोनिया गांधी'], 'done'], 'one undo brings back the tag and the done status');
  assert.equal(h.redo()?.label, 'remove');
  assert.deepEqual([tags(set), set.reviewStatus], [[], 'inProgress']);
});
