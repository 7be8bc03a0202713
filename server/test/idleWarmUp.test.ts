import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recognizer } from '../src/core/recognizer';
import { warmUpWhileIdle } from '../src/features/warmUp';

/** A recogniser that counts the paragraphs and the documents it analyses. */
function counting(): { recognizer: Recognizer; paragraphs: () => number; documents: () => number } {
  const recognizer = new Recognizer();
  let paragraphs = 0;
  let documents = 0;
  const analyzeParagraph = recognizer.analyzeParagraph.bind(recognizer);
  const recognize = recognizer.recognize.bind(recognizer);
  recognizer.analyzeParagraph = (text, publication) => (paragraphs++, analyzeParagraph(text, publication));
  recognizer.recognize = (text, cache) => (documents++, recognize(text, cache));
  return { recognizer, paragraphs: () => paragraphs, documents: () => documents };
}

test('the idle warm-up analyses the generated text as thousands of short paragraphs, in slices', async () => {
  const c = counting();
  let turns = 0;
  assert.equal(await warmUpWhileIdle(c.recognizer, () => (turns++, false), 0), true);
  // What initialize waits for analyses about a thousand paragraphs: too few calls for V8 to optimise the per-paragraph code.
  assert.ok(c.paragraphs() > 3000, `${c.paragraphs()} paragraphs analysed`);
  // One slice per turn of the event loop, each asked whether the server is busy first (and once before the first).
  assert.equal(turns, c.documents() + 1);
  assert.ok(c.documents() > 50, `${c.documents()} slices`);
});

test('the idle warm-up stops for good once the server is busy (a document is open)', async () => {
  const c = counting();
  let open = false;
  const run = warmUpWhileIdle(c.recognizer, () => open, 0);
  // A few slices run, then a document arrives between two of them.
  while (c.documents() < 3) await new Promise<void>((resolve) => setImmediate(resolve));
  open = true;
  const before = c.documents();
  assert.equal(await run, false);
  assert.ok(c.documents() <= before + 1, `${c.documents() - before} slices after the document was opened`);
  // And nothing more later.
  const after = c.documents();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(c.documents(), after);
});

test('the idle warm-up does not start when a document arrives during the quiet time after initialize', async () => {
  const c = counting();
  let open = false;
  const run = warmUpWhileIdle(c.recognizer, () => open, 30);
  open = true;
  assert.equal(await run, false);
  assert.equal(c.documents(), 0);
});
