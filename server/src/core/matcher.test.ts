import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endsOnBoundary, Matcher } from './matcher';
import { normalizeKey, normalize } from './normalize';
import { isWordChar } from './tokenize';

function matcher(keys: string[]): Matcher {
  const m = new Matcher();
  keys.forEach((k, i) => m.add(normalizeKey(k), i));
  return m;
}
const found = (m: Matcher, text: string) => {
  const t = normalize(text);
  return m.findAll(t.norm).map((x) => text.slice(t.toRaw[x.start]!, t.toRaw[x.end]!));
};

test('matcher: longest key wins', () => {
  const m = matcher(['खड़गे', 'मल्लिकार्जुन खड़गे', 'भारतीय जनता पार्टी']);
  assert.deepEqual(found(m, 'मल्लिकार्जुन खड़गे ने भारतीय जनता पार्टी पर'), ['मल्लिकार्जुन खड़गे', 'भारतीय जनता पार्टी']);
});

test('matcher: no match inside a longer word (matras, virama, nukta are not boundaries)', () => {
  const m = matcher(['आप', 'भाजपा', 'राम', 'कल']);
  assert.deepEqual(found(m, 'आपका भाजपाई रामायण कलश'), []);
  assert.deepEqual(found(m, 'कलम राम्'), []);
});

test('matcher: punctuation, danda and a colon visarga are boundaries', () => {
  const m = matcher(['कांग्रेस', 'भाजपा']);
  assert.deepEqual(found(m, 'कांग्रेसः भाजपा। (कांग्रेस), भाजपा|'), ['कांग्रेस', 'भाजपा', 'कांग्रेस', 'भाजपा']);
});

test('matcher: a visarga inside a word is not a boundary', () => {
  const m = matcher(['दु']);
  assert.deepEqual(found(m, 'दुःख'), []);
});

test('matcher: spelling variants meet through normalisation', () => {
  const m = matcher(['नरेंद्र मोदी', 'फरवरी', 'खडगे']);
  assert.deepEqual(found(m, 'नरेन्द्र मोदी फ़रवरी खड़गे'), ['नरेन्द्र मोदी', 'फ़रवरी', 'खड़गे']);
});

test('matcher: Latin keys are case-insensitive and keys may end in punctuation', () => {
  const m = matcher(['I.N.D.I.A.', 'BJP']);
  assert.deepEqual(found(m, 'the (I.N.D.I.A.) and bjp, not BJPs'), ['I.N.D.I.A.', 'bjp']);
});

test('matcher: isKeyAt agrees with longestAt ending at the token end', () => {
  const m = matcher(['के', 'के सी', 'श्री', 'डॉ.', 'मोदी']);
  const text = normalize('श्री के सी मोदी केके श्रीमती के, डॉ. मोदीजी').norm;
  for (const w of text.matchAll(/[^\s,]+/g)) {
    const [s, e] = [w.index!, w.index! + w[0].length];
    assert.equal(m.isKeyAt(text, s, e), m.longestAt(text, s, e)?.end === e, w[0]);
  }
  assert.equal(m.isKeyAt(text, 0, text.indexOf(' ')), true);
  assert.equal(m.isKeyAt(text, 0, 0), false);
});

test('findAll skips words no key begins with and still finds exactly what a walk from every word start finds', () => {
  // The reference: try the trie at every word start and at every key-starting non-word char.
  const reference = (m: Matcher, norm: string) => {
    const out: Array<[number, number]> = [];
    let i = 0;
    let prevWord = false;
    while (i < norm.length) {
      const c = norm.charCodeAt(i);
      const word = isWordChar(c);
      const hit = word && prevWord ? undefined : m.longestAt(norm, i);
      if (hit) {
        out.push([hit.start, hit.end]);
        i = hit.end;
        prevWord = isWordChar(norm.charCodeAt(i - 1));
      } else {
        prevWord = word;
        i++;
      }
    }
    return out;
  };
  const keys = ['भाजपा', 'आप', 'आम आदमी पार्टी', 'राहुल गांधी', 'राहुल', 'i.n.d.i.a.', '(आप)', 'bjp', 'कांग्रेस', 'कांग्रेस पार्टी', 'क', 'x1'];
  const m = new Matcher();
  keys.forEach((k, i) => m.add(k, i));
  const pieces = [...keys, 'भाजपाई', 'आपका', 'राहुलजी', 'कांग्रेसः', 'कांग्रेसः नेता', ' ', ' ', ', ', '।', '(', ')', 'bjpके', '19', 'ज़', '\u200d', 'पार्टी', 'आदमी', 'गांधी'];
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let trial = 0; trial < 3000; trial++) {
    let s = '';
    for (let k = rand(12); k >= 0; k--) s += pieces[rand(pieces.length)];
    const got = m.findAll(s).map((x) => [x.start, x.end]);
    assert.deepEqual(got, reference(m, s), JSON.stringify(s));
    // Bounded scans agree with the reference on the same bounds.
    const to = rand(s.length + 1);
    assert.deepEqual(m.findAll(s, 0, to).map((x) => [x.start, x.end]), reference(m, s.slice(0, to)).filter(([, e]) => endsOnBoundary(s, e)), JSON.stringify([s, to]));
  }
});

test('findAll finds every key of a matcher whose first-word filter grew while keys were added', () => {
  // The filter doubles as keys arrive (1 KB for a few dozen keys, 256 KB for the knowledge base):
  // keys added before each doubling must still pass it afterwards.
  const letters = 'कखगघचछजझटठडढतथदधनपफबभमयरलवसह';
  const word = (i: number) => letters[i % letters.length]! + letters[Math.floor(i / letters.length) % letters.length]! + 'ा' + letters[Math.floor(i / 900) % letters.length]!;
  const m = new Matcher();
  const keys: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const key = i % 3 === 0 ? `${word(i)} ${word(i + 1)}` : word(i);
    keys.push(key);
    m.add(key, i);
  }
  for (let i = 0; i < keys.length; i += 7) {
    const text = `यह ${keys[i]} है`;
    const hits = m.findAll(text);
    assert.equal(hits.length, 1, keys[i]);
    assert.deepEqual([hits[0]!.start, hits[0]!.end], [3, 3 + keys[i]!.length], keys[i]);
  }
});
