/**
 * `hindi-news recognize -` on a real distributed engine: a Dask LocalCluster
 * of two worker processes (Debian `python3-distributed`) reads sharded JSONL
 * with dask.bag and pipes each partition through the command line, the way
 * Spark's RDD.pipe and Hadoop Streaming do (docs/distributed.md). The result
 * must be identical, record by record, to one single-process run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: an .mjs helper without type declarations
import { daskPython } from '../scripts/editor-tools.mjs';

const root = resolve(__dirname, '..');
const CLI = join(root, 'server', 'out', 'cli.js');

test('Dask: two workers piping JSONL shards through hindi-news recognize - give what one process gives, record by record', (t) => {
  const python = (daskPython as () => string | undefined)();
  assert.ok(python, 'dask.distributed is not installed: `npm run test:editors` installs it (Debian python3-distributed)');
  // Real articles and HiNER documents, every field passed through (gold spans included, which the output replaces).
  const records: string[] = [];
  for (const f of ['hiner-dev.jsonl', 'seed-gold.jsonl']) {
    for (const line of readFileSync(join(root, 'test-fixtures', f), 'utf8').trim().split('\n')) {
      const r = JSON.parse(line) as Record<string, unknown>;
      records.push(JSON.stringify({ ...r, id: `${f}:${String(r.id)}`, shard: records.length % 4 }));
    }
  }
  records.splice(17, 0, '{"id": "broken", "text": 42}');
  const dir = mkdtempSync(join(tmpdir(), 'hn-dask-'));
  try {
    const shards = [0, 1, 2, 3].map((k) => join(dir, `part-${k}.jsonl`));
    const per = Math.ceil(records.length / shards.length);
    shards.forEach((p, k) => writeFileSync(p, records.slice(k * per, (k + 1) * per).join('\n') + '\n'));

    const single = spawnSync(process.execPath, [CLI, 'recognize', '-', '--quiet'], { input: records.join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(single.status, 1, 'the broken record makes the single run exit 1');
    const expected = single.stdout.split('\n').slice(0, -1);
    assert.equal(expected.length, records.length);

    const out = join(dir, 'dask.jsonl');
    const r = spawnSync(python, [join(__dirname, 'dask', 'pipe.py'), process.execPath, CLI, out, ...shards], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 1, 'the partition holding the broken record fails, as it should, so run the others alone');
    assert.match(r.stderr, /hindi-news exited 1/);

    // Without the broken record every partition succeeds.
    records.splice(17, 1);
    expected.splice(17, 1);
    shards.forEach((p, k) => writeFileSync(p, records.slice(k * per, (k + 1) * per).join('\n') + '\n'));
    const ok = spawnSync(python, [join(__dirname, 'dask', 'pipe.py'), process.execPath, CLI, out, ...shards], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(ok.status, 0, `dask run failed:\n${ok.stderr}`);
    const info = JSON.parse(ok.stdout.trim().split('\n').pop()!) as { partitions: number; workers: string[]; cluster_workers: number };
    t.diagnostic(`${info.partitions} partitions on ${info.workers.length} of ${info.cluster_workers} workers`);
    assert.equal(info.partitions, 4);
    assert.equal(info.cluster_workers, 2);
    const got = readFileSync(out, 'utf8').split('\n').slice(0, -1);
    assert.equal(got.length, expected.length, 'one output record per input record');
    for (let i = 0; i < expected.length; i++) assert.equal(got[i], expected[i], `record ${i} differs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
