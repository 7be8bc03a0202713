/** What the editor tests open and hover: a bundled article and a knowledge-base person in it. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Recognizer } from '../server/src/core/recognizer';
import type { Span } from '../server/src/core/types';

export const root = resolve(__dirname, '..');
export const serverJs = join(root, 'server/out/server.js');
export const fixtures = join(root, 'test-fixtures');
export const fixture = join(fixtures, '001_a79564f461821e4f.txt');

/** The fixture's text, its first person span linked to the knowledge base, and that person's Latin name; asserts the server is built. */
export function fixturePerson(): { text: string; span: Span; latin: string } {
  assert.ok(existsSync(serverJs), `${serverJs} is missing: run \`node scripts/build.mjs\` first`);
  const text = readFileSync(fixture, 'utf8');
  const recognizer = new Recognizer();
  const span = recognizer.recognize(text).spans.find((s) => s.label === 'PERSON' && s.entityId);
  assert.ok(span, 'the fixture should mention a knowledge-base person');
  return { text, span, latin: recognizer.kb.personById.get(span.entityId!)!.latin };
}
