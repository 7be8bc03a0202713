/**
 * The bundled server under a third LSP client: Emacs with eglot (Debian
 * `emacs-nox` + `elpa-eglot`), in batch mode, configured by the README's
 * snippet (docs/editors/hindi-news.el) exactly as a user pastes it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fixture, fixturePerson, fixtures, root, serverJs } from './fixturePerson';

const snippet = join(root, 'docs', 'editors', 'hindi-news.el');

test('Emacs eglot with the README snippet: hovering a known person shows the Latin name', (t) => {
  const version = spawnSync('emacs', ['--version'], { encoding: 'utf8' });
  assert.ok(!version.error && version.status === 0, 'emacs is not installed: `npm run test:editors` installs it (Debian emacs-nox elpa-eglot)');
  const { text, span, latin } = fixturePerson();
  const codePoint = Array.from(text.slice(0, span.start + 1)).length;

  const home = mkdtempSync(join(tmpdir(), 'hn-emacs-'));
  try {
    const r = spawnSync('emacs', ['--batch', '-q', '-l', snippet, '-l', join(__dirname, 'emacs', 'hover.el')], {
      cwd: fixtures,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`, HOME: home, HINDI_NEWS_SERVER: serverJs, HN_FILE: fixture, HN_CP: String(codePoint), HN_EXPECT: latin },
    });
    t.diagnostic(`${version.stdout.split('\n')[0]}; card:\n${r.stdout.trim()}`);
    assert.equal(r.status, 0, `Emacs test failed (status ${r.status}${r.signal ? ', ' + r.signal : ''}):\n${r.stderr}${r.stdout}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
