/**
 * The bundled server under a second, independent LSP client: Neovim's
 * built-in one (Debian `neovim`, 0.7+), headless. Fails, with a message
 * saying how to install it, when nvim is missing: CI installs it with apt.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Recognizer } from '../src/core/recognizer';

const root = resolve(__dirname, '../..');
const serverJs = join(root, 'server/out/server.js');
const fixture = join(root, 'test-fixtures', '001_a79564f461821e4f.txt');

test('Neovim: hovering a known person in a .txt fixture shows the Latin name', (t) => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.ok(!version.error && version.status === 0, 'nvim is not installed: install Neovim (`apt-get install -y neovim`) to run the real-editor test');
  assert.ok(existsSync(serverJs), `${serverJs} is missing: run \`node scripts/build.mjs\` first (npm test does)`);

  const text = readFileSync(fixture, 'utf8');
  const recognizer = new Recognizer();
  const span = recognizer.recognize(text).spans.find((s) => s.label === 'PERSON' && s.entityId);
  assert.ok(span, 'the fixture should mention a knowledge-base person');
  const latin = recognizer.kb.personById.get(span.entityId!)!.latin;
  const pos = TextDocument.create('file:///x', 'text', 1, text).positionAt(span.start + 1);

  const home = mkdtempSync(join(tmpdir(), 'hn-nvim-'));
  try {
    const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(__dirname, 'nvim', 'hover.lua')}`], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOME: home, XDG_STATE_HOME: home, XDG_DATA_HOME: home, HN_FILE: fixture, HN_ROOT: join(root, 'test-fixtures'), HN_SERVER: serverJs, HN_NODE: process.execPath, HN_LINE: String(pos.line), HN_CHAR: String(pos.character), HN_EXPECT: latin },
    });
    t.diagnostic(`${version.stdout.split('\n')[0]}; card:\n${r.stdout.trim()}`);
    assert.equal(r.status, 0, `Neovim hover test failed (status ${r.status}${r.signal ? ', ' + r.signal : ''}):\n${r.stderr}${r.stdout}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
