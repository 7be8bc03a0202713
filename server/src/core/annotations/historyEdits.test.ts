import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyOf } from './history';
import { AnnotationSet } from './model';

const TEXT = 'कांग्रेस नेता सोनिया गांधी ने कहा कि भाजपा हारेगी।';

test('history: a removed tag whose last word was deleted since comes back on the words left, as a live tag would have followed the edit, without the space before the deleted word', () => {
  const set = new AnnotationSet(TEXT);
  const h = historyOf(set);
  const s = TEXT.indexOf('सोनिया');
  h.record('tag', () => set.add(s, s + 'सोनिया गांधी'.length, 'PERSON'));
  h.record('remove', () => set.removeAt(s));
  // The annotator deletes the surname (a live tag would shrink to सोनिया).
  const g = TEXT.indexOf('गांधी');
  set.applyEdit(g, g + 'गांधी'.length, '');
  assert.equal(h.undo()?.label, 'remove');
  // Repro: the tag came back as "सोनिया " with the space that stood before the deleted word.
  assert.deepEqual(set.annotations().map((a) => set.text.slice(a.start, a.end)), ['सोनिया']);
  assert.deepEqual(set.annotations().map((a) => a.text), ['सोनिया']);
});
