// Installs what the browser end-to-end run needs, idempotently: Debian
// packages (Chromium, Kerberos headers for code-server's native module,
// ripgrep, a Devanagari font) and code-server + playwright-core in .e2e/, a folder of their own
// outside the project's lockfile. Facts behind each step:
// ../shared/REAL-EDITORS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3'; // newest that runs on Node 20
export const PLAYWRIGHT_VERSION = '1.65.1';
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export class SetupError extends Error {}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
  return { code: r.status ?? 1, out: (r.stdout ?? '') + (r.stderr ?? ''), error: r.error };
}

function missingDebianPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
  if (!existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (run('rg', ['--version']).code !== 0) missing.push('ripgrep');
  // Without a Devanagari font Chromium draws the articles as empty boxes, and
  // the screenshots show nothing a reviewer can read.
  if (!run('fc-list', [':lang=hi', 'family']).out.trim()) missing.push('fonts-lohit-deva');
  return missing;
}

export function ensureDebianPackages(log) {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new SetupError(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt-get install -y ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let r = run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  if (r.code !== 0) {
    // A fresh machine may have no package lists yet.
    run('apt-get', ['update'], { env });
    r = run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env });
  }
  const still = missingDebianPackages();
  if (r.code !== 0 || still.length) {
    throw new SetupError(`apt-get could not install ${still.join(' ') || missing.join(' ')}:\n${r.out.slice(-2000)}`);
  }
}

function installedVersion(dir, pkg) {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** code-server and playwright-core in `dir` (.e2e/); skipped when the pinned versions are already there. */
export function ensureCodeServer(dir, log) {
  const ok = () =>
    installedVersion(dir, 'code-server') === CODE_SERVER_VERSION &&
    installedVersion(dir, 'playwright-core') === PLAYWRIGHT_VERSION &&
    existsSync(join(dir, 'node_modules/code-server/out/node/entry.js')) &&
    existsSync(join(dir, 'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg'));
  if (ok()) return;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'hna-e2e-tools', private: true, description: 'code-server and playwright-core for npm run test:e2e; not part of the project' }, null, 2) + '\n');
  }
  // @vscode/ripgrep's install downloads rg from GitHub, which is unreachable
  // here: seed its cache with Debian's binary. TMPDIR must be the same
  // during npm install, so it is set for that command only.
  const tmp = join(dir, 'tmp');
  const cache = join(tmp, RIPGREP_CACHE);
  mkdirSync(cache, { recursive: true });
  const rgPath = run('sh', ['-c', 'command -v rg']).out.trim() || '/usr/bin/rg';
  const tar = run('tar', ['czf', join(cache, RIPGREP_ASSET), '-C', rgPath.replace(/\/rg$/, ''), 'rg']);
  if (tar.code !== 0) throw new SetupError(`Could not seed the ripgrep cache: ${tar.out}`);
  log(`npm install code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_VERSION} in ${dir}`);
  const env = { ...process.env, TMPDIR: tmp, npm_config_yes: 'true' };
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`, `playwright-core@${PLAYWRIGHT_VERSION}`], { cwd: dir, env });
  if (r.code !== 0 || !ok()) {
    throw new SetupError(`Installing code-server into ${dir} failed:\n${r.out.slice(-4000)}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  const t0 = Date.now();
  try {
    ensureDebianPackages(console.log);
    ensureCodeServer(join(root, '.e2e'), console.log);
    console.log(`e2e tools ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
