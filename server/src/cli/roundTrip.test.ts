/**
 * Export → import round trips through the command line, in process: what an
 * export says about an article (its review status above all) comes back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AnnotationSet } from '../core/annotations/model';
import { sidecarPath, toSidecar, writeSidecar } from '../core/annotations/sidecar';
import type { ReviewStatus } from '../core/annotations/status';
import { runExport, runImport } from './export';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `hna-${p}-`));

async function article(dir: string, name: string, text: string, tagged: string, status: ReviewStatus): Promise<void> {
  const p = join(dir, name);
  writeFileSync(p, text);
  const set = new AnnotationSet(text);
  assert.ok(set.add(text.indexOf(tagged), text.indexOf(tagged) + tagged.length, 'PERSON', { exact: true }).ok);
  assert.ok((await writeSidecar(sidecarPath(p), { ...toSidecar(set, p), status })).ok);
}

test('brat export with a split, imported again: each article keeps its review status (an article in progress does not come back done)', async () => {
  const ws = tmp('rt-ws');
  await article(ws, 'a.txt', 'राहुल गांधी ने कहा।\n', 'राहुल गांधी', 'done');
  await article(ws, 'b.txt', 'सोनिया गांधी ने कहा।\n', 'सोनिया गांधी', 'inProgress');
  const out = join(tmp('rt-out'), 'brat');
  const lines: string[] = [];
  const io = { stderr: (s: string) => void lines.push(s) };
  assert.equal(await runExport([ws, '--format', 'brat', '--out', out, '--include-in-progress', '--split', '50/50/0', '--seed', '1'], io), 0, lines.join('\n'));
  const into = tmp('rt-in');
  assert.equal(await runImport([out, '--into', into], io), 0, lines.join('\n'));
  const statusOf = (name: string): string | undefined => {
    for (const split of ['train', 'dev', 'test', '.']) {
      const p = join(into, split, name) + '.hna.json';
      if (existsSync(p)) return JSON.parse(readFileSync(p, 'utf8')).status;
    }
    return undefined;
  };
  // Repro: documents.tsv names `b.txt`, the split puts it at `dev/b.txt`; the status was not found and it came back done.
  assert.deepEqual([statusOf('a.txt'), statusOf('b.txt')], ['done', 'inProgress'], `${readdirSync(into).join(', ')}\n${lines.join('\n')}`);
});
