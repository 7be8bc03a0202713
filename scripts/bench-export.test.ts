// The export benchmark drives the same corpus pipeline as the command line; when that
// pipeline's API moves, the benchmark must fail here, not at the end of `npm run bench`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

test('the export benchmark exports every article it made, with and without suggestions', async () => {
  const { benchExport } = (await import(pathToFileURL(join(__dirname, '..', 'bench', 'export.mjs')).href)) as {
    benchExport: (o: { articles: number; jobs?: number }) => Promise<Array<Record<string, number | string>>>;
  };
  const results = await benchExport({ articles: 12, jobs: 1 });
  const modes = results.filter((r) => 'articles' in r);
  assert.deepEqual(
    modes.map((r) => [r.name, r.articles, r.errors]),
    [
      ['export jsonl (confirmed)', 12, 0],
      ['export jsonl + suggestions (workers)', 12, 0],
    ],
  );
});
