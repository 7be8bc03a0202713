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

const cliJs = join(root, 'server', 'out', 'cli.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [cliJs, ...args], { cwd: root, encoding: 'utf8' });

/** Every `hindi-news <command> …` the README and docs/ show, as command and options (comments, pipes and prose cut off). */
function documentedCommands(): Array<{ where: string; command: string; options: string[]; line: string }> {
  const out: Array<{ where: string; command: string; options: string[]; line: string }> = [];
  for (const file of ['README.md', join('docs', 'distributed.md')]) {
    const text = readFileSync(join(root, file), 'utf8').replace(/\\\n\s*/g, ' ');
    for (const m of text.matchAll(/hindi-news (recogni[sz]e|eval|export|import|learn|[a-z]+)\b([^\n`"]*)/g)) {
      const rest = m[2]!.split(/ (?:#|\||\/) |\)|;/)[0]!;
      out.push({ where: file, command: m[1]!, options: [...new Set(rest.match(/--[a-z][a-z0-9-]*/g) ?? [])], line: `hindi-news ${m[1]}${rest}` });
    }
  }
  return out;
}

test('every hindi-news command the README and docs/distributed.md show exists and takes the options shown', () => {
  const commands = documentedCommands();
  assert.ok(commands.length > 20, `only ${commands.length} commands found in the README`);
  const known = new Map<string, Set<string>>();
  for (const { where, command, options, line } of commands) {
    const name = command === 'recognise' ? 'recognize' : command;
    if (!known.has(name)) {
      const help = cli(name, '--help');
      assert.equal(help.status, 0, `${where}: \`${line}\`: hindi-news has no command ${name}`);
      known.set(name, new Set([...help.stdout.matchAll(/--[a-z][a-z0-9-]+/g)].map((o) => o[0]).concat('--help', '--version')));
    }
    for (const o of options) assert.ok(known.get(name)!.has(o), `${where}: \`${line}\`: hindi-news ${name} has no option ${o}`);
  }
});

test('the example at the top of the README is what the command prints today', () => {
  const block = /```\n\$ (?:npx )?hindi-news (recognize [^\n|]+?) \| less\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README starts with a `$ hindi-news recognize … | less` example');
  const r = cli(...block[1]!.split(' '));
  assert.equal(r.status, 0, r.stderr);
  const printed = r.stdout.split('\n');
  let at = 0;
  for (const shown of block[2]!.split('\n')) {
    if (shown === '…' || shown === '') continue;
    const prefix = shown.replace(/ …$/, '');
    const found = printed.findIndex((l, i) => i >= at && (shown.endsWith(' …') ? l.startsWith(prefix) : l === shown));
    assert.ok(found >= 0, `the README example shows a line the command no longer prints (in this order):\n${shown}`);
    at = found + 1;
  }
});

test('the scores the README quotes for npm start are the scores npm start prints', () => {
  const quick = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Install'));
  const seed = /bundled articles score (\d\.\d+)/.exec(quick);
  const dev = /\*\*hiner-dev\*\* \((\d+) political-news documents from HiNER, ([\d,]+) spans[^)]*\) scores\s+micro F1 about (\d\.\d+)/.exec(quick);
  assert.ok(seed && dev, 'the Quick start names the bundled articles\' score and hiner-dev\'s documents, spans and micro F1');
  const gold = readFileSync(join(root, 'test-fixtures', 'hiner-dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { spans: unknown[] });
  assert.equal(gold.length, Number(dev[1]), 'documents in test-fixtures/hiner-dev.jsonl');
  assert.equal(gold.reduce((n, d) => n + d.spans.length, 0), Number(dev[2]!.replace(/,/g, '')), 'spans in test-fixtures/hiner-dev.jsonl');
  const micro = (file: string) => {
    const r = cli('eval', join('test-fixtures', file));
    assert.equal(r.status, 0, r.stderr);
    return Number(/^micro_f1=([\d.]+)$/m.exec(r.stdout)![1]);
  };
  assert.equal(micro('seed-gold.jsonl').toFixed(3), seed[1], 'the bundled articles\' micro F1');
  const f1 = micro('hiner-dev.jsonl');
  assert.ok(Math.abs(f1 - Number(dev[3])) <= 0.01, `hiner-dev micro F1 is ${f1.toFixed(3)}, the README says about ${dev[3]}`);
});

test('npm run bench refuses a section it does not have, and has every section the README names', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', 'run.ts'), 'no-such-section'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  const sections = /the sections are ([a-z, ]+) \(/.exec(r.stderr);
  assert.ok(sections, `bench: ${r.stderr}`);
  const known = sections[1]!.split(', ');
  const named = [...readme.matchAll(/npm run bench -- ([a-z ]+)/g)].flatMap((m) => m[1]!.trim().split(/\s+/));
  assert.ok(named.length >= 4, 'the README shows `npm run bench -- SECTION…`');
  for (const s of named) assert.ok(known.includes(s), `the README names bench section ${s}; the bench has ${known.join(', ')}`);
});

test('the README lists every setting the extension contributes, with its default', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown }> } | Array<{ properties: Record<string, { default: unknown }> }> } };
  const sections = [manifest.contributes.configuration].flat();
  const settings = sections.flatMap((c) => Object.entries(c.properties));
  assert.ok(settings.length >= 5);
  for (const [name, { default: value }] of settings) {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
    assert.ok(row, `README.md has no row for the setting ${name}`);
    assert.equal(row.split('|')[2]!.trim(), '`' + JSON.stringify(value) + '`', `README.md gives ${name} another default`);
  }
});
