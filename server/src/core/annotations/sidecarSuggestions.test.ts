import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentHash, fromSidecar, InvalidSidecarError, parseSidecar, serializeSidecar, toSidecar } from './sidecar';

const TEXT = 'आज 😀 किसान नेता हरपाल सिंह ने कहा।';
const cp = (s: string) => Array.from(TEXT.slice(0, TEXT.indexOf(s))).length;

function sidecarWith(suggestions: unknown[]): string {
  return JSON.stringify({ schema: 'hindi-news-annotations', version: 1, article: 'a.txt', contentHash: contentHash(TEXT), offsetUnit: 'codepoint', annotations: [], rejections: [], orphans: [], suggestions });
}

test('sidecar: imported suggestions beyond the text, or over other text, while the hash says the text is unchanged, are invalid and name the entry', () => {
  const n = Array.from(TEXT).length;
  // Repro: the suggestion was clamped to an empty span at the end of the article and written back that way.
  const beyond = parseSidecar(sidecarWith([{ start: cp('हरपाल'), end: n + 40, label: 'PERSON', text: 'हरपाल सिंह' }]), 'a.txt.hna.json');
  assert.ok(beyond.ok);
  assert.throws(() => fromSidecar(beyond.data, TEXT), (e: Error) => e instanceof InvalidSidecarError && /suggestions\[0\] ends at \d+, beyond the end of the article/.test(e.message));
  const shifted = parseSidecar(sidecarWith([{ start: cp('हरपाल') + 2, end: cp('हरपाल') + 12, label: 'PERSON', text: 'हरपाल सिंह' }]), 'a.txt.hna.json');
  assert.ok(shifted.ok);
  assert.throws(() => fromSidecar(shifted.data, TEXT), /suggestions\[0\] records the text "हरपाल सिंह" but the article has/);
});

test('sidecar: a valid imported suggestion is kept as read through a load and a rewrite', () => {
  const s = { start: cp('हरपाल'), end: cp('हरपाल') + 10, label: 'PERSON', text: 'हरपाल सिंह', source: 'model', confidence: 0.7 };
  const r = parseSidecar(sidecarWith([s]), 'a.txt.hna.json');
  assert.ok(r.ok);
  const back = JSON.parse(serializeSidecar(toSidecar(fromSidecar(r.data, TEXT).set, 'a.txt')));
  assert.deepEqual(back.suggestions, [s]);
});
