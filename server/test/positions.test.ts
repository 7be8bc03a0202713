import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, splitPerLine, toOffset, toPosition } from '../src/features/positions';

const samples = [
  '',
  'a',
  'अविनाश पांडेय\nकांग्रेस',
  'line one\r\nदूसरी पंक्ति\rthird\n',
  // Combining marks (matras, virama, nukta) and an astral emoji before a name.
  '😀 खड़गे ने कहा\r\n\r\nक़ि ष्ट्र 🇮🇳 मोदी',
  '\n\n\r\r\n',
];

test('LineIndex agrees with TextDocument and round-trips every offset', () => {
  for (const text of samples) {
    const doc = TextDocument.create('file:///x.txt', 'hindi-news', 1, text);
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, doc.lineCount, JSON.stringify(text));
    for (let o = 0; o <= text.length; o++) {
      const p = toPosition(idx, o);
      assert.deepEqual(p, doc.positionAt(o), `offset ${o} of ${JSON.stringify(text)}`);
      // Offsets between \r and \n are not positions; everything else must round-trip.
      if (!(text[o - 1] === '\r' && text[o] === '\n')) assert.equal(toOffset(idx, p), o);
      assert.equal(toOffset(doc, p), doc.offsetAt(p));
    }
  }
});

test('positions past a line end clamp to it', () => {
  const idx = new LineIndex('ab\r\ncd');
  assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2);
  assert.equal(idx.offsetAt({ line: 5, character: 0 }), 6);
  assert.equal(idx.offsetAt({ line: 1, character: 1 }), 5);
});

test('columns are UTF-16 code units: an emoji counts two, a matra one', () => {
  const text = '😀 मोदी';
  const idx = new LineIndex(text);
  assert.deepEqual(idx.positionAt(text.indexOf('मोदी')), { line: 0, character: 3 });
  assert.deepEqual(idx.positionAt(text.length), { line: 0, character: 7 });
});

test('splitPerLine leaves out line breaks', () => {
  const text = 'राहुल\r\nगांधी\nजी';
  const idx = new LineIndex(text);
  assert.deepEqual(splitPerLine(idx, text, 0, text.length), [
    { line: 0, character: 0, length: 5 },
    { line: 1, character: 0, length: 5 },
    { line: 2, character: 0, length: 2 },
  ]);
  assert.deepEqual(splitPerLine(idx, text, 2, 4), [{ line: 0, character: 2, length: 2 }]);
  assert.deepEqual(splitPerLine(idx, text, 5, 7), []);
});
