/**
 * The README's tables of server commands and requests (for Neovim, Emacs and
 * other LSP clients) are checked against `server/src/protocol.ts`: every
 * command and custom method is listed once, and each command's argument
 * fields are the fields of the argument type the protocol declares for it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { Commands } from '../src/protocol';

const root = resolve(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const protocol = readFileSync(join(root, 'server/src/protocol.ts'), 'utf8');

/** Rows of the Markdown table between `<!-- NAME:start -->` and `<!-- NAME:end -->`: first two cells. */
function table(name: string): Map<string, string> {
  const a = readme.indexOf(`<!-- ${name}:start -->`);
  const b = readme.indexOf(`<!-- ${name}:end -->`);
  assert.ok(a >= 0 && b > a, `README.md has no ${name} table`);
  const rows = new Map<string, string>();
  for (const line of readme.slice(a, b).split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 4 || !cells[1]!.startsWith('`')) continue;
    const key = cells[1]!.match(/^`([^`]+)`/)![1]!;
    assert.ok(!rows.has(key), `${key} is listed twice`);
    rows.set(key, cells[2]!);
  }
  return rows;
}

/** Top-level fields of an interface in protocol.ts (`name` or `name?`), those it extends included. */
function fields(type: string): string[] {
  const m = new RegExp(`export interface ${type}(?: extends (\\w+))? \\{([\\s\\S]*?)\\n\\}`).exec(protocol);
  assert.ok(m, `protocol.ts declares no interface ${type}`);
  const own = [...m[2]!.matchAll(/^ {2}(\w+)(\??):/gm)].map((f) => f[1]! + f[2]!);
  return [...(m[1] ? fields(m[1]) : []), ...own];
}

/** The argument fields the protocol documents for each command (`Argument: {@link T}`, `` `{uri}` ``, or none). */
function documentedArguments(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const ns = protocol.slice(protocol.indexOf('export namespace Commands'), protocol.indexOf('export const all'));
  for (const m of ns.matchAll(/\/\*\*([\s\S]*?)\*\/\s*export const \w+ = '([^']+)'/g)) {
    const doc = m[1]!;
    const link = /Argument: \{@link (\w+)\}/.exec(doc);
    const literal = /Argument: `\{([^}]*)\}`/.exec(doc);
    const args = link ? fields(link[1]!) : literal ? literal[1]!.split(',').map((x) => x.trim()) : /Arguments: none/.test(doc) ? [] : undefined;
    assert.ok(args, `protocol.ts does not say what ${m[2]} takes`);
    out.set(m[2]!, args);
  }
  return out;
}

test('README lists every server command with the argument fields protocol.ts declares', () => {
  const rows = table('server-commands');
  assert.deepEqual([...rows.keys()].sort(), [...Commands.all].sort(), 'the README table and Commands.all differ');
  const args = documentedArguments();
  assert.deepEqual([...args.keys()].sort(), [...Commands.all].sort());
  for (const [command, cell] of rows) {
    const listed = cell === 'none' ? [] : cell.split(',').map((c) => c.trim().replace(/^`|`$/g, ''));
    assert.deepEqual(listed, args.get(command), `README row of ${command}`);
  }
});

test('README lists every request and notification beyond LSP', () => {
  const rows = table('server-requests');
  const methods = [...protocol.matchAll(/export namespace \w+(?:Request|Notification) \{\s*export const method = '([^']+)'/g)].map((m) => m[1]!);
  assert.ok(methods.length >= 8);
  assert.deepEqual([...rows.keys()].map((k) => k.split(' ')[0]).sort(), methods.sort());
});
