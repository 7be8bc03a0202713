/**
 * What the two packages hold. The `.vsix` (allow-list `.vscodeignore`) holds
 * exactly what the extension uses; the npm tarball (`.npmignore`) holds the
 * command line and server bundles, which need nothing from the registry: the
 * package has no runtime dependencies and the bundles require only Node's own
 * modules, so `npm install -g ./hindi-news-annotator-*.tgz` works offline.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, normalize, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  icon: string;
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  contributes: {
    grammars: Array<{ path: string }>;
    languages: Array<{ configuration?: string }>;
    jsonValidation: Array<{ url: string }>;
    viewsContainers: { activitybar: Array<{ icon: string }> };
  };
};

const allowList = (file: string) =>
  readFileSync(join(root, file), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
const rel = (p: string) => normalize(p).replace(/^\.\//, '');

test('.vscodeignore lets in exactly what the extension uses, and nothing else', () => {
  const lines = allowList('.vscodeignore');
  assert.equal(lines[0], '**', '.vscodeignore is an allow-list: it starts by leaving everything out');
  const allowed = lines.slice(1).map((l) => {
    assert.ok(l.startsWith('!'), `${l}: every line after ** lets a path in`);
    return l.slice(1);
  });
  const c = pkg.contributes;
  const used = new Set([
    'package.json',
    'README.md',
    'CHANGELOG.md',
    'LICENSE',
    rel(pkg.main),
    rel(pkg.icon),
    // The client starts the server bundle (client/src/serverManager.ts), which reads its data beside it.
    'server/out/server.js',
    'server/out/recognizer-data.bin',
    ...c.grammars.map((g) => rel(g.path)),
    ...c.languages.flatMap((l) => (l.configuration ? [rel(l.configuration)] : [])),
    ...c.jsonValidation.filter((v) => !/^https?:/.test(v.url)).map((v) => rel(v.url)),
    ...c.viewsContainers.activitybar.map((v) => rel(v.icon)),
  ]);
  assert.ok(readFileSync(join(root, 'client', 'src', 'serverManager.ts'), 'utf8').includes("asAbsolutePath('server/out/server.js')"), 'the client starts server/out/server.js');
  const covers = (entry: string, path: string) => entry === path || (entry.endsWith('/**') && path.startsWith(entry.slice(0, -2)));
  for (const path of used) assert.ok(allowed.some((e) => covers(e, path)), `.vscodeignore leaves out ${path}, which the extension uses`);
  for (const entry of allowed) assert.ok([...used].some((p) => covers(entry, p)), `.vscodeignore lets in ${entry}, which the extension does not use`);
  for (const path of used) if (!path.startsWith('server/out/') && !path.startsWith('client/out/')) assert.ok(existsSync(join(root, path)), `${path} is missing`);
});

test('the npm package has no runtime dependencies and ships its command line, whose bundles need only Node', () => {
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], 'the bundles are self-contained: a runtime dependency would make `npm install -g` of the tarball fetch it from the registry');
  const allowed = allowList('.npmignore');
  assert.equal(allowed[0], '**');
  for (const bin of Object.values(pkg.bin)) assert.ok(allowed.includes('!' + rel(bin)), `.npmignore leaves out the command line ${bin}`);
  const node = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  for (const bundle of ['server/out/cli.js', 'server/out/server.js']) {
    const text = readFileSync(join(root, bundle), 'utf8');
    const required = new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const foreign = [...required].filter((m) => !node.has(m) && !m.startsWith('.'));
    assert.deepEqual(foreign, [], `${bundle} requires modules that are not Node's own`);
  }
});
