/**
 * The bundled command line end to end: `recognize` output imported back
 * (issue 13: machine predictions must stay unreviewed; absolute ids need
 * `--base`), then exported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', 'out', 'cli.js');
const FIXTURES = join(__dirname, '..', '..', 'test-fixtures');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('recognize /abs/dir → import: predictions become unreviewed suggestions (never confirmed), absolute ids need --base; export leaves the new articles out and says why', () => {
  const src = mkdtempSync(join(tmpdir(), 'hn-rec-'));
  for (const f of readdirSync(FIXTURES).filter((f) => f.endsWith('.txt'))) cpSync(join(FIXTURES, f), join(src, f));
  const rec = run(['recognize', src]);
  assert.equal(rec.code, 0, rec.err);
  const predictions = join(mkdtempSync(join(tmpdir(), 'hn-pred-')), 'pred.jsonl');
  writeFileSync(predictions, rec.out);
  const lines = rec.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; spans: Array<{ source: string }> });
  const total = lines.reduce((n, l) => n + l.spans.length, 0);
  assert.ok(total > 50);

  const refused = run(['import', predictions, '--into', mkdtempSync(join(tmpdir(), 'hn-into-'))]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /is an absolute path; pass --base DIR/);

  const into = mkdtempSync(join(tmpdir(), 'hn-into-'));
  const imp = run(['import', predictions, '--into', into, '--base', src]);
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.err, new RegExp(`imported ${lines.length} documents .*\\(${lines.length} new\\); confirmed spans: none; unreviewed suggestions: `));
  let suggestions = 0;
  for (const l of lines) {
    const name = l.id.slice(src.length + 1);
    const sc = JSON.parse(readFileSync(join(into, name + '.hna.json'), 'utf8'));
    assert.deepEqual(sc.annotations, [], `${name}: no prediction became a confirmed annotation`);
    assert.equal(sc.status, 'new');
    assert.ok(sc.suggestions.every((s: { source?: string }) => typeof s.source === 'string' && s.source !== 'manual'));
    suggestions += sc.suggestions.length;
  }
  assert.equal(suggestions, total, 'every prediction is kept, as a suggestion');

  const out = join(mkdtempSync(join(tmpdir(), 'hn-out-')), 'x.jsonl');
  const ex = run(['export', into, '--out', out]);
  assert.equal(ex.code, 0, ex.err);
  assert.match(ex.err, /exported 0 documents/);
  assert.match(ex.err, new RegExp(`left out ${lines.length} articles not marked done: ${lines.length} new \\(never reviewed\\) \\(pass --include-new\\)`));
  const ex2 = run(['export', into, '--include-new', '--out', out, '--force']);
  assert.equal(ex2.code, 0, ex2.err);
  const recs = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { spans: unknown[]; suggestions: unknown[]; meta: { status: string } });
  assert.equal(recs.length, lines.length);
  assert.ok(recs.every((r) => r.spans.length === 0 && r.meta.status === 'new' && r.suggestions.length > 0));
});
