// `npm run test:e2e`: the packaged extension in a real VS Code workbench
// (code-server) driven by a real browser (Debian Chromium + playwright-core).
//
//  1. installs what it needs (e2e/setup.mjs; idempotent), packages the .vsix
//     and installs it into a scratch code-server profile;
//  2. runs the integration suite (client/src/test) inside code-server, the
//     way @vscode/test-electron would on a desktop: the suite's exit code
//     decides;
//  3. drives the workbench like a user: opens a fixture, checks that a name
//     is coloured, hovers it, tags a selection from the command palette and
//     exports, with a screenshot of each step in e2e/screenshots/.
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
async function tokenInfo(page, text, { exact = false, plain = 'विजय हासिल' } = {}) {
  return page.evaluate(
    ({ text, exact, plain }) => {
      const spans = [...document.querySelectorAll('.monaco-editor .view-lines .view-line > span > span')];
      const norm = (s) => (s.textContent ?? '').replace(/\u00a0/g, ' ');
      // Only tokens inside the editor's visible area (long lines scroll sideways).
      const area = document.querySelector('.monaco-editor .monaco-scrollable-element.editor-scrollable')?.getBoundingClientRect();
      const onScreen = (s) => {
        const r = s.getBoundingClientRect();
        return r.width > 0 && (!area || (r.left >= area.left && r.right <= area.right && r.top >= area.top && r.bottom <= area.bottom));
      };
      const el = spans.find((s) => (exact ? norm(s).trim() === text : norm(s).includes(text)) && onScreen(s));
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
    { text, exact, plain },
  );
}

async function openByQuickOpen(page, file) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
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

async function userJourney(port, workspace) {
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const stop = { ok: true };
  try {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    // The explorer shows the workspace once the remote connection is up.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FIXTURE }).first().waitFor({ state: 'visible', timeout: 60_000 });

    stop.ok = await check('open a fixture from Quick Open', async () => {
      await openByQuickOpen(page, FIXTURE);
      await poll('the article text in the editor', async () => (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(nbsp, ' ').includes(PERSON), 30_000);
      await shot(page, '01-opened.png');
      return FIXTURE;
    });
    if (!stop.ok) return;

    let nameToken;
    await check(`"${PERSON}" is coloured as a person (computed colour differs from plain text)`, async () => {
      nameToken = await poll('a coloured token for the name', async () => {
        const info = await tokenInfo(page, PERSON);
        return info && info.plainColor && info.color !== info.plainColor && info.text.trim() === PERSON ? info : undefined;
      }, 60_000, 200).catch(async (err) => {
        const info = await tokenInfo(page, PERSON.split(' ')[0]);
        throw new Error(`${err.message}; last seen: ${JSON.stringify(info)}`);
      });
      await shot(page, '02-coloured.png');
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

    await check('the status bar shows the article\'s review counts', async () => {
      const text = await poll('"… suggested" in the status bar', async () => {
        const t = (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');
        return /\d+ suggested/.test(t) ? t : undefined;
      }, 30_000, 200).catch(async (err) => {
        await shot(page, 'status-bar-missing.png');
        const bar = (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');
        // Diagnosis for the report: does switching articles bring the item back?
        await openByQuickOpen(page, '002_7ab1b85cd547a623.txt');
        const other = await poll('the item for another article', async () => /\d+ suggested/.test(await page.locator('.statusbar').innerText()), 10_000, 200).then(() => 'appears', () => 'is missing too');
        await page.locator('.tabs-container .tab', { hasText: FIXTURE }).first().click();
        await page.mouse.move(5, 5);
        await poll(`${FIXTURE} in the window title`, async () => (await page.title()).includes(FIXTURE), 15_000);
        const back = await poll('the item after switching back', async () => /\d+ suggested/.test(await page.locator('.statusbar').innerText()), 10_000, 200).then(() => 'appears', () => 'is still missing');
        throw new Error(`${err.message}; status bar: "${bar}"; after opening another article the item ${other}; back on ${FIXTURE} it ${back}`);
      });
      return text.match(/\d+ tagged.*?\d+ unreviewed/)?.[0] ?? text;
    });

    await check(`hovering the name shows a card with "${PERSON_LATIN}"`, async () => {
      const info = nameToken ?? (await tokenInfo(page, PERSON.split(' ')[0]));
      if (!info) throw new Error(`"${PERSON}" is not on screen`);
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

    const sidecar = join(workspace, `${FIXTURE}.hna.json`);
    await check('"Tag as PERSON" from the command palette on a selection writes the sidecar', async () => {
      const word = await poll('a lone "खड़गे" token on screen', () => tokenInfo(page, 'खड़गे', { exact: true }), 10_000);
      await page.mouse.dblclick(word.box.x + word.box.width / 2, word.box.y + word.box.height / 2);
      // The status bar says "(5 selected)" once the word is selected.
      await poll('a selection in the editor', async () => /selected/.test(await page.locator('.statusbar').innerText()), 5_000).catch(async (err) => {
        await shot(page, '04-selection-failed.png');
        throw new Error(`${err.message}; double-clicked ${JSON.stringify(word)}`);
      });
      await shot(page, '04-selection.png');
      await runCommand(page, 'Tag as PERSON');
      const ann = await poll(`${FIXTURE}.hna.json with a PERSON annotation on "खड़गे"`, () => readJson(sidecar)?.annotations?.find((a) => a.label === 'PERSON' && a.text === 'खड़गे'), 15_000);
      await page.keyboard.press('ArrowRight');
      // Let the confirmed token be repainted before the screenshot.
      // The tag shows at once: bold with a solid underline instead of the suggestion's dotted one, and counted.
      const repainted = await poll('the tagged word repainted bold, without the dotted underline', async () => {
        const after = await tokenInfo(page, 'खड़गे', { exact: true });
        // (The solid underline is a border drawn in the overlay layer, not on the text span.)
        return after && Number(after.look.fontWeight) >= 600 && !/dotted/.test(after.look.underline) ? after : undefined;
      }, 10_000).catch(async () => {
        await shot(page, '05-tagged.png');
        throw new Error(`the tagged word still looks like a suggestion after 10 s: ${JSON.stringify(await tokenInfo(page, 'खड़गे', { exact: true }))}`);
      });
      const bar = await poll('"1 tagged" in the status bar', async () => {
        const t = (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');
        return /\b1 tagged/.test(t) ? t.match(/\d+ tagged.*?\d+ unreviewed/)?.[0] ?? t : undefined;
      }, 10_000).catch(async (err) => {
        await shot(page, '05-tagged.png');
        throw new Error(`${err.message}; status bar: "${(await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ')}"`);
      });
      await shot(page, '05-tagged.png');
      const look = `token ${word.className} ${JSON.stringify(word.look)} → ${repainted.className} ${JSON.stringify(repainted.look)}`;
      return `sidecar span ${ann.start}-${ann.end} (${ann.source ?? 'no source'}); ${look}; status bar: ${bar}`;
    });

    await check('"Export annotations" from the command palette writes the dataset', async () => {
      const before = new Set(filesUnder(workspace));
      const started = Date.now();
      let prompts = 0;
      await runCommand(page, 'Export annotations');
      const exported = await poll('an exported file in the workspace', async () => {
        const fresh = filesUnder(workspace).filter((f) => !before.has(f) && !f.endsWith('.hna.json') && statSync(f).mtimeMs >= started - 1000);
        if (fresh.length) return fresh;
        // Answer whatever the command asks: prefer JSONL, else accept the default.
        const widget = page.locator('.quick-input-widget');
        if (await widget.isVisible()) {
          const rows = page.locator('.quick-input-list .monaco-list-row');
          const jsonl = rows.filter({ hasText: /JSONL/i }).first();
          await shot(page, `06-export-prompt-${++prompts}.png`);
          if (await jsonl.isVisible().catch(() => false)) await jsonl.click();
          else await page.keyboard.press('Enter');
        }
        return undefined;
      }, 60_000, 500);
      // The dataset holds the span tagged above, at the offsets the sidecar gave it.
      const jsonl = exported.find((f) => f.endsWith('.jsonl'));
      if (!jsonl) throw new Error(`the export wrote no JSONL file (files: ${exported.map((f) => relative(workspace, f)).join(', ')})`);
      // By default a new folder under exports/, never among the articles.
      const strays = exported.filter((f) => !relative(workspace, f).startsWith('exports/'));
      if (strays.length) throw new Error(`the export wrote outside exports/: ${strays.map((f) => relative(workspace, f)).join(', ')}`);
      if (prompts > 4) throw new Error(`the export asked ${prompts} questions (scope, format, spans and output folder are enough)`);
      const records = readFileSync(jsonl, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
      const rec = records.find((r) => r.id === FIXTURE || String(r.id).endsWith('/' + FIXTURE));
      if (!rec) throw new Error(`${relative(workspace, jsonl)} has no record for ${FIXTURE}`);
      const tagged = readJson(sidecar)?.annotations?.find((a) => a.text === 'खड़गे');
      const span = rec.spans.find((x) => x.label === 'PERSON' && x.text === 'खड़गे' && x.start === tagged?.start);
      if (!span) throw new Error(`the exported record lacks the tagged PERSON span: ${JSON.stringify(rec.spans)}`);
      if ([...rec.text].slice(span.start, span.end).join('') !== span.text) throw new Error('the exported span does not cover its text');
      const toast = page.locator('.notifications-toasts .notification-toast').first();
      const note = (await toast.isVisible().catch(() => false)) ? (await toast.innerText()).replace(/\s+/g, ' ') : '';
      await shot(page, '07-exported.png');
      return `${prompts} prompts; ${exported.map((f) => relative(workspace, f)).join(', ')}${note ? `; notification: ${note.slice(0, 200)}` : ''}`;
    });

    // The whole window as a new user sees it after the journey (status bar included).
    await shot(page, '08-final.png');
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
