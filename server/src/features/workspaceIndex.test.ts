/**
 * The workspace index (Review view, references, exports' left-out lists) sees an article created
 * while it was walking the folders, once the watcher has reported it: it used to count that walk
 * as fresh for five seconds, so the Review summary left a new article out (a flaky review test).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { Recognizer } from '../core/recognizer';
import { WorkspaceIndex } from './workspaceIndex';

test('an article created and reported while the index walks the folders is in the next answer', async () => {
  const root = mkdtempSync(join(tmpdir(), 'hna-index-'));
  const [a, b] = [join(root, 'a'), join(root, 'b')];
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(join(a, 'old.txt'), 'भाजपा नेता नरेंद्र मोदी ने कहा।');
  // The walk reads folder a, then waits for folder b's settings: the file is created and reported then.
  let release!: () => void;
  const bSettings = new Promise<void>((r) => (release = r));
  let walking!: () => void;
  const walked = new Promise<void>((r) => (walking = r));
  const recognizer = new Recognizer();
  const index = new WorkspaceIndex({
    folders: () => [pathToFileURL(a).toString(), pathToFileURL(b).toString()],
    settings: async (folder) => {
      if (folder === pathToFileURL(b).toString()) {
        walking();
        await bSettings;
      }
      return { files: ['**/*.txt'], maxFullDocumentSize: 2_000_000 };
    },
    recognizer: () => recognizer,
    log: () => undefined,
    rewalkMs: 60_000,
  });
  const first = index.articles();
  await walked;
  writeFileSync(join(a, 'new.txt'), 'कांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने कहा।');
  index.invalidate(pathToFileURL(join(a, 'new.txt')).toString());
  release();
  assert.deepEqual((await first)!.map((f) => f.uri.split('/').pop()), ['old.txt']);
  const next = await index.articles();
  assert.deepEqual(next!.map((f) => f.uri.split('/').pop()).sort(), ['new.txt', 'old.txt']);
});
