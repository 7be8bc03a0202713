import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonErrorWithoutContents } from './jsonError';

const said = (text: string) => {
  try {
    JSON.parse(text);
  } catch (e) {
    return jsonErrorWithoutContents(e, text);
  }
  throw new Error('parsed');
};

test('JSON errors name the place (line and column in code points) and never the contents, also where Node gives no position', () => {
  assert.equal(said('AWS_SECRET=abc'), 'invalid JSON at character 1');
  assert.equal(said('[1,]'), 'invalid JSON at character 4');
  assert.equal(said('{\n "a": 1,\n "बी": [}\n}'), 'invalid JSON at line 3, column 9');
  assert.equal(said('{"a": [1'), 'invalid JSON: it ends too early');
  assert.equal(said('"abc'), 'invalid JSON: it ends too early');
  for (const t of ['AWS_SECRET=abc', 'x'.repeat(2_000_000) + 'AWS_SECRET']) assert.doesNotMatch(said(t), /AWS|x{3}/);
});
