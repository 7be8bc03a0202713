// `npm run test:e2e`: the packaged extension in a real VS Code workbench
// (code-server) driven by a real browser (Debian Chromium + playwright-core).
//
//  1. installs what it needs (e2e/setup.mjs; idempotent), packages the .vsix
//     and installs it into a scratch code-server profile;
//  2. runs the integration suite (client/src/test) inside code-server, the
//     way @vscode/test-electron would on a desktop: the suite's exit code
//     decides;
//  3. walks a whole review like an annotator, with the keyboard and the
//     command palette, checking the sidecar and the screen at each step and
//     saving a screenshot of each in e2e/screenshots/: open an article
//     (highlights, dotted suggestions, status bar counts), hover a name,
//     accept a suggestion, tag a mid-word selection (snapped to the word),
//     grow the tag by a word, undo and redo, mark the article done (answering
//     its question about unreviewed suggestions), the Review view showing
//     1 of 5 done, export only that article, and "Export Again" (same ids).
//     With HNA_README_SCREENSHOT=1 the hover picture is also copied to
//     images/screenshot.png, the README's picture.
//
// Exits non-zero on any failure; a missing tool is a failure with a message.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { ensureCodeServer, ensureDebianPackages } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.e2e');
const screenshots = join(root, 'e2e', 'screenshots');
const scratch = join(tools, 'run');
const FIXTURE = '001_a79564f461821e4f.txt';
const PERSON = 'मल्लिकार्जुन खड़गे';
const PERSON_LATIN = 'Mallikarjun Kharge';
const SUITE_TIMEOUT_MS = 180_000;

const t0 = Date.now();
const timings = [];
const results = [];
let codeServer;
let context;

function log(msg) {
  console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`);
}

async function timed(name, fn) {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([name, Date.now() - start]);
  }
}

/** A named check: its failure is recorded and the run goes on where that makes sense. */
async function check(name, fn) {
  const start = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Date.now() - start, detail });
    log(`PASS ${name}${detail ? ` — ${detail}` : ''}`);
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    results.push({ name, ok: false, ms: Date.now() - start, detail: message });
    log(`FAIL ${name} — ${message}`);
    return false;
  }
}

async function poll(what, probe, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== null && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (${last.message ?? last})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function mustRun(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(-4000));
  return r.stdout;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

async function startCodeServer(port, dirs) {
  const bin = join(tools, 'node_modules', '.bin', 'code-server');
  const out = createWriteStream(join(scratch, 'code-server.log'));
  const child = spawn(
    bin,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, dirs.uiWorkspace],
    { env: { ...process.env, HOME: dirs.home }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  await poll(`code-server /healthz on port ${port} (log: ${relative(root, join(scratch, 'code-server.log'))})`, async () => {
    if (exited) throw new Error('code-server exited');
    const r = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    return r?.ok;
  }, 60_000, 200);
  return child;
}

function stopCodeServer() {
  if (!codeServer || codeServer.exitCode !== null) return;
  try {
    process.kill(-codeServer.pid, 'SIGTERM'); // its process group: the server and its extension hosts
  } catch {
    codeServer.kill('SIGTERM');
  }
}

// ---------------------------------------------------------------------------
// Part 1: the integration suite inside code-server.

async function runSuite(port, workspace) {
  const host = `127.0.0.1:${port}`;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${host}${root}`],
    ['extensionTestsPath', `vscode-remote://${host}${join(root, 'client/out/test/index.js')}`],
  ];
  const url = `http://${host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const page = await context.newPage();
  const lines = [];
  let exitCode;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args])).replace(/\s+$/, '');
    lines.push(text);
    console.log(`  | ${text}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    exitCode = code;
  });
  await page.goto(url);
  try {
    await poll('the integration suite to finish (codeAutomationExit)', () => exitCode !== undefined, SUITE_TIMEOUT_MS, 100);
  } finally {
    await page.screenshot({ path: join(screenshots, '00-integration-suite.png') }).catch(() => undefined);
    await page.close().catch(() => undefined);
  }
  writeFileSync(join(scratch, 'integration-suite.log'), lines.join('\n') + '\n');
  const passing = lines.find((l) => /\d+ passing/.test(l))?.trim();
  const failing = lines.find((l) => /\d+ failing/.test(l))?.trim();
  if (exitCode !== 0) throw new Error(`the suite exited with ${exitCode} (${[passing, failing].filter(Boolean).join(', ') || 'no mocha summary received'})`);
  return passing ?? 'exit 0';
}

// ---------------------------------------------------------------------------
// Part 2: a user in the browser.

const nbsp = /\u00a0/g;

async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, name) });
  log(`screenshot e2e/screenshots/${name}`);
}

/** Bounding box and colours of the first rendered token whose text equals/contains `text`, plus a plain-text token's colour on screen. */
async function tokenInfo(page, text, { exact = false, plain = 'विजय हासिल', prev } = {}) {
  return page.evaluate(
    ({ text, exact, plain, prev }) => {
      const spans = [...document.querySelectorAll('.monaco-editor .view-lines .view-line > span > span')];
      const norm = (s) => (s.textContent ?? '').replace(/\u00a0/g, ' ');
      // Only tokens inside the editor's visible area (long lines scroll sideways).
      const area = document.querySelector('.monaco-editor .monaco-scrollable-element.editor-scrollable')?.getBoundingClientRect();
      const onScreen = (s) => {
        const r = s.getBoundingClientRect();
        return r.width > 0 && (!area || (r.left >= area.left && r.right <= area.right && r.top >= area.top && r.bottom <= area.bottom));
      };
      // `prev`: the token must follow text containing it (to pick one occurrence of a repeated name).
      const after = (s) => !prev || norm(s.previousElementSibling ?? { textContent: '' }).includes(prev);
      const el = spans.find((s) => (exact ? norm(s).trim() === text : norm(s).includes(text)) && after(s) && onScreen(s));
      const plainEl = spans.find((s) => norm(s).includes(plain));
      if (!el) return undefined;
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return {
        text: norm(el),
        className: el.className,
        color: cs.color,
        // How decorations and token modifiers show: dotted underline for suggestions, bold and a solid border for tags.
        look: { underline: `${cs.textDecorationLine} ${cs.textDecorationStyle}`, fontWeight: cs.fontWeight },
        plainColor: plainEl ? getComputedStyle(plainEl).color : undefined,
        plainClass: plainEl?.className,
        box: { x: r.x, y: r.y, width: r.width, height: r.height },
      };
    },
    { text, exact, plain, prev },
  );
}

async function openByQuickOpen(page, file) {
  const input = page.locator('.quick-input-widget input');
  // A view holding the focus (a tree's type-to-find) may swallow the first press.
  await poll('Quick Open', async () => {
    await page.keyboard.press('Control+P');
    return input.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true);
  }, 20_000, 0);
  await input.fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await poll(`${file} in the window title`, async () => (await page.title()).includes(file), 15_000);
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: 8_000 });
  } catch {
    await shot(page, `missing-command-${title.replace(/\W+/g, '-').toLowerCase()}.png`);
    await page.keyboard.press('Escape');
    throw new Error(`the command palette has no "${title}" command (is it contributed in package.json and registered by the client?)`);
  }
  await row.click();
}

/** The status bar's review item: `3 confirmed · 40 unreviewed · 0 rejected  In progress`. */
async function statusCounts(page) {
  const t = (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');
  const m = /(\d+) confirmed · (\d+) unreviewed · (\d+) rejected (New|In progress|Done)/.exec(t);
  return m ? { confirmed: +m[1], unreviewed: +m[2], rejected: +m[3], status: m[4], text: m[0] } : undefined;
}

const statusBarText = async (page) => (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');

/** Files an export wrote since `before` (sidecars excluded). */
function newFiles(workspace, before) {
  return filesUnder(workspace).filter((f) => !before.has(f) && !f.endsWith('.hna.json'));
}

function jsonlRecords(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** A key press in the editor (focus first: a notification or view may hold it). */
async function editorKey(page, combo) {
  await page.locator('.editor-group-container.active .monaco-editor textarea').first().focus().catch(() => undefined);
  await page.keyboard.press(combo);
}

/** Runs "Export Annotations…" or "Export Again" and answers the scope question with `scopeRow` when it is asked. */
async function exportVia(page, workspace, command, scopeRow) {
  const before = new Set(filesUnder(workspace));
  const questions = [];
  await runCommand(page, command);
  const files = await poll('an exported JSONL file', async () => {
    const fresh = newFiles(workspace, before);
    const jsonl = fresh.find((f) => f.endsWith('.jsonl'));
    if (jsonl) return { fresh, jsonl };
    const widget = page.locator('.quick-input-widget');
    if (await widget.isVisible().catch(() => false)) {
      const title = (await widget.innerText().catch(() => '')).split('\n')[0];
      if (!scopeRow) throw new Error(`"${command}" asked a question: ${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: scopeRow }).first();
      if (await row.isVisible().catch(() => false)) {
        questions.push(title);
        await shot(page, `${command === 'Export Again' ? '11' : '10'}-export-question-${questions.length}.png`);
        await row.click();
      }
    }
    return undefined;
  }, 60_000, 300);
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /Exported|Export/ }).first();
  const note = await poll('the export notification', async () => ((await toast.isVisible().catch(() => false)) ? (await toast.innerText()).replace(/\s+/g, ' ') : undefined), 10_000).catch(() => '');
  return { ...files, questions, note };
}

async function userJourney(port, workspace) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const sidecar = join(workspace, `${FIXTURE}.hna.json`);
  const articleText = readFileSync(join(workspace, FIXTURE), 'utf8');
  const cps = [...articleText];
  const spanText = (a) => cps.slice(a.start, a.end).join('');
  try {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // The explorer shows the workspace once the remote connection is up.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FIXTURE }).first().waitFor({ state: 'visible', timeout: 60_000 });

    const opened = await check('open a fixture from Quick Open', async () => {
      await openByQuickOpen(page, FIXTURE);
      await poll('the article text in the editor', async () => (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(nbsp, ' ').includes(PERSON), 30_000);
      await shot(page, '01-opened.png');
      return FIXTURE;
    });
    if (!opened) return;

    let nameToken;
    await check(`"${PERSON}" is coloured as a person (computed colour differs from plain text)`, async () => {
      nameToken = await poll('a coloured token for the name', async () => {
        const info = await tokenInfo(page, PERSON);
        return info && info.plainColor && info.color !== info.plainColor && info.text.trim() === PERSON ? info : undefined;
      }, 60_000, 200).catch(async (err) => {
        const info = await tokenInfo(page, PERSON.split(' ')[0]);
        throw new Error(`${err.message}; last seen: ${JSON.stringify(info)}`);
      });
      return `name ${nameToken.color} (${nameToken.className}) vs plain ${nameToken.plainColor} (${nameToken.plainClass})`;
    });

    await check('suggestions are underlined (dotted) in the first article, before any editor switch', async () => {
      const info = await poll('a dotted underline under the name', async () => {
        const i = await tokenInfo(page, PERSON);
        return i && /underline dotted/.test(i.look.underline) ? i : undefined;
      }, 20_000, 200).catch(async (err) => {
        throw new Error(`${err.message}; last seen: ${JSON.stringify(await tokenInfo(page, PERSON))}`);
      });
      return `${info.className}: ${JSON.stringify(info.look)}`;
    });

    let counts0;
    await check('the status bar shows confirmed · unreviewed · rejected and the article\'s status', async () => {
      counts0 = await poll('"… confirmed · … unreviewed · … rejected  New" in the status bar', () => statusCounts(page), 30_000, 200).catch(async (err) => {
        await shot(page, 'status-bar-missing.png');
        throw new Error(`${err.message}; status bar: "${await statusBarText(page)}"`);
      });
      if (counts0.status !== 'New') throw new Error(`a fresh article reads "${counts0.status}", not New`);
      if (counts0.unreviewed === 0) throw new Error('no unreviewed suggestions counted in an article full of names');
      return counts0.text;
    });

    // With the Hindi News views open beside the article, as the rest of the walk shows them.
    await check(`hovering the name shows a card with "${PERSON_LATIN}"`, async () => {
      await page.locator('.activitybar .action-item a[aria-label^="Hindi News"]').first().click();
      await page.locator('.pane-header', { hasText: 'Review' }).first().waitFor({ state: 'visible', timeout: 15_000 });
      const info = await poll('the name on screen after the sidebar changed', () => tokenInfo(page, PERSON), 10_000);
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: PERSON_LATIN }).first();
      const card = await poll('the hover card', async () => {
        // Re-enter the word each round: a hover requested before the server was ready does not come back.
        await page.mouse.move(info.box.x + info.box.width + 200, info.box.y + 200);
        await page.mouse.move(info.box.x + info.box.width / 3, info.box.y + info.box.height / 2, { steps: 3 });
        await hover.waitFor({ state: 'visible', timeout: 3_000 });
        return hover.innerText();
      }, 40_000, 0);
      await shot(page, '03-hover.png');
      return card.replace(/\s+/g, ' ').slice(0, 160);
    });
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);

    // The README's picture, smaller: the article's first paragraph (past the site's menu), a hover card in it.
    await check('the README screenshot: a highlighted paragraph with a hover card', async () => {
      await page.setViewportSize({ width: 1120, height: 680 });
      try {
        // Scroll (Ctrl+Down moves the view, not the cursor) until the paragraph is near the top.
        for (let i = 0; i < 13; i++) await editorKey(page, 'Control+ArrowDown');
        // The name as the paragraph's first line writes it (in Latin): the card opens above it, over the site's menu and titles.
        await poll(`"${PERSON_LATIN}" on screen`, () => tokenInfo(page, PERSON_LATIN, { exact: true }), 10_000);
        const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: PERSON_LATIN }).first();
        await poll('the hover card', async () => {
          // Measured each round: the view may still be settling after the scroll.
          const name = await tokenInfo(page, PERSON_LATIN, { exact: true });
          if (!name) return undefined;
          await page.mouse.move(name.box.x + name.box.width + 200, name.box.y + 150);
          await page.mouse.move(name.box.x + name.box.width / 3, name.box.y + name.box.height / 2, { steps: 3 });
          await hover.waitFor({ state: 'visible', timeout: 3_000 });
          return true;
        }, 30_000, 0).catch(async (err) => {
          await shot(page, 'readme-screenshot-failed.png');
          throw err;
        });
        const file = join(screenshots, 'readme-screenshot.png');
        await page.screenshot({ path: file });
        if (process.env.HNA_README_SCREENSHOT) {
          cpSync(file, join(root, 'images', 'screenshot.png'));
          log('images/screenshot.png updated');
        }
        return `${Math.round(statSync(file).size / 1024)} KB${process.env.HNA_README_SCREENSHOT ? ', copied to images/screenshot.png' : ' (HNA_README_SCREENSHOT=1 copies it to images/screenshot.png)'}`;
      } finally {
        await page.keyboard.press('Escape');
        await page.mouse.move(5, 5);
        await page.setViewportSize({ width: 1400, height: 900 });
      }
    });

    await check('next unreviewed (Ctrl+Alt+]) then accept (Ctrl+Alt+Enter): the sidecar has the span and the counts move', async () => {
      const plain = await poll('plain text to click into', () => tokenInfo(page, 'विजय हासिल'), 10_000);
      await page.mouse.click(plain.box.x + 2, plain.box.y + plain.box.height / 2);
      await page.keyboard.press('Control+Home');
      await editorKey(page, 'Control+Alt+BracketRight');
      await poll('a selection on the first suggestion', async () => /selected/.test(await statusBarText(page)), 10_000);
      await editorKey(page, 'Control+Alt+Enter');
      const ann = await poll('an accepted annotation in the sidecar', () => readJson(sidecar)?.annotations?.[0], 15_000);
      const after = await poll('the counts to move by one', async () => {
        const c = await statusCounts(page);
        return c && c.confirmed === counts0.confirmed + 1 && c.unreviewed === counts0.unreviewed - 1 ? c : undefined;
      }, 10_000).catch(async (err) => {
        throw new Error(`${err.message}; before "${counts0.text}", now "${(await statusCounts(page))?.text}"`);
      });
      await shot(page, '04-accepted.png');
      return `${ann.label} “${ann.text}” (${ann.source ?? 'no source'}); ${counts0.text} → ${after.text}`;
    });

    let snapped;
    await check('tag PERSON on a selection in the middle of a word: the tag snaps to the whole word', async () => {
      const name = await poll(`"${PERSON}" after "अध्यक्ष" on screen`, () => tokenInfo(page, PERSON, { prev: 'अध्यक्ष' }), 10_000);
      // Drag across the middle of खड़गे, the name's second word: neither edge on a word boundary.
      const y = name.box.y + name.box.height / 2;
      await page.mouse.move(name.box.x + name.box.width * 0.8, y);
      await page.mouse.down();
      await page.mouse.move(name.box.x + name.box.width * 0.93, y, { steps: 4 });
      await page.mouse.up();
      await poll('a selection in the editor', async () => /selected/.test(await statusBarText(page)), 5_000);
      await shot(page, '05-mid-word-selection.png');
      const known = new Set((readJson(sidecar)?.annotations ?? []).map((a) => a.id));
      await editorKey(page, 'Control+Alt+KeyP');
      snapped = await poll('a new PERSON annotation in the sidecar', () => readJson(sidecar)?.annotations?.find((a) => !known.has(a.id) && a.label === 'PERSON'), 15_000);
      if (spanText(snapped) !== snapped.text) throw new Error(`the sidecar's offsets ${snapped.start}-${snapped.end} do not cover “${snapped.text}”`);
      const before = cps[snapped.start - 1] ?? ' ';
      const after = cps[snapped.end] ?? ' ';
      if (/[\p{L}\p{M}]/u.test(before) || /[\p{L}\p{M}]/u.test(after)) throw new Error(`the tag “${snapped.text}” splits a word (${JSON.stringify(before)} before, ${JSON.stringify(after)} after)`);
      if (snapped.text !== 'खड़गे') throw new Error(`the tag is “${snapped.text}”, not the word खड़गे (the suggestion around it is offered, never forced)`);
      await shot(page, '05-tagged-snapped.png');
      return `selection inside खड़गे → tag “${snapped.text}” ${snapped.start}-${snapped.end}`;
    });

    let grown;
    // The word खड़गे was tagged alone (the suggestion around it is offered, not forced); growing the
    // tag by a word at its start takes the given name in, not the title अध्यक्ष before it.
    await check('grow the tag by one word at its start (Ctrl+Alt+Shift+,)', async () => {
      if (!snapped) throw new Error('no tag from the previous step');
      await editorKey(page, 'Control+Alt+Shift+Comma');
      grown = await poll('the tag to start one word earlier', () => {
        const a = readJson(sidecar)?.annotations?.find((x) => x.end === snapped.end && x.start < snapped.start);
        return a;
      }, 10_000).catch(async (err) => {
        throw new Error(`${err.message}; annotations: ${JSON.stringify(readJson(sidecar)?.annotations?.map((a) => `${a.text}@${a.start}`))}`);
      });
      if (grown.text !== PERSON) throw new Error(`the grown tag is “${grown.text}”, not the name “${PERSON}”`);
      await shot(page, '06-grown.png');
      return `“${snapped.text}” → “${grown.text}”`;
    });

    await check('undo the resize with the annotation undo (Ctrl+Alt+Z): the text is untouched', async () => {
      if (!grown) throw new Error('no resized tag from the previous step');
      await editorKey(page, 'Control+Alt+KeyZ');
      await poll('the tag back to its size before growing', () => readJson(sidecar)?.annotations?.find((x) => x.start === snapped.start && x.end === snapped.end), 10_000);
      if (readFileSync(join(workspace, FIXTURE), 'utf8') !== articleText) throw new Error('the article text changed on disk');
      const dirty = await page.locator('.tabs-container .tab.dirty', { hasText: FIXTURE }).count();
      if (dirty) throw new Error('the editor has unsaved text changes: the undo reached the text');
      await shot(page, '07-undone.png');
      await editorKey(page, 'Control+Alt+Shift+KeyZ');
      await poll('redo to grow it again', () => readJson(sidecar)?.annotations?.find((x) => x.start === grown.start && x.end === grown.end), 10_000);
      return `back to “${snapped.text}”, redo → “${grown.text}”`;
    });

    await check('mark the article done: it asks about the unreviewed suggestions; Enter only goes to review them, "Accept all" finishes it', async () => {
      const before = await statusCounts(page);
      await runCommand(page, 'Mark Article Done');
      const dialog = page.locator('.monaco-dialog-box').first();
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      const question = (await dialog.innerText()).replace(/\s+/g, ' ');
      await shot(page, '08-mark-done-asks.png');
      // The default button (focused, pressed by Enter) must be the safe one: no bulk accept or reject by reflex.
      const focused = await poll('a focused dialog button', () => page.evaluate(() => (document.activeElement?.closest('.monaco-dialog-box') ? document.activeElement.textContent?.trim() : undefined)), 5_000);
      if (/accept|reject/i.test(focused)) throw new Error(`the dialog's default button is "${focused}": Enter would settle every unreviewed suggestion`);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
      const after = await poll('the status bar after Enter', () => statusCounts(page), 5_000);
      if (after.status === 'Done' || after.unreviewed !== before?.unreviewed) throw new Error(`Enter changed the article: ${before?.text} → ${after.text}`);
      if (readJson(sidecar)?.status === 'done') throw new Error('Enter marked the article done');
      await runCommand(page, 'Mark Article Done');
      await dialog.waitFor({ state: 'visible', timeout: 15_000 });
      await dialog.locator('.monaco-button', { hasText: /^Accept all/ }).first().click();
      const data = await poll('"status": "done" in the sidecar', () => (readJson(sidecar)?.status === 'done' ? readJson(sidecar) : undefined), 15_000);
      const c = await poll('the status bar to say Done with nothing unreviewed', async () => {
        const s = await statusCounts(page);
        return s?.status === 'Done' && s.unreviewed === 0 ? s : undefined;
      }, 10_000);
      await page.keyboard.press('Control+Shift+KeyE');
      const badge = await poll(`a ✓ badge on ${FIXTURE} in the Explorer`, () =>
        page.evaluate((file) => {
          const row = [...document.querySelectorAll('.explorer-folders-view .monaco-list-row')].find((r) => r.textContent?.includes(file));
          if (!row) return undefined;
          for (const el of row.querySelectorAll('*')) {
            const content = getComputedStyle(el, '::after').content;
            if (content && content.includes('✓')) return content;
          }
          return undefined;
        }, FIXTURE), 10_000);
      await shot(page, '08-done.png');
      return `asked: "${question.slice(0, 140)}"; default button "${focused}"; ${data.annotations.length} annotations; status bar ${c.text}; Explorer ${badge}`;
    });

    await check('the Review view (opened from the status bar) shows 1 of 5 done', async () => {
      await page.locator('.statusbar-item', { hasText: 'confirmed' }).first().click();
      const row = page.locator('.pane-body .monaco-list-row', { hasText: '1 of 5 done' }).first();
      await row.waitFor({ state: 'visible', timeout: 15_000 }).catch(async (err) => {
        await shot(page, '09-review-view.png');
        throw err;
      });
      const rows = await page.locator('.pane-body .monaco-list-row').allInnerTexts();
      await shot(page, '09-review-view.png');
      return rows.slice(0, 6).map((r) => r.replace(/\s+/g, ' ')).join(' | ');
    });

    let first;
    await check('export only this article: one question, one record, status done', async () => {
      // Back to the article's editor: "This article" is the active one.
      await page.locator('.tabs-container .tab', { hasText: FIXTURE }).first().click();
      await poll(`${FIXTURE} in the window title`, async () => (await page.title()).includes(FIXTURE), 15_000);
      first = await exportVia(page, workspace, 'Export Annotations', 'This article');
      const records = jsonlRecords(first.jsonl);
      first.ids = records.map((r) => r.id);
      if (records.length !== 1) throw new Error(`${records.length} records (ids ${records.map((r) => r.id).join(', ')}), expected only ${FIXTURE}`);
      const rec = records[0];
      if (rec.id !== FIXTURE && !String(rec.id).endsWith('/' + FIXTURE)) throw new Error(`the record is ${rec.id}, not ${FIXTURE}`);
      if (rec.meta?.status !== 'done') throw new Error(`meta.status is ${JSON.stringify(rec.meta?.status)}, not "done"`);
      if (!rec.spans.some((s) => s.start === grown?.start && s.end === grown?.end)) throw new Error('the grown tag is not in the export');
      if (rec.spans.some((s) => s.text.includes('अध्यक्ष'))) throw new Error('an exported span holds the title अध्यक्ष (titles stay outside names)');
      for (const s of rec.spans) if ([...rec.text].slice(s.start, s.end).join('') !== s.text) throw new Error(`span ${s.start}-${s.end} does not cover “${s.text}”`);
      const strays = first.fresh.filter((f) => !relative(workspace, f).startsWith('exports/'));
      if (strays.length) throw new Error(`the export wrote outside exports/: ${strays.map((f) => relative(workspace, f)).join(', ')}`);
      if (first.questions.length > 1) throw new Error(`the export asked ${first.questions.length} questions: ${first.questions.join(' / ')}`);
      await shot(page, '10-exported.png');
      return `${first.questions.length} question; ${relative(workspace, first.jsonl)}: ${rec.spans.length} spans; notification: ${first.note.slice(0, 200)}`;
    });

    await check('"Export Again" repeats it in one step: same ids, same count, no question', async () => {
      if (!first) throw new Error('no first export');
      const again = await exportVia(page, workspace, 'Export Again', undefined);
      const ids = jsonlRecords(again.jsonl).map((r) => r.id);
      if (JSON.stringify(ids) !== JSON.stringify(first.ids)) throw new Error(`ids ${JSON.stringify(ids)} differ from the first export's ${JSON.stringify(first.ids)}`);
      if (again.jsonl === first.jsonl) throw new Error('the second export overwrote the first one instead of writing a new folder');
      await shot(page, '11-exported-again.png');
      return `${relative(workspace, again.jsonl)}: ids ${ids.join(', ')}`;
    });

    await check('export the open articles: "Open articles" takes every open tab; the new one is left out and counted', async () => {
      const other = '002_7ab1b85cd547a623.txt';
      await openByQuickOpen(page, other);
      const r = await exportVia(page, workspace, 'Export Annotations', 'Open articles');
      const records = jsonlRecords(r.jsonl);
      if (JSON.stringify(records.map((x) => x.id)) !== JSON.stringify([FIXTURE])) throw new Error(`records ${JSON.stringify(records.map((x) => x.id))}, expected only the done ${FIXTURE}`);
      if (!/Left out 1 article \(1 new\)/.test(r.note)) throw new Error(`the notification does not count ${other} as left out: "${r.note}"`);
      await shot(page, '13-exported-open-articles.png');
      return `${relative(workspace, r.jsonl)}: ${records.length} record; notification: ${r.note.slice(0, 160)}`;
    });

    await check('export chosen files: "Choose files or folders…" opens a file dialog; the chosen article is exported', async () => {
      const before = new Set(filesUnder(workspace));
      await runCommand(page, 'Export Annotations');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Choose files or folders' }).first().click();
      // code-server has no native dialog: VS Code's own file dialog is a quick input that takes a path.
      const input = page.locator('.quick-input-widget input');
      await poll('the file dialog', async () => /Articles or folders to export/.test(await page.locator('.quick-input-widget').innerText().catch(() => '')), 15_000);
      await input.fill(join(workspace, FIXTURE));
      await shot(page, '14-export-choose-files.png');
      await poll('the dialog to take the file', async () => {
        if (await page.locator('.quick-input-widget').isVisible().catch(() => false)) await input.press('Enter');
        return newFiles(workspace, before).find((f) => f.endsWith('.jsonl'));
      }, 30_000, 1_000);
      const jsonl = await poll('an exported JSONL file', () => newFiles(workspace, before).find((f) => f.endsWith('.jsonl')), 30_000);
      const records = jsonlRecords(jsonl);
      if (JSON.stringify(records.map((x) => x.id)) !== JSON.stringify([FIXTURE])) throw new Error(`records ${JSON.stringify(records.map((x) => x.id))}, expected ${FIXTURE}`);
      return `${relative(workspace, jsonl)}: ${records.map((x) => x.id).join(', ')}`;
    });

    // The whole window as a new user sees it after the walk (status bar included).
    await shot(page, '12-final.png');
  } finally {
    if (errors.length) writeFileSync(join(scratch, 'page-errors.log'), errors.join('\n') + '\n');
    await page.close().catch(() => undefined);
  }
  // Closing the window shuts the extension host down with requests still in flight.
  await check('the extension host shuts down without provider failures from this extension', async () => {
    const logs = () => filesUnder(join(scratch, 'user-data', 'logs')).filter((f) => f.endsWith('remoteexthost.log'));
    // Every extension host that ran this extension (the suite's and the journey's), once all have exited.
    const hosts = await poll('the extension hosts to exit', () => {
      const mine = logs().map((f) => ({ f, text: readFileSync(f, 'utf8') })).filter((l) => l.text.includes('hindi-news.hindi-news-annotator'));
      return mine.length >= 2 && mine.every((l) => /exiting with code/.test(l.text)) ? mine : undefined;
    }, 20_000, 250);
    // An entry is a timestamped line and the stack under it; only errors that name this extension count.
    const entries = (text) => text.split(/\n(?=\d{4}-\d\d-\d\d )/);
    const ours = (e) => /\[error\]/.test(e) && /hindi-news[.-]hindi-news-annotator/.test(e);
    const bad = hosts.flatMap((l) => entries(l.text).filter(ours).map((e) => `${relative(root, l.f)}: ${e.split('\n').slice(0, 3).join(' ⏎ ')}`));
    if (bad.length) throw new Error(bad.slice(0, 4).join(' | '));
    return hosts.map((l) => relative(root, l.f)).join(', ');
  });
}

// ---------------------------------------------------------------------------

async function main() {
  await timed('install tools (apt, code-server, playwright-core)', () => {
    ensureDebianPackages(log);
    ensureCodeServer(tools, log);
  });
  await timed('package the .vsix', () => {
    log('npm run package');
    mustRun('npm', ['run', 'package'], { cwd: root });
  });
  const vsix = join(root, 'hindi-news-annotator.vsix');
  if (!existsSync(vsix)) throw new Error('npm run package did not produce hindi-news-annotator.vsix');
  // The suite bundle is built with the rest by scripts/build.mjs.
  if (!existsSync(join(root, 'client/out/test/index.js'))) throw new Error('client/out/test/index.js is missing (scripts/build.mjs builds it)');

  rmSync(scratch, { recursive: true, force: true });
  rmSync(screenshots, { recursive: true, force: true });
  mkdirSync(screenshots, { recursive: true });
  const dirs = {
    home: join(scratch, 'home'),
    userData: join(scratch, 'user-data'),
    extensions: join(scratch, 'extensions'),
    suiteWorkspace: join(scratch, 'suite-workspace'),
    uiWorkspace: join(scratch, 'ui-workspace'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  cpSync(join(root, 'test-fixtures'), dirs.suiteWorkspace, { recursive: true });
  cpSync(join(root, 'test-fixtures'), dirs.uiWorkspace, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'editor.hover.delay': 100,
      // Long paragraphs wrap, so every name is on screen (and in the screenshots).
      'editor.wordWrap': 'on',
      'workbench.tips.enabled': false,
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'telemetry.telemetryLevel': 'off',
      // The scratch folders live inside this repository's checkout.
      'git.openRepositoryInParentFolders': 'never',
    }, null, 2),
  );

  await timed('install the .vsix into code-server', () => {
    const out = mustRun(join(tools, 'node_modules', '.bin', 'code-server'), ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix], { env: { ...process.env, HOME: dirs.home } });
    log(out.trim().split('\n').pop());
  });

  const port = await freePort();
  codeServer = await timed('start code-server (until /healthz)', () => startCodeServer(port, dirs));
  log(`code-server on http://127.0.0.1:${port}/`);

  const { chromium } = await import(pathToFileURL(join(tools, 'node_modules', 'playwright-core', 'index.mjs')).href);
  context = await chromium.launchPersistentContext(join(scratch, 'chromium-profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

  await timed('integration suite in code-server', () => check('integration suite (client/src/test) inside code-server', () => runSuite(port, dirs.suiteWorkspace)));
  await timed('browser journey with the packaged .vsix', () => userJourney(port, dirs.uiWorkspace));
}

let fatal;
try {
  await main();
} catch (err) {
  fatal = err instanceof Error ? err.message : String(err);
} finally {
  await context?.close().catch(() => undefined);
  stopCodeServer();
}

console.log('\nTimings');
for (const [name, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
console.log(`  ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s  total`);
console.log('\nResults');
for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}${r.ok ? '' : `\n        ${r.detail}`}`);
if (existsSync(screenshots)) console.log(`\nScreenshots: ${readdirSync(screenshots).sort().map((f) => `e2e/screenshots/${f}`).join(', ')}`);
console.log(`Logs: ${relative(root, scratch)}/code-server.log, integration-suite.log`);
if (fatal) {
  console.error(`\nE2E FAILED: ${fatal}`);
  process.exit(1);
}
const failed = results.filter((r) => !r.ok).length;
if (failed || results.length === 0) {
  console.error(`\nE2E FAILED: ${failed} of ${results.length} checks failed.`);
  process.exit(1);
}
console.log(`\nE2E passed: ${results.length} checks.`);
