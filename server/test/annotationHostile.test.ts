/**
 * The issue-12 audit's hostile cases, over stdio against the bundled server
 * (each test its own server process): a full disk and a file size limit
 * while tags are pending, and what the list does not name.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Commands } from '../src/protocol';
import { LspClient, runningAsRoot, until, type ClientOptions } from './lspClient';

const ARTICLE = [
  'नई दिल्ली, 19 दिसंबर 2023।',
  'कांग्रेस अध्यक्ष मल्लिकार्जुन खड़गे ने सोमवार को कहा कि भाजपा हारेगी।',
  'रमेश कुमार, सुरेश यादव, दिनेश शर्मा, महेश वर्मा, गणेश सिंह, राकेश जैन, मुकेश राय, उमेश पाल, नरेश दास, योगेश साहू, हितेश मीणा और कमलेश गुप्ता भी आए।',
].join('\n');
const NAMES = ['रमेश कुमार', 'सुरेश यादव', 'दिनेश शर्मा', 'महेश वर्मा', 'गणेश सिंह', 'राकेश जैन', 'मुकेश राय', 'उमेश पाल', 'नरेश दास', 'योगेश साहू', 'हितेश मीणा', 'कमलेश गुप्ता'];

const folders: string[] = [];
const mounts: string[] = [];
const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) if (c.proc.exitCode === null && c.proc.signalCode === null) await c.kill();
  for (const m of mounts) execFileSync('umount', [m]);
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function folder(prefix = 'hna-hostile-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o777);
  folders.push(dir);
  return dir;
}

async function client(options: ClientOptions): Promise<LspClient> {
  const c = new LspClient(options);
  clients.push(c);
  return c.initialize();
}

const sidecarOf = (dir: string, name: string) => join(dir, name + '.hna.json');

async function tag(c: LspClient, name: string, text: string): Promise<void> {
  const r = await c.run(Commands.tag, { uri: c.uriOf(name), range: c.rangeOf(name, text), label: 'PERSON', exact: true });
  assert.ok(r.ok, JSON.stringify(r));
}

/**
 * One tag is on disk; then the disk cannot take the sidecar (`fill`), twelve
 * more tags are acknowledged and the editor saves: one error that says what
 * happened and what to do, the old sidecar untouched; then there is room
 * again (`free`) and the next save writes all thirteen, and says so.
 */
async function fullDisk(c: LspClient, dir: string, fill: () => void, free: () => void, message: RegExp): Promise<void> {
  c.open('a.txt', ARTICLE);
  await tag(c, 'a.txt', 'मल्लिकार्जुन खड़गे');
  await c.save('a.txt');
  const before = await until('the first tag on disk', () => (c.readSidecar('a.txt')?.annotations.length === 1 ? readFileSync(sidecarOf(dir, 'a.txt'), 'utf8') : undefined));
  fill();
  for (const n of NAMES) await tag(c, 'a.txt', n);
  await c.save('a.txt');
  const m = await until('the error', () => c.messages.find((x) => x.type === 1 && x.message.includes('a.txt')));
  assert.match(m.message, message);
  assert.match(m.message, /The 13 annotation\(s\) of a\.txt are kept and saved as soon as this is fixed/);
  assert.equal(readFileSync(sidecarOf(dir, 'a.txt'), 'utf8'), before, 'the sidecar on disk is the last good one');
  assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), [], 'no half-written temporary file is left');
  free();
  await c.save('a.txt');
  const sc = await until('all thirteen on disk', () => (c.readSidecar('a.txt')?.annotations.length === 13 ? c.readSidecar('a.txt') : undefined));
  assert.deepEqual(sc.annotations.map((a: { text: string }) => a.text).sort(), ['मल्लिकार्जुन खड़गे', ...NAMES].sort());
  await until('the user is told it is saved now', () => c.messages.find((x) => x.type === 3 && /a\.txt are saved now/.test(x.message)));
  assert.equal(c.messages.filter((x) => x.type === 1).length, 1, JSON.stringify(c.messages));
  await c.quit();
}

test('a full disk (ENOSPC): one message says to free space, the tags stay pending and the old sidecar untouched, and they are written once there is room', async () => {
  const dir = folder();
  const filler = join(dir, 'filler.bin');
  let fill: () => void;
  let free: () => void;
  let launcher: string[] | undefined;
  if (runningAsRoot) {
    // A real full disk: a 64 KB tmpfs, filled up.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0777', 'tmpfs', dir]);
    mounts.push(dir);
    fill = () => {
      const fd = openSync(filler, 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(1024));
      } catch (e) {
        assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        closeSync(fd);
      }
    };
    free = () => rmSync(filler);
  } else {
    // Without the right to mount: the server's file size limit makes the same writes fail (EFBIG).
    launcher = ['prlimit', '--fsize=4096:'];
    fill = () => undefined;
    free = () => execFileSync('prlimit', ['--pid', String(c.proc.pid), '--fsize=unlimited:']);
  }
  writeFileSync(join(dir, 'a.txt'), ARTICLE);
  const c = await client({ folder: dir, ...(launcher ? { launcher } : {}) });
  await fullDisk(c, dir, fill, free, runningAsRoot ? /the disk is full \(ENOSPC\)\. Free some space on it; the previous annotations file is unchanged\./ : /EFBIG/);
});

test('a file size limit on the server (EFBIG): the message says how to raise it without losing what is pending; the tags are written once it is raised', async () => {
  const dir = folder();
  writeFileSync(join(dir, 'a.txt'), ARTICLE);
  // One tag fits in 4 KB, thirteen do not.
  const c = await client({ folder: dir, launcher: ['prlimit', '--fsize=4096:'] });
  await fullDisk(
    c,
    dir,
    () => undefined,
    () => execFileSync('prlimit', ['--pid', String(c.proc.pid), '--fsize=unlimited:']),
    new RegExp(`a file size limit.*Raise it without restarting, so nothing pending is lost: \`prlimit --pid ${c.proc.pid} --fsize=unlimited\``),
  );
});

test('a workspace on a read-only mount (EROFS): the message says to copy the article to a writable folder; nothing is written, nothing hangs', async () => {
  const dir = folder();
  writeFileSync(join(dir, 'a.txt'), ARTICLE);
  let expected: RegExp;
  if (runningAsRoot) {
    execFileSync('mount', ['--bind', dir, dir]);
    mounts.push(dir);
    execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
    expected = /on a file system mounted read-only \(EROFS\)\. Copy the article to a writable folder and annotate it there/;
  } else {
    chmodSync(dir, 0o555);
    expected = /is read-only \(EACCES\)\. Make the folder writable/;
  }
  const c = await client({ folder: dir });
  c.open('a.txt', ARTICLE);
  await tag(c, 'a.txt', NAMES[0]!);
  await c.save('a.txt');
  const m = await until('the error', () => c.messages.find((x) => x.type === 1 && x.message.includes('a.txt')));
  assert.match(m.message, expected);
  assert.ok(!existsSync(sidecarOf(dir, 'a.txt')));
  // Commands still answer.
  await tag(c, 'a.txt', NAMES[1]!);
  await c.quit();
  assert.ok(c.messages.some((x) => x.type === 1 && /could not be saved before the server stopped/.test(x.message)), JSON.stringify(c.messages));
});

const CLI = join(__dirname, '..', 'out', 'cli.js');

test('an export that runs out of room fails with exit 1 and says what to do; no truncated dataset is left in place of the earlier one (EFBIG under a file size limit; ENOSPC on a full disk)', () => {
  const ws = folder();
  const fixture = readFileSync(join(__dirname, '../../test-fixtures/001_a79564f461821e4f.txt'), 'utf8');
  for (let i = 0; i < 30; i++) writeFileSync(join(ws, `a${i}.txt`), fixture);
  const out = folder('hna-hostile-out-');
  const cli = (args: string[], launcher: string[] = []) => {
    const [cmd, ...rest] = [...launcher, process.execPath, CLI, 'export', ws, '--include-new', ...args];
    return spawnSync(cmd!, rest, { encoding: 'utf8' });
  };
  // An earlier, complete export of the same file.
  const file = join(out, 'all.jsonl');
  assert.equal(cli(['--out', file]).status, 0);
  const earlier = readFileSync(file, 'utf8');
  assert.equal(earlier.trim().split('\n').length, 30);
  // The dataset is about 150 KB: 20 KB of it is all a 20 KB file size limit lets through.
  const limited = cli(['--out', file, '--force'], ['prlimit', '--fsize=20000:']);
  assert.equal(limited.status, 1, limited.stderr);
  assert.match(limited.stderr, /cannot write .*all\.jsonl: the file would be larger than this process may write \(EFBIG.*raise the limit, then export again/);
  assert.doesNotMatch(limited.stderr, /exported 30 documents/);
  assert.equal(readFileSync(file, 'utf8'), earlier, 'the earlier export is still whole');
  assert.deepEqual(readdirSync(out).filter((n) => n !== 'all.jsonl'), [], 'no temporary file is left');
  // What an export killed while writing left (a process that no longer runs) goes with the next export of that file.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  const killedTemp = join(out, `.all.jsonl.${dead}.0123abcd.tmp`);
  writeFileSync(killedTemp, earlier.slice(0, 1000));
  assert.equal(cli(['--out', file, '--force']).status, 0);
  assert.ok(!existsSync(killedTemp), 'the temporary file of a killed export is removed');
  // A folder export (Label Studio) the same way: nothing but the export marker.
  const ls = join(out, 'ls');
  const r2 = cli(['--format', 'labelstudio', '--out', ls], ['prlimit', '--fsize=20000:']);
  assert.equal(r2.status, 1, r2.stderr);
  assert.ok(!existsSync(join(ls, 'annotations.json')), 'no truncated annotations.json');
  if (runningAsRoot) {
    // A real full disk: 64 KB of tmpfs.
    const small = folder('hna-hostile-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0777', 'tmpfs', small]);
    mounts.push(small);
    mkdirSync(join(small, 'x'));
    const r3 = cli(['--out', join(small, 'x', 'all.jsonl')]);
    assert.equal(r3.status, 1, r3.stderr);
    assert.match(r3.stderr, /the disk is full \(ENOSPC\); free some space, then export again/);
    assert.deepEqual(readdirSync(join(small, 'x')), [], 'nothing half-written is left on the full disk');
  }
});

test('a sidecar that is a symbolic link (here to a valid sidecar outside the workspace) is not read through: the article is blocked with a message, nothing is acknowledged that could never be saved, and the CLI says the same', async () => {
  const dir = folder();
  const outside = folder('hna-hostile-outside-');
  writeFileSync(join(dir, 'a.txt'), ARTICLE);
  const c0 = await client({ folder: outside });
  writeFileSync(join(outside, 'a.txt'), ARTICLE);
  c0.open('a.txt', ARTICLE);
  await tag(c0, 'a.txt', NAMES[0]!);
  await c0.quit();
  symlinkSync(join(outside, 'a.txt.hna.json'), sidecarOf(dir, 'a.txt'));
  const before = readFileSync(join(outside, 'a.txt.hna.json'), 'utf8');
  const c = await client({ folder: dir });
  c.open('a.txt', ARTICLE);
  const r = await c.run(Commands.tag, { uri: c.uriOf('a.txt'), range: c.rangeOf('a.txt', NAMES[1]!), label: 'PERSON', exact: true });
  assert.equal(r.ok, false, 'no tag is acknowledged that could never be written');
  assert.match(r.message, /a\.txt\.hna\.json is a symbolic link; annotations are not read or written through links/);
  await until('the message', () => c.messages.find((m) => m.type === 1 && /is a symbolic link/.test(m.message)));
  const out = join(folder('hna-hostile-out-'), 'a.jsonl');
  const x = spawnSync(process.execPath, [CLI, 'export', dir, '--include-in-progress', '--out', out], { encoding: 'utf8' });
  assert.equal(x.status, 1, x.stderr);
  assert.match(x.stderr, /a\.txt\.hna\.json: the annotations file is a symbolic link; links are not followed/);
  // Replaced by the file itself: the article is loaded again, with the annotations it holds.
  rmSync(sidecarOf(dir, 'a.txt'));
  writeFileSync(sidecarOf(dir, 'a.txt'), before);
  await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uriOf('a.txt.hna.json'), type: 2 }] });
  await until('tagging works again', async () => (await c.run(Commands.tag, { uri: c.uriOf('a.txt'), range: c.rangeOf('a.txt', NAMES[1]!), label: 'PERSON', exact: true })).ok);
  await c.quit();
  assert.equal(readFileSync(join(outside, 'a.txt.hna.json'), 'utf8'), before, 'the file outside was never written');
  assert.deepEqual(c.readSidecar('a.txt').annotations.map((a: { text: string }) => a.text), NAMES.slice(0, 2));
});

test('a span holding a lone surrogate (half an emoji) still fits the article once it is saved as UTF-8: reopening does not block it, and the CLI exports it', async () => {
  const dir = folder();
  const text = ARTICLE.replace('सुरेश यादव', 'सुरेश\ud83dयादव');
  writeFileSync(join(dir, 'a.txt'), ARTICLE);
  const c = await client({ folder: dir });
  c.open('a.txt', text);
  await tag(c, 'a.txt', 'सुरेश\ud83dयादव');
  // The editor saves the article: UTF-8 has no lone surrogates, so it is written as U+FFFD.
  writeFileSync(join(dir, 'a.txt'), text);
  await c.save('a.txt');
  const sc = await c.sidecarWhen('a.txt', (d) => d.annotations.length === 1);
  assert.equal(sc.annotations[0].text, 'सुरेश\ufffdयादव', 'recorded as the saved article holds it');
  await c.close('a.txt');
  c.open('a.txt');
  await tag(c, 'a.txt', NAMES[0]!);
  await c.quit();
  assert.deepEqual(c.messages.filter((m) => m.type === 1), []);
  assert.equal(c.readSidecar('a.txt').annotations.length, 2);
  const out = join(folder('hna-hostile-out-'), 'a.jsonl');
  const r = spawnSync(process.execPath, [CLI, 'export', dir, '--include-in-progress', '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const rec = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(rec.spans.map((s: { text: string }) => s.text), [NAMES[0], 'सुरेश\ufffdयादव']);
});

test('an export while a write keeps failing says which articles hold annotations not saved yet, instead of exporting their old annotations silently', async () => {
  const dir = folder();
  writeFileSync(join(dir, 'a.txt'), ARTICLE);
  writeFileSync(join(dir, 'b.txt'), ARTICLE);
  const c = await client({ folder: dir, asNobody: true });
  c.open('a.txt', ARTICLE);
  await tag(c, 'a.txt', NAMES[0]!);
  await c.save('a.txt');
  await c.sidecarWhen('a.txt', (d) => d.annotations.length === 1);
  chmodSync(sidecarOf(dir, 'a.txt'), 0o444);
  await tag(c, 'a.txt', NAMES[1]!);
  const r = await c.run(Commands.exportAnnotations, { format: 'jsonl', out: join(folder('hna-hostile-out-'), 'x.jsonl'), includeInProgress: true });
  assert.ok(r.ok, JSON.stringify(r));
  assert.match(r.message!, /1 article\(s\) have annotations that could not be saved yet \(.*a\.txt: not saving annotations: .* is read-only \(mode 0444\).*\); the export holds their annotations as last saved/);
  assert.match(r.summary!.problems![0]!, /could not be saved yet/);
  chmodSync(sidecarOf(dir, 'a.txt'), 0o644);
  await c.quit();
});

test('the command line never waits on a pipe or reads a device: a FIFO sidecar, a FIFO article and links to /dev/zero are reported and the rest is exported', () => {
  const ws = folder();
  writeFileSync(join(ws, 'a.txt'), ARTICLE);
  execFileSync('mkfifo', [join(ws, 'a.txt.hna.json')]);
  execFileSync('mkfifo', [join(ws, 'b.txt')]);
  symlinkSync('/dev/zero', join(ws, 'c.txt'));
  writeFileSync(join(ws, 'd.txt'), ARTICLE);
  symlinkSync('/dev/zero', join(ws, 'd.txt.hna.json'));
  writeFileSync(join(ws, 'e.txt'), ARTICLE);
  const out = join(folder('hna-hostile-out-'), 'x.jsonl');
  // A hang fails the test instead of the suite.
  const r = spawnSync(process.execPath, [CLI, 'export', ws, '--include-new', '--out', out], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.signal, null, 'the export finished');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /skipped .*b\.txt: not a regular file/);
  assert.match(r.stderr, /skipped .*c\.txt: a symbolic link/);
  assert.match(r.stderr, /a\.txt\.hna\.json is not a regular file \(a named pipe\)/);
  assert.match(r.stderr, /d\.txt\.hna\.json: the annotations file is a symbolic link/);
  assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id), ['e.txt']);
});
