import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', 'out', 'cli.js');
const FIXTURES = join(__dirname, '..', '..', 'test-fixtures');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('the CLI bundle exists (npm test builds it first)', () => {
  assert.ok(existsSync(CLI), `missing ${CLI}: run node scripts/build.mjs`);
});

test('recognize <folder> writes one JSONL object per article with code-point offsets', () => {
  const r = run(['recognize', FIXTURES]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; text: string; spans: Array<{ start: number; end: number; label: string; text: string }> });
  assert.equal(lines.length, 5);
  for (const d of lines) {
    assert.ok(d.id.startsWith(FIXTURES));
    assert.equal(d.text, readFileSync(d.id, 'utf8'));
    const cps = Array.from(d.text);
    assert.ok(d.spans.length > 10);
    for (const s of d.spans) assert.equal(cps.slice(s.start, s.end).join(''), s.text);
  }
});

test('offsets are code points when the text has characters beyond the BMP', () => {
  const r = run(['recognize', '-'], JSON.stringify({ id: 'e', text: '😀😀 कांग्रेस ने 19 दिसम्बर, 2023 को' }) + '\n');
  assert.equal(r.code, 0, r.err);
  const d = JSON.parse(r.out) as { spans: Array<{ start: number; end: number; text: string; label: string }> };
  const party = d.spans.find((s) => s.label === 'PARTY')!;
  assert.deepEqual([party.start, party.end, party.text], [3, 11, 'कांग्रेस']);
  const date = d.spans.find((s) => s.label === 'DATE')!;
  assert.equal(date.text, '19 दिसम्बर, 2023');
});

test('recognize - streams: one output line per input record, bad lines reported with their number', () => {
  const input = [JSON.stringify({ id: 'a', text: 'भाजपा' }), 'not json', JSON.stringify({ id: 'b', text: 'आज' }), JSON.stringify({ id: 'c' })].join('\n') + '\n';
  const r = run(['recognize', '-'], input);
  assert.equal(r.code, 1);
  const out = r.out.trim().split('\n').map((l) => JSON.parse(l) as { id: string });
  assert.deepEqual(out.map((o) => o.id), ['a', 'b']);
  assert.match(r.err, /line 2: not JSON/);
  assert.match(r.err, /line 4: expected an object/);
});

test('unreadable, binary and non-UTF-8 inputs are named; the other files are still processed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hn-cli-'));
  writeFileSync(join(dir, 'a.txt'), 'कांग्रेस ने कहा');
  writeFileSync(join(dir, 'bin.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  writeFileSync(join(dir, 'latin1.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20]));
  const r = run(['recognize', dir, join(dir, 'missing.txt')]);
  assert.equal(r.code, 1);
  assert.equal(r.out.trim().split('\n').length, 1);
  assert.match(r.err, /bin\.txt: looks like a binary file/);
  assert.match(r.err, /latin1\.txt: not valid UTF-8 \(first bad byte at offset 3\)/);
  assert.match(r.err, /missing\.txt: no such file/);
});

test('--format pretty marks spans and lists them with their reasons', () => {
  const r = run(['recognize', '--format', 'pretty', join(FIXTURES, '001_a79564f461821e4f.txt')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\[मल्लिकार्जुन खड़गे\]\{PERSON\}/);
  assert.match(r.out, /DATE +19 दिसम्बर, 2023 = 2023-12-19/);
});

test('eval prints the same table as score.py', () => {
  const gold = join(FIXTURES, 'seed-gold.jsonl');
  const dir = mkdtempSync(join(tmpdir(), 'hn-eval-'));
  const pred = join(dir, 'pred.jsonl');
  const texts = readFileSync(gold, 'utf8').trim().split('\n').map((l) => JSON.stringify({ id: (JSON.parse(l) as { id: string }).id, text: (JSON.parse(l) as { text: string }).text }));
  const rec = run(['recognize', '-'], texts.join('\n') + '\n');
  writeFileSync(pred, rec.out);
  const ours = run(['eval', gold, pred]);
  assert.equal(ours.code, 0, ours.err);
  const py = spawnSync('python3', [join(FIXTURES, 'score.py'), gold, pred], { encoding: 'utf8' });
  if (py.status === null) assert.fail('python3 is needed to compare with score.py');
  assert.equal(ours.out.trim(), py.stdout.trim());
});

test('unknown command and format fail with usage', () => {
  assert.equal(run(['frobnicate']).code, 2);
  assert.equal(run(['recognize', '--format', 'xml', FIXTURES]).code, 2);
});
