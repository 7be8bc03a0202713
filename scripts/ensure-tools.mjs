// Makes sure the system tools the test suite drives are present: Neovim (the
// second, independent LSP client) and python3 (the reference scorer). On a
// fresh Debian machine run as root they are installed with apt-get; anywhere
// else a missing tool stops the run with the command that installs it.
import { spawnSync } from 'node:child_process';

const TOOLS = [
  { bin: 'nvim', pkg: 'neovim', why: 'the Neovim LSP client test' },
  { bin: 'python3', pkg: 'python3', why: 'comparing `hindi-news eval` with score.py' },
];

const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const missing = TOOLS.filter((t) => !has(t.bin));
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((t) => t.pkg).join(' ');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && has('apt-get')) {
  process.stderr.write(`installing ${pkgs} for ${missing.map((t) => t.why).join(' and ')}…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', ...missing.map((t) => t.pkg)], { stdio: 'inherit', env }) : update;
  if (install.status === 0 && missing.every((t) => has(t.bin))) process.exit(0);
}
process.stderr.write(
  `The tests need ${missing.map((t) => `${t.bin} (${t.why})`).join(' and ')}.\n` + `Install ${missing.length > 1 ? 'them' : 'it'}, for example: sudo apt-get install -y ${pkgs}\n`,
);
process.exit(1);
