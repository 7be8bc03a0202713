/**
 * The README's front door stays true: the editor snippets it shows are the
 * files the editor tests load, the VS Code version it names is the one
 * package.json requires, every `npm run` script and every local file it
 * points at exists, and the CLI options it lists are the CLI's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { vscode: string }; scripts: Record<string, string> };

test('the README shows the editor snippets exactly as docs/editors/ holds them (the files the editor tests load)', () => {
  for (const [file, lang] of [['hindi-news.lua', 'lua'], ['hindi-news.el', 'elisp']] as const) {
    const snippet = readFileSync(join(root, 'docs', 'editors', file), 'utf8');
    assert.ok(readme.includes('```' + lang + '\n' + snippet + '```'), `README.md should contain docs/editors/${file} verbatim in a \`\`\`${lang} block`);
  }
});

test('the README names the minimum VS Code version package.json requires', () => {
  const min = /^\^?(\d+\.\d+)/.exec(pkg.engines.vscode)![1]!;
  assert.match(readme, new RegExp(`VS Code ${min.replace('.', '\\.')} or newer`));
});

test('every npm script and local file the README mentions exists', () => {
  for (const m of readme.matchAll(/npm run ([a-z][\w:-]*)/g)) assert.ok(pkg.scripts[m[1]!], `npm run ${m[1]} is not a script`);
  for (const s of ['start', 'test']) assert.ok(pkg.scripts[s]);
  for (const m of readme.matchAll(/\]\(((?!https?:|#)[^)]+)\)/g)) assert.ok(existsSync(join(root, m[1]!)), `README links to ${m[1]}, which is missing`);
});

test('the README lists every option the CLI has', () => {
  const cli = join(root, 'server', 'out', 'cli.js');
  const usage = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout;
  assert.ok(usage, 'server/out/cli.js is missing: run node scripts/build.mjs');
  for (const o of new Set(usage.match(/--[a-z][a-z0-9-]+/g))) assert.ok(readme.includes(o), `README.md does not mention ${o}`);
});

test('the README shows no SVG image (vsce refuses to package a README that does, and the e2e run packages it)', () => {
  const svg = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)|<img[^>]+src="([^"]+\.svg)"/gi)].map((m) => m[1] ?? m[2]);
  assert.deepEqual(svg, [], `link to these instead of showing them: ${svg.join(', ')}`);
});
