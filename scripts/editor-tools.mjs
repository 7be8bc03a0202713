// Installs the programs that `npm run test:editors` drives, and only those:
// Neovim and Emacs (two more LSP clients), python3 (the reference scorer) and
// Dask's distributed scheduler. `npm test` never calls this: it needs Node alone.
//
// As root on Debian the missing packages are installed with apt-get, saying
// which and why first; a lock held by another apt-get is waited for (up to
// APT_LOCK_WAIT seconds, 600 by default) and reported while waiting. Anywhere
// else a missing tool stops the run with the command that installs it.
import { spawnSync } from 'node:child_process';

const sh = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'ignore' }).status === 0;

/** What the editor tests need: a check, the Debian package that provides it, and why. */
export const TOOLS = [
  { name: 'nvim', check: () => sh('command -v nvim'), pkg: 'neovim', why: 'the Neovim LSP client test (test-editors/nvim.test.ts)' },
  { name: 'emacs + eglot', check: () => sh('command -v emacs') && sh(`emacs --batch --eval "(require 'eglot)"`), pkg: 'emacs-nox elpa-eglot', why: 'the Emacs eglot client test (test-editors/emacs.test.ts)' },
  { name: 'python3', check: () => sh('command -v python3'), pkg: 'python3', why: 'comparing `hindi-news eval` with score.py (test-editors/score.test.ts)' },
  { name: 'dask.distributed', check: () => daskPython() !== undefined, pkg: 'python3-distributed', why: 'the Dask LocalCluster run (test-editors/dask.test.ts)' },
];

/** A python interpreter that can import dask.distributed: the one on PATH, or Debian's. */
export function daskPython() {
  for (const py of ['python3', '/usr/bin/python3']) {
    if (spawnSync(py, ['-c', 'import dask.bag, distributed'], { stdio: 'ignore' }).status === 0) return py;
  }
  return undefined;
}

const LOCK_WAIT = Number(process.env.APT_LOCK_WAIT ?? 600);

function apt(args, log) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const started = Date.now();
  let told = -Infinity;
  for (;;) {
    // No waiting inside apt-get (it would wait silently): a held lock is reported here, then retried.
    const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=0', ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (r.status === 0) return { ok: true, out };
    const held = /Could not get lock ([^ ]+)\. It is held by process (\d+)(?: \(([^)]*)\))?/.exec(out) ?? /Could not get lock ([^ \n]+)/.exec(out);
    const waited = (Date.now() - started) / 1000;
    if (!held) return { ok: false, out };
    const who = held[2] ? `process ${held[2]}${held[3] ? ` (${held[3]})` : ''}` : 'another process';
    if (waited >= LOCK_WAIT) {
      log(`apt-get ${args[0]}: ${held[1]} is still held by ${who} after ${Math.round(waited)} s; giving up (APT_LOCK_WAIT=${LOCK_WAIT})`);
      return { ok: false, out };
    }
    if (Date.now() - told >= 30_000) {
      log(`apt-get ${args[0]}: ${held[1]} is held by ${who}; waiting for it to finish (${Math.round(waited)} of at most ${LOCK_WAIT} s)…`);
      told = Date.now();
    }
    spawnSync('sleep', ['3']);
  }
}

/**
 * Make sure every tool is present. Returns the names still missing (empty
 * when all is well) after printing how to install them.
 */
export function ensureEditorTools(log = (m) => process.stderr.write(`test:editors: ${m}\n`)) {
  let missing = TOOLS.filter((t) => !t.check());
  if (missing.length === 0) return [];
  const pkgs = missing.flatMap((t) => t.pkg.split(' '));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && sh('command -v apt-get')) {
    for (const t of missing) log(`installing Debian ${t.pkg} for ${t.why}`);
    log(`apt-get install -y --no-install-recommends ${pkgs.join(' ')}`);
    let r = apt(['install', '-y', '-qq', '--no-install-recommends', ...pkgs], log);
    if (!r.ok && /Unable to locate package|has no installation candidate|Failed to fetch/.test(r.out)) {
      log('the package lists are missing or stale: apt-get update');
      const u = apt(['update', '-qq'], log);
      r = u.ok ? apt(['install', '-y', '-qq', '--no-install-recommends', ...pkgs], log) : u;
    }
    if (!r.ok) log(`apt-get failed:\n${r.out.trim().split('\n').slice(-15).join('\n')}`);
    missing = missing.filter((t) => !t.check());
    if (missing.length === 0) return [];
  }
  log(
    `missing ${missing.map((t) => `${t.name} (${t.why})`).join('; ')}.\n` +
      `Install with: ${isRoot ? '' : 'sudo '}apt-get install -y --no-install-recommends ${missing.flatMap((t) => t.pkg.split(' ')).join(' ')}`,
  );
  return missing.map((t) => t.name);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exit(ensureEditorTools().length ? 1 : 0);
}
