/**
 * The bundled server under a second, independent LSP client: Neovim's
 * built-in one (Debian `neovim`, 0.7+), headless, configured by the README's
 * snippet (docs/editors/hindi-news.lua) exactly as a user pastes it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixture, fixturePerson, fixtures, root, serverJs } from './fixturePerson';

const snippet = join(root, 'docs', 'editors', 'hindi-news.lua');

test('Neovim with the README snippet: hovering a known person shows the Latin name (and, 0.9+, a person token)', (t) => {
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.ok(!version.error && version.status === 0, 'nvim is not installed: `npm run test:editors` installs it (Debian neovim)');
  const { text, span, latin } = fixturePerson();
  const pos = TextDocument.create('file:///x', 'text', 1, text).positionAt(span.start + 1);

  const home = mkdtempSync(join(tmpdir(), 'hn-nvim-'));
  try {
    const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${snippet}`, '-c', `luafile ${join(__dirname, 'nvim', 'hover.lua')}`], {
      cwd: fixtures,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        HOME: home,
        XDG_STATE_HOME: home,
        XDG_DATA_HOME: home,
        HINDI_NEWS_SERVER: serverJs,
        HN_FILE: fixture,
        HN_LINE: String(pos.line),
        HN_CHAR: String(pos.character),
        HN_EXPECT: latin,
      },
    });
    t.diagnostic(`${version.stdout.split('\n')[0]}; card:\n${r.stdout.trim()}`);
    assert.equal(r.status, 0, `Neovim test failed (status ${r.status}${r.signal ? ', ' + r.signal : ''}):\n${r.stderr}${r.stdout}`);
    assert.equal(r.stderr.trim(), '', 'the snippet should load without warnings');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
