/**
 * package.json's contributions agree with the client's code: every command
 * is registered and contributed, menus and keys name real commands, the
 * annotation undo never takes the editor's text-undo keys, and the view
 * container ships its icon.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

/** Commands only the client's own items invoke (tree item clicks); never in the palette. */
const INTERNAL = new Set(['hindiNews.entities.reveal', 'hindiNews.review.openArticle', 'hindiNews.rejected.reveal']);

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'test') sources(p, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function registeredCommands(): Set<string> {
  const files = sources(join(root, 'client/src')).map((f) => readFileSync(f, 'utf8'));
  const constants = new Map<string, string>();
  for (const text of files) for (const m of text.matchAll(/const (\w+) = '(hindiNews\.[\w.]+)'/g)) constants.set(m[1]!, m[2]!);
  const ids = new Set<string>();
  for (const text of files) {
    for (const m of text.matchAll(/registerCommand\(\s*(?:'([^']+)'|(\w+))/g)) {
      const id = m[1] ?? constants.get(m[2]!);
      assert.ok(id, `registerCommand(${m[2]}) uses a constant the test cannot resolve`);
      ids.add(id);
    }
  }
  return ids;
}

const contributed = new Set<string>(contributes.commands.map((c: { command: string }) => c.command));

test('every contributed command is registered by the client, and every registered one is contributed', () => {
  const registered = registeredCommands();
  assert.deepEqual([...contributed].filter((c) => !registered.has(c)), [], 'contributed but never registered');
  assert.deepEqual([...registered].filter((c) => !contributed.has(c) && !INTERNAL.has(c)), [], 'registered but not contributed');
});

test('every command is in the "Hindi News" category and titled', () => {
  for (const c of contributes.commands) {
    assert.equal(c.category, 'Hindi News', c.command);
    assert.ok(c.title && c.title.trim() === c.title, c.command);
  }
});

test('menus and keybindings name contributed commands; editor commands are hidden from the palette outside articles', () => {
  for (const [menu, items] of Object.entries<Array<{ command?: string; submenu?: string; when?: string }>>(contributes.menus)) {
    for (const i of items) {
      if (i.submenu) assert.ok(contributes.submenus.some((s: { id: string }) => s.id === i.submenu), `${menu}: unknown submenu ${i.submenu}`);
      else assert.ok(contributed.has(i.command!), `${menu}: ${i.command} is not a contributed command`);
    }
  }
  for (const k of contributes.keybindings) {
    assert.ok(contributed.has(k.command), `keybinding for unknown command ${k.command}`);
    assert.match(k.when ?? '', /editorTextFocus/, `${k.command}: editor keys only apply in an editor`);
  }
  const palette = new Map<string, string | undefined>(contributes.menus.commandPalette.map((i: { command: string; when?: string }) => [i.command, i.when]));
  const editorOnly = contributes.menus['hindiNews.editorContext'].map((i: { command: string }) => i.command).filter((c: string) => !/export/i.test(c));
  for (const c of editorOnly) assert.ok(palette.get(c), `${c} needs a "when" in commandPalette (it acts on the active article)`);
});

test('annotation undo and redo have their own keys, never the editor\'s text undo', () => {
  const TEXT_UNDO = new Set(['ctrl+z', 'ctrl+y', 'ctrl+shift+z', 'cmd+z', 'cmd+shift+z', 'cmd+y']);
  const norm = (k: string) => k.toLowerCase().split('+').sort().join('+');
  const textUndo = new Set([...TEXT_UNDO].map(norm));
  for (const id of ['hindiNews.undo', 'hindiNews.redo']) {
    const keys = contributes.keybindings.filter((k: { command: string }) => k.command === id);
    assert.ok(keys.length > 0, `${id} has no key`);
    for (const k of keys) for (const key of [k.key, k.mac].filter(Boolean)) assert.ok(!textUndo.has(norm(key)), `${id} is bound to ${key}, the editor's text undo`);
  }
  // No two of this extension's bindings share a key.
  const seen = new Map<string, string>();
  for (const k of contributes.keybindings) {
    const key = norm(k.key);
    assert.ok(!seen.has(key), `${key} is bound to both ${seen.get(key)} and ${k.command}`);
    seen.set(key, k.command);
  }
  for (const id of ['hindiNews.growTagEnd', 'hindiNews.shrinkTagEnd', 'hindiNews.growTagStart', 'hindiNews.shrinkTagStart']) {
    assert.ok(contributes.keybindings.some((k: { command: string }) => k.command === id), `${id} has no key`);
  }
});

test('the Review view lives in its own activity-bar container whose icon is packaged', () => {
  const containers = contributes.viewsContainers.activitybar as Array<{ id: string; icon: string; title: string }>;
  const mine = containers.find((c) => c.id === 'hindiNews');
  assert.ok(mine, 'no hindiNews view container in the activity bar');
  assert.ok(existsSync(join(root, mine.icon)), `${mine.icon} is missing`);
  const allow = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
  assert.ok(allow.includes(`!${mine.icon}`), `.vscodeignore does not let ${mine.icon} into the package`);
  const views = contributes.views.hindiNews as Array<{ id: string; icon?: string }>;
  assert.ok(views.some((v) => v.id === 'hindiNews.review'), 'the Review view is not in the container');
  assert.equal(contributes.views.explorer?.some((v: { id: string }) => v.id === 'hindiNews.review') ?? false, false, 'the Review view must not sit under the Explorer');
  for (const v of views) assert.ok(v.icon, `view ${v.id} has no icon`);
});

test('the export is offered in the Explorer\'s context menu for articles and folders', () => {
  const items = contributes.menus['explorer/context'] as Array<{ command: string; when?: string }>;
  const exp = items.find((i) => i.command === 'hindiNews.exportAnnotations');
  assert.ok(exp, 'no export in the Explorer context menu');
  assert.match(exp.when ?? '', /explorerResourceIsFolder/);
  assert.match(exp.when ?? '', /\.txt/);
});
