import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Recognizer } from '../recognizer';
import { AnnotationSet } from './model';

const NOW = () => '2024-01-01T00:00:00.000Z';

/** `[…]` marks the selection; returns the plain text and the selection. */
function sel(marked: string): { text: string; start: number; end: number } {
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  return { text: marked.replace('[', '').replace(']', ''), start, end };
}

function setWith(marked: string, label = 'PERSON'): AnnotationSet {
  const { text, start, end } = sel(marked);
  const set = new AnnotationSet(text, undefined, { now: NOW });
  const r = set.add(start, end, label);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return set;
}

const spanText = (set: AnnotationSet) => set.annotations().map((a) => set.text.slice(a.start, a.end));

test('add: trims spaces and punctuation, snaps to whole aksharas', () => {
  const set = setWith('कल [ “राहुल गांधी”, ]ने कहा');
  assert.deepEqual(spanText(set), ['राहुल गांधी']);
  // A selection ending inside a conjunct or before a matra widens to the cluster.
  const t = 'नेता नरेन्द्र मोदी।';
  const s2 = new AnnotationSet(t, undefined, { now: NOW });
  const r = s2.add(t.indexOf('नरे'), t.indexOf('न्द्र') + 1, 'PERSON');
  assert.ok(r.ok);
  assert.equal(r.annotation.text, 'नरेन्द्र');
  const a = s2.annotations()[0]!;
  assert.equal(a.contextBefore, 'नेता ');
  assert.equal(a.contextAfter, ' मोदी।');
  assert.equal(a.source, 'manual');
  assert.equal(a.createdAt, NOW());
});

test('add: refuses overlaps, empty selections and URLs with clear messages', () => {
  const set = setWith('[मोदी] ने कहा https://x.in/मोदी');
  const o = set.add(0, 6, 'PERSON');
  assert.equal(o.ok, false);
  assert.ok(!o.ok && o.reason === 'overlap' && /overlaps “मोदी”/.test(o.message));
  const same = set.add(0, 4, 'PARTY');
  assert.ok(!same.ok && /already tagged PERSON/.test(same.message));
  const e = set.add(4, 5, 'PERSON');
  assert.ok(!e.ok && e.reason === 'empty');
  const u = set.text.indexOf('https');
  const url = set.add(set.text.length - 4, set.text.length, 'PERSON', { skipped: [[u, set.text.length]] });
  assert.ok(!url.ok && url.reason === 'in-url' && /URL/.test(url.message));
  assert.equal(set.annotations().length, 1);
});

test('accept, reject, filterSuggestions, link, remove', () => {
  const text = 'मोदी और शाह ने भाजपा की बैठक की।';
  const set = new AnnotationSet(text, undefined, { now: NOW });
  const sug = [
    { start: 0, end: 4, label: 'PERSON' as const, entityId: 'narendra-modi' },
    { start: 8, end: 11, label: 'PERSON' as const },
    { start: 15, end: 20, label: 'PARTY' as const },
  ];
  const r = set.accept(sug[0]!);
  assert.ok(r.ok && r.annotation.source === 'accepted' && r.annotation.entityId === 'narendra-modi');
  set.reject(sug[2]!);
  assert.deepEqual(set.filterSuggestions(sug), [sug[1]]);
  assert.ok(set.linkEntity(r.annotation.id, 'Q1058'));
  assert.equal(set.at(2)?.entityId, 'Q1058');
  assert.equal(set.removeAt(4)?.text, 'मोदी'); // cursor at the end still counts
  assert.equal(set.annotations().length, 0);
});

test('applyEdit: an edit before a span shifts it', () => {
  const set = setWith('कल [मोदी] ने कहा');
  set.applyEdit(0, 2, 'बुधवार को');
  assert.deepEqual(spanText(set), ['मोदी']);
  assert.equal(set.annotations()[0]!.start, set.text.indexOf('मोदी'));
  // An insertion right at the span start is before it, right at the end is after it.
  const a = set.annotations()[0]!;
  set.applyEdit(a.start, a.start, 'श्री ');
  set.applyEdit(set.annotations()[0]!.end, set.annotations()[0]!.end, ' जी');
  assert.deepEqual(spanText(set), ['मोदी']);
});

test('applyEdit: an edit inside a span resizes it and updates its text', () => {
  const set = setWith('नेता [नरेंद्र मोदी] ने');
  const a = set.annotations()[0]!;
  const sp = set.text.indexOf(' मोदी');
  set.applyEdit(sp, sp, ' दामोदरदास');
  assert.equal(a.text, 'नरेंद्र दामोदरदास मोदी');
  assert.equal(set.text.slice(a.start, a.end), a.text);
  set.applyEdit(a.start, a.start + 'नरेंद्र '.length, '');
  assert.equal(a.text, 'दामोदरदास मोदी');
  // A matra typed at the end joins the span so it keeps whole clusters.
  set.applyEdit(a.end, a.end, 'ी');
  assert.equal(a.text, 'दामोदरदास मोदीी');
  assert.equal(a.status, undefined);
});

test('applyEdit: an edit across a boundary or deleting the span orphans it, keeping text and context', () => {
  const set = setWith('कल [मोदी] ने कहा');
  set.applyEdit(1, 5, 'X');
  assert.equal(set.annotations().length, 0);
  const [o] = set.orphans();
  assert.equal(o!.status, 'orphaned');
  assert.equal(o!.text, 'मोदी');
  assert.equal(o!.contextBefore, 'कल ');

  const s2 = setWith('कल [मोदी] ने कहा');
  const r = s2.applyEdit(3, 7, '');
  assert.equal(r.orphaned.length, 1);
  assert.equal(s2.all().length, 1, 'kept, not dropped');
  // The orphan is saved with the live ones.
  assert.equal(s2.snapshot().orphans[0]!.text, 'मोदी');
});

test('reanchor: outside edits move spans by text and context', () => {
  const set = new AnnotationSet('राहुल ने कहा। फिर मोदी ने कहा। मोदी आए।', undefined, { now: NOW });
  const t = set.text;
  assert.ok(set.add(0, 5, 'PERSON').ok);
  const second = t.lastIndexOf('मोदी');
  assert.ok(set.add(second, second + 4, 'PERSON').ok);
  const report = set.reanchor('आज सुबह राहुल ने कहा। फिर मोदी ने कहा। बाद में मोदी आए।');
  assert.equal(report.orphaned.length, 0);
  assert.equal(report.moved.length, 2);
  const [r, m] = set.annotations();
  assert.equal(set.text.slice(r!.start, r!.end), 'राहुल');
  // The second मोदी is found by its context, not the first occurrence.
  assert.equal(m!.start, set.text.lastIndexOf('मोदी'));
});

test('reanchor: unchanged at the old offset, unique occurrence, orphan when gone, restore later', () => {
  const set = setWith('[शाह] ने कहा');
  const rep = set.reanchor('शाह ने कहा');
  assert.equal(rep.unchanged, 1);
  const rep2 = set.reanchor('पूरी तरह बदला हुआ लेख, गृह मंत्री शाह');
  assert.equal(rep2.moved.length, 1, 'unique occurrence');
  const rep3 = set.reanchor('कुछ और');
  assert.equal(rep3.orphaned.length, 1);
  assert.equal(set.orphans()[0]!.text, 'शाह');
  const rep4 = set.reanchor('गृह मंत्री शाह');
  assert.equal(rep4.restored.length, 1);
  assert.equal(set.orphans().length, 0);
});

test('reanchor: an ambiguous text without matching context is orphaned, not guessed', () => {
  const set = setWith('x [मोदी] y');
  const rep = set.reanchor('पहले मोदी, फिर मोदी');
  assert.equal(rep.orphaned.length, 1);
});

test('rejections follow edits and are forgotten when their text changes', () => {
  const set = new AnnotationSet('कल भाजपा ने कहा', undefined, { now: NOW });
  set.reject({ start: 3, end: 8, label: 'PARTY' });
  set.applyEdit(0, 2, 'आज सुबह');
  assert.ok(set.isRejected({ start: 8, end: 13, label: 'PARTY' }));
  set.applyEdit(9, 10, '');
  assert.equal(set.rejected().length, 0);
});

// ---- every form of change keeps spans whose text and context are unchanged (issue 12) ----

const FIXTURES = join(__dirname, '../../../../test-fixtures');
const fixtureSets = () =>
  readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(FIXTURES, f), 'utf8');
      const set = new AnnotationSet(text, undefined, { now: NOW });
      for (const s of recognizer.recognize(text).spans) assert.ok(set.accept(s).ok);
      return { f, text, set };
    });
const recognizer = new Recognizer();
/** Each live span's text at its offsets, and with line endings normalised its position in the normalised text. */
const placed = (set: AnnotationSet) => set.annotations().map((a) => [set.text.slice(0, a.start).replace(/\r\n/g, '\n').length, a.label, set.text.slice(a.start, a.end)] as const);

test('LF → CRLF alone keeps every span of the fixtures in place (range-less change and one ranged change over the whole text)', () => {
  let total = 0;
  for (const { f, text, set } of fixtureSets()) {
    const before = placed(set);
    total += before.length;
    const crlf = text.replace(/\n/g, '\r\n');
    const rep = set.reanchor(crlf);
    assert.deepEqual(rep.orphaned.map((o) => o.text), [], f);
    assert.deepEqual(placed(set), before, f);
    // Back to LF, sent the way an editor sends a reload: one change over the whole document.
    const r = set.applyEdit(0, set.text.length, text);
    assert.deepEqual(r.orphaned.map((o) => o.text), [], f);
    assert.deepEqual(placed(set), before, f);
    assert.equal(set.text, text);
  }
  assert.equal(total, 186);
});

test('applyEdit: a change over the whole document or a whole line that alters other words keeps the spans (narrowed to what changed)', () => {
  for (const { f, text, set } of fixtureSets()) {
    const before = set.annotations().map((a) => a.text);
    // Reload after an outside edit: a word appended to every line, sent as one change over everything.
    const edited = text.split('\n').map((l) => (l ? l + ' (अद्यतन)' : l)).join('\n');
    const r = set.applyEdit(0, text.length, edited);
    assert.deepEqual(r.orphaned.map((o) => o.text), [], f);
    assert.deepEqual(set.annotations().map((a) => a.text), before, f);
    for (const a of set.annotations()) assert.equal(set.text.slice(a.start, a.end), a.text, f);
  }
  // One line replaced by itself with a changed word elsewhere on it.
  const set = new AnnotationSet('शीर्षक\nकल मोदी ने राहुल से और शाह ने खड़गे से बात की।\nअंत', undefined, { now: NOW });
  for (const w of ['मोदी', 'राहुल', 'शाह', 'खड़गे']) assert.ok(set.add(set.text.indexOf(w), set.text.indexOf(w) + w.length, 'PERSON').ok);
  const line = set.text.indexOf('कल');
  const lineEnd = set.text.indexOf('\n', line);
  const r = set.applyEdit(line, lineEnd, 'आज मोदी ने राहुल से और शाह ने खड़गे से लंबी बात की।');
  assert.equal(r.orphaned.length, 0);
  assert.deepEqual(spanText(set), ['मोदी', 'राहुल', 'शाह', 'खड़गे']);
});

test('applyEdit: a span removed by a change is placed again when the inserted text holds it with its context; deleting its text orphans it', () => {
  const text = 'पहला वाक्य। कांग्रेस अध्यक्ष खड़गे ने कहा। दूसरा वाक्य।';
  const set = setWith(text.replace('खड़गे', '[खड़गे]'));
  // A paste over the sentence that holds the same name with the same words around it.
  const s = text.indexOf('कांग्रेस');
  const e = text.indexOf('। दूसरा');
  set.applyEdit(s, e, 'कांग्रेस अध्यक्ष खड़गे ने आज कहा');
  assert.deepEqual(spanText(set), ['खड़गे']);
  // Deleting the word orphans the span; the other occurrence typed later does not take it.
  const a = set.annotations()[0]!;
  set.applyEdit(a.start, a.end, '');
  assert.equal(set.orphans().length, 1);
  set.applyEdit(set.text.length, set.text.length, ' भाजपा ने खड़गे को जवाब दिया।');
  assert.equal(set.annotations().length, 0);
  assert.equal(set.orphans().length, 1);
  // Undo of the deletion puts the word back where it was: the span comes back.
  const at = set.text.indexOf('अध्यक्ष ') + 'अध्यक्ष '.length;
  set.applyEdit(at, at, 'खड़गे');
  assert.deepEqual(spanText(set), ['खड़गे']);
  assert.equal(set.annotations()[0]!.start, at);
  assert.equal(set.orphans().length, 0);
});

test('reanchor: an orphan is not restored on another occurrence of its text without its context', () => {
  const text = 'अध्यक्ष खड़गे ने कहा। बाद में भाजपा ने खड़गे को जवाब दिया।';
  const set = setWith(text.replace('खड़गे', '[खड़गे]'));
  const a = set.annotations()[0]!;
  set.applyEdit(a.start, a.end, '');
  assert.equal(set.orphans().length, 1);
  // Reopened after an outside change: the only खड़गे left is the other mention.
  const rep = set.reanchor(set.text + ' समाप्त।');
  assert.equal(rep.restored.length, 0);
  assert.equal(set.annotations().length, 0);
  assert.equal(set.orphans().length, 1);
});

test('applyEdit: deleting the last word of a span leaves no space at its edge; deleting all but spaces orphans it', () => {
  const set = setWith('अध्यक्ष [मल्लिकार्जुन खड़गे] ने कहा');
  const a = set.annotations()[0]!;
  const w = set.text.indexOf('खड़गे');
  set.applyEdit(w, w + 'खड़गे'.length, '');
  assert.deepEqual(spanText(set), ['मल्लिकार्जुन']);
  assert.equal(a.text, 'मल्लिकार्जुन');
  const s2 = setWith('अध्यक्ष [राम श्याम] ने');
  const b = s2.annotations()[0]!;
  s2.applyEdit(b.start, b.start + 'राम'.length, '');
  s2.applyEdit(s2.text.indexOf('श्याम'), s2.text.indexOf('श्याम') + 'श्याम'.length, '');
  assert.equal(s2.annotations().length, 0);
  assert.equal(s2.orphans().length, 1);
});

test('reanchor on a long article where many spans lost their context: the same rules, with the occurrences looked up by context (a moved paragraph found far away, a unique name placed, repeated names orphaned)', () => {
  const names = ['नरेंद्र मोदी', 'राहुल गांधी', 'अमित शाह'];
  let text = '';
  const at: Array<[number, number]> = [];
  for (let i = 0; i < 3000; i++) {
    const n = names[i % names.length]!;
    at.push([text.length, text.length + n.length]);
    text += `${n} ने कहा कि `;
  }
  const moved = 'इस बीच कांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने रैली में अपना भाषण दिया।\n';
  const unique = 'अंत में प्रधान सचिव प्रमोद कुमार मिश्रा ने धन्यवाद दिया।';
  text = moved + text + unique;
  const set = new AnnotationSet(text, undefined, { now: NOW });
  const k = text.indexOf('मल्लिकार्जुन खड़गे');
  assert.ok(set.add(k, k + 'मल्लिकार्जुन खड़गे'.length, 'PERSON', { exact: true }).ok);
  const u = text.indexOf('प्रमोद कुमार मिश्रा');
  assert.ok(set.add(u, u + 'प्रमोद कुमार मिश्रा'.length, 'PERSON', { exact: true }).ok);
  for (const [s, e] of at) assert.ok(set.add(s + moved.length, e + moved.length, 'PERSON', { exact: true }).ok);
  // Rewritten outside: every "कहा कि" becomes "बोले कि", the first paragraph moves to the end, and the last sentence is reworded.
  const body = text.slice(moved.length, text.length - unique.length).replace(/कहा कि/g, 'बोले कि');
  const rewritten = body + '\n' + 'समापन पर प्रमोद कुमार मिश्रा ने सबका आभार जताया।\n' + moved;
  const rep = set.reanchor(rewritten);
  const live = set.annotations();
  for (const a of live) assert.equal(rewritten.slice(a.start, a.end), a.text, 'every live span is on its text');
  const kharge = live.find((a) => a.text === 'मल्लिकार्जुन खड़गे');
  assert.equal(kharge?.start, rewritten.indexOf('मल्लिकार्जुन खड़गे'), 'the moved paragraph is found by its context, far from where it was');
  assert.equal(live.find((a) => a.text === 'प्रमोद कुमार मिश्रा')?.start, rewritten.indexOf('प्रमोद कुमार मिश्रा'), 'a unique name is placed at its only occurrence');
  assert.equal(rep.orphaned.length + live.length, 3002);
  assert.ok(rep.orphaned.length > 2900, `${rep.orphaned.length} orphaned`);
  assert.ok(rep.orphaned.every((o) => names.includes(o.text)));
});
