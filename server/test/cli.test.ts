import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', 'out', 'cli.js');
const FIXTURES = join(__dirname, '..', '..', 'test-fixtures');
const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const jsonl = (records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

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
  assert.match(r.err, /^hindi-news: 5 articles, 0 errors in [\d.]+ s/m);
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

test('recognize - streams: one output line per input line, an error record in place of a bad line, a summary on stderr', () => {
  const input = jsonl([{ id: 'a', text: 'भाजपा' }, 'not json', { id: 'b', text: 'आज' }, { id: 'c' }, '', [1, 2], { text: 'कांग्रेस' }]);
  const r = run(['recognize', '-'], input);
  assert.equal(r.code, 1);
  const lines = r.out.split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, input.split('\n').length - 1, 'as many output lines as input lines');
  assert.equal(lines[4], '', 'an empty line stays an empty line');
  const out = lines.map((l) => (l ? (JSON.parse(l) as { id: string; error?: string; spans?: unknown[] }) : undefined));
  assert.deepEqual(out.map((o) => o?.id), ['a', '2', 'b', 'c', undefined, '6', '7']);
  assert.deepEqual(out.map((o) => (o ? ('error' in o ? 'error' : 'spans' in o ? 'spans' : '?') : '')), ['spans', 'error', 'spans', 'error', '', 'error', 'spans']);
  assert.deepEqual(Object.keys(out[1]!), ['id', 'error']);
  assert.match(out[1]!.error!, /^line 2: invalid JSON/);
  assert.match(out[3]!.error!, /^line 4: expected an object with a string "text" field/);
  assert.match(r.err, /stdin line 2: invalid JSON/);
  assert.match(r.err, /stdin line 4: expected an object/);
  assert.match(r.err, /stdin line 6: expected an object/);
  assert.match(r.err, /^hindi-news: 3 records, 3 errors in [\d.]+ s \([\d.]+ MB in, [\d.]+ MB out\)$/m);
  assert.equal(run(['recognize', '-', '--quiet'], jsonl([{ id: 'a', text: 'भाजपा' }])).err, '', '--quiet drops the summary');
});

test('recognize - passes every input field but text through unchanged and adds its own keys to meta', () => {
  const r = run(['recognize', '-'], jsonl([{ id: 7, text: 'कांग्रेस ने कहा', meta: { url: 'https://x', lang: 'hi' }, source: { feed: 'a', n: [1, 2] }, label: null }, { text: 'भाजपा', meta: 'opaque' }]));
  assert.equal(r.code, 0, r.err);
  const [a, b] = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(Object.keys(a!), ['id', 'text', 'meta', 'source', 'label', 'spans']);
  assert.equal(a!.id, 7, 'a numeric id stays a number');
  assert.deepEqual(a!.meta, { url: 'https://x', lang: 'hi', offsets: 'codepoint' });
  assert.deepEqual(a!.source, { feed: 'a', n: [1, 2] });
  assert.equal(a!.label, null);
  assert.equal((a!.spans as unknown[]).length, 1);
  assert.equal(b!.id, '2', 'a missing id becomes the line number');
  assert.equal(b!.meta, 'opaque', 'a meta that is not an object is left alone');
});

test('a byte order mark is dropped from files and from the stdin stream; offsets count from after it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hn-bom-'));
  const p = join(dir, 'bom.txt');
  writeFileSync(p, '\ufeffकांग्रेस ने कहा');
  const f = JSON.parse(run(['recognize', p]).out) as { text: string; spans: Array<{ start: number; text: string }> };
  assert.equal(f.text, 'कांग्रेस ने कहा');
  assert.deepEqual([f.spans[0]!.start, f.spans[0]!.text], [0, 'कांग्रेस']);
  const s = run(['recognize', '-'], Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(jsonl([{ id: 'x', text: 'भाजपा' }]))]));
  assert.equal(s.code, 0, s.err);
  assert.equal((JSON.parse(s.out) as { id: string }).id, 'x');
});

test('recognize --jobs 2 writes exactly what one job writes, in the same order', () => {
  const texts = readFileSync(join(FIXTURES, 'hiner-dev.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
  const records: unknown[] = [];
  for (let i = 0; i < 3000; i++) records.push(i % 500 === 7 ? '{broken' : { id: `r${i}`, text: texts[i % texts.length] });
  const input = jsonl(records);
  const one = run(['recognize', '-', '--quiet'], input);
  const two = run(['recognize', '-', '--jobs', '2', '--quiet'], input);
  assert.equal(one.code, 1);
  assert.equal(two.code, 1);
  assert.equal(one.out.split('\n').length, 3001);
  assert.equal(two.out, one.out);
  assert.equal(two.err, one.err);
  const files = run(['recognize', FIXTURES, '--jobs', '2', '--quiet']);
  assert.equal(files.code, 0, files.err);
  assert.equal(files.out, run(['recognize', FIXTURES, '--quiet']).out);
});

test('recognize - | head: a reader that goes away ends the run quietly with status 0', async () => {
  const line = JSON.stringify({ id: 'x', text: readFileSync(join(FIXTURES, '001_a79564f461821e4f.txt'), 'utf8') }) + '\n';
  const child = spawn(process.execPath, [CLI, 'recognize', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.on('error', () => undefined);
  child.stdout.once('data', () => child.stdout.destroy());
  const exited = new Promise<[number | null, string | null]>((resolve) => child.on('exit', (code, signal) => resolve([code, signal])));
  let gone = false;
  void exited.then(() => (gone = true));
  for (let i = 0; i < 2000 && !gone; i++) {
    if (!child.stdin.write(line)) await Promise.race([new Promise((r) => child.stdin.once('drain', r)), exited]);
  }
  child.stdin.end();
  const [code, signal] = await exited;
  assert.deepEqual([code, signal], [0, null], err);
  assert.equal(err, '');
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
  assert.match(r.err, /3 of 4 inputs could not be read; the other one was recognised/);
});

test('when nothing could be read, the CLI does not claim that "the others" were processed', () => {
  const r = run(['recognize', join(tmpdir(), 'hn-no-such-file.txt')]);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.doesNotMatch(r.err, /others/);
  assert.match(r.err, /the input could not be read; nothing was recognised/);
});

test('--format pretty marks spans and lists them with their reasons', () => {
  const r = run(['recognize', '--format', 'pretty', join(FIXTURES, '001_a79564f461821e4f.txt')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\[मल्लिकार्जुन खड़गे\]\{PERSON\}/);
  assert.match(r.out, /DATE +19 दिसम्बर, 2023 = 2023-12-19/);
});

test('--version prints the package version', () => {
  for (const flag of ['--version', '-V']) {
    const r = run([flag]);
    assert.equal(r.code, 0);
    assert.equal(r.out, `hindi-news ${PACKAGE.version}\n`);
  }
});

test('every command explains itself with --help on stdout, status 0, and the general usage lists every option', () => {
  const general = run(['--help']);
  assert.equal(general.code, 0);
  assert.equal(general.err, '');
  for (const cmd of ['recognize', 'eval', 'export', 'import', 'learn']) {
    for (const flag of ['--help', '-h']) {
      const r = run([cmd, flag]);
      assert.equal(r.code, 0, `${cmd} ${flag}: ${r.err}`);
      assert.equal(r.err, '', `${cmd} ${flag} writes nothing to stderr`);
      assert.match(r.out, new RegExp(`^usage: hindi-news ${cmd}`), `${cmd} ${flag}`);
    }
    assert.equal(run(['help', cmd]).out, run([cmd, '--help']).out);
    const options = new Set(run([cmd, '--help']).out.match(/--[a-z][a-z0-9-]+/g));
    options.delete('--help');
    for (const o of options) assert.ok(general.out.includes(o), `the general usage lists ${cmd} ${o}`);
  }
  for (const o of ['--include-unannotated', '--offset-unit', '--with-suggestions', '--split', '--seed', '--jobs', '--force', '--errors', '--format', '--quiet']) assert.ok(general.out.includes(o), o);
});

test('unknown commands, options and formats fail with usage and status 2', () => {
  assert.equal(run(['frobnicate']).code, 2);
  assert.equal(run(['recognize', '--format', 'xml', FIXTURES]).code, 2);
  const r = run(['recognize', '--frobnicate', FIXTURES]);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option --frobnicate/);
  assert.equal(run(['recognize', '-', '--jobs', 'many']).code, 2);
  assert.equal(run(['eval']).code, 2);
});

test('eval --min-f1 fails below the threshold', () => {
  const gold = join(FIXTURES, 'seed-gold.jsonl');
  assert.equal(run(['eval', gold, '--min-f1', '0.5']).code, 0);
  const r = run(['eval', gold, gold.replace('seed-gold', 'hiner-dev'), '--min-f1', '0.99']);
  assert.equal(r.code, 1);
});

test('--version after any command prints the version too, status 0', () => {
  for (const cmd of ['recognize', 'eval', 'export', 'import', 'learn']) {
    const r = run([cmd, '--version']);
    assert.equal(r.code, 0, `${cmd} --version: ${r.err}`);
    assert.equal(r.out, `hindi-news ${PACKAGE.version}\n`);
  }
  // After `--` it is a file name, not a question.
  const r = run(['recognize', '--', '--version']);
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot read --version/);
});

test('every option a command accepts is explained in its own --help, one line each', () => {
  for (const cmd of ['recognize', 'eval', 'export', 'import', 'learn']) {
    const help = run([cmd, '--help']).out;
    const named = new Set(help.match(/--[a-z][a-z0-9-]+/g));
    const explained = new Set([...help.matchAll(/^ {2}(--[a-z][a-z0-9-]+)/gm)].map((m) => m[1]!));
    for (const o of named) assert.ok(explained.has(o) || (cmd === 'export' && o === '--include-unannotated'), `hindi-news ${cmd} --help names ${o} without a line explaining it`);
    for (const line of help.split('\n')) assert.ok(line.length <= 100, `hindi-news ${cmd} --help: a line of ${line.length} characters: ${line}`);
  }
});

test('a usage error says what was wrong on its first line, then the synopsis and where the options are explained', () => {
  const cases: Array<[string[], RegExp]> = [
    [['recognize', '--frobnicate', FIXTURES], /^hindi-news recognize: unknown option --frobnicate$/],
    [['eval'], /^hindi-news eval: give GOLD\.jsonl/],
    [['learn', 'gold.jsonl'], /^hindi-news learn: --out MODEL\.json is required/],
    [['learn', 'gold.jsonl', '--out'], /^hindi-news learn: --out needs a value$/],
    [['export', FIXTURES], /^hindi-news export: --out <dir\|file> is required$/],
    [['import', 'x.jsonl'], /^hindi-news import: --into <folder> is required/],
    [['import', 'x.jsonl', '--into', 'y', '--as', 'gold'], /^hindi-news import: --as must be auto, confirmed or suggestions, not "gold"$/],
    [['import', 'x.jsonl', '--into', 'y', '--offset-unit', 'byte'], /^hindi-news import: --offset-unit must be codepoint or utf16, not "byte"$/],
  ];
  for (const [args, first] of cases) {
    const r = run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.out, '');
    const lines = r.err.trimEnd().split('\n');
    assert.match(lines[0]!, first);
    assert.match(lines[1]!, new RegExp(`^usage: hindi-news ${args[0]} `));
    assert.equal(lines.at(-1), `(hindi-news ${args[0]} --help explains every option)`);
    assert.ok(lines.length <= 5, `${args.join(' ')}: ${lines.length} lines of stderr, the options are for --help`);
  }
  const unknown = run(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.err, "hindi-news: unknown command 'frobnicate': the commands are recognize, eval, export, import and learn (hindi-news --help explains them)\n");
});

test('a line that is not JSON is reported by position, never quoted (stdin, eval and learn inputs)', () => {
  const secret = 'AWS_SECRET_ACCESS_KEY=abc123';
  const r = run(['recognize', '-'], `${secret}\n{"text": "भाजपा",}\n`);
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.out + r.err, /AWS_SECRET|abc123/);
  const errors = r.out.trim().split('\n').map((l) => (JSON.parse(l) as { error: string }).error);
  // Node 20 gives no position for the first ("Unexpected token 'A', "AWS_SECRET"…"): it is found all the same, and the message says what to do.
  const fix = '; each line must be one JSON object with a "text" field: fix or remove the line';
  assert.deepEqual(errors, [`line 1: invalid JSON at character 1${fix}`, `line 2: invalid JSON at character 18${fix}`]);
  const dir = mkdtempSync(join(tmpdir(), 'hn-cli-'));
  const file = join(dir, 'gold.jsonl');
  writeFileSync(file, `{"text": "भाजपा", "spans": [${secret}]}\n`);
  for (const args of [['eval', file], ['learn', file, '--out', join(dir, 'model.json')], ['import', file, '--into', join(dir, 'into')]]) {
    const e = run(args);
    assert.notEqual(e.code, 0, args[0]);
    assert.match(e.err, /gold\.jsonl:1: (not a JSON record \()?invalid JSON at character 29\)?; each line must be one JSON object.*: fix/, args[0]);
    assert.doesNotMatch(e.err, /AWS_SECRET|abc123/, args[0]);
  }
});

test('an error no command expected (here the data file missing beside the bundle) is one message, the stack only on request', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hn-cli-'));
  const bundle = join(dir, 'cli.js');
  writeFileSync(bundle, readFileSync(CLI));
  const plain = spawnSync(process.execPath, [bundle, 'recognize', '-'], { input: '{"text": "भाजपा"}\n', encoding: 'utf8' });
  assert.equal(plain.status, 70);
  assert.match(plain.stderr, /^hindi-news: The recogniser's data file \S+recognizer-data\.bin cannot be read .*: reinstall, or rebuild with node scripts\/build\.mjs\.\n/);
  assert.doesNotMatch(plain.stderr, /^\s+at /m, 'no stack trace for a user');
  const debug = spawnSync(process.execPath, [bundle, 'recognize', '-'], { input: '{"text": "भाजपा"}\n', encoding: 'utf8', env: { ...process.env, HINDI_NEWS_DEBUG: '1' } });
  assert.equal(debug.status, 70);
  assert.match(debug.stderr, /^\s+at /m);
});

test('counts in messages are words: "1 document", "the other document was imported", never "document(s)"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hn-cli-'));
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, jsonl([{ id: 'a', text: 'भाजपा ने कहा', spans: [{ start: 0, end: 5, label: 'PARTY' }] }, 'not json']));
  const r = run(['import', input, '--into', join(dir, 'corpus')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /^imported 1 document into /m);
  assert.match(r.err, /^1 problem: see the errors above; the other document was imported$/m);
  assert.doesNotMatch(r.err, /\(s\)/);
});
