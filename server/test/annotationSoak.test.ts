/**
 * Randomized soak of the annotation store over stdio (issue 12): seeded,
 * bounded by a step count. Random edits (odd Unicode included), tags,
 * accepts, removals, outside rewrites delivered as one ranged change,
 * line-ending changes, reverts to the text last saved and SIGKILLs. The
 * seed is `HNA_SOAK_SEED` when set (to run it with other seeds), and
 * `HNA_SOAK_ROUNDS` runs it longer. At the end of every round the sidecar
 * must reach the client's text without any save (so within the maximum
 * wait) or at once on save, hold every acknowledged annotation (live or
 * orphaned), and every live span's text must equal the document at its
 * offsets. After a kill the restarted server must give back the same
 * annotations. Prints its figures as test diagnostics.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { contentHash } from '../src/core/annotations/sidecar';
import { rng } from '../src/core/learning/perceptron';
import { AnnotationRangesRequest, Commands, type AnnotationRanges } from '../src/protocol';
import { LspClient, until } from './lspClient';

const SEED = Number(process.env.HNA_SOAK_SEED ?? 20261202);
const ROUNDS = Number(process.env.HNA_SOAK_ROUNDS ?? 30);
const STEPS_PER_ROUND = 8;
const KILL_EVERY = 6;



const SNIPPETS = ['नया ', 'कहा कि ', 'राहुल गांधी ', 'भाजपा ', '😀', '👩‍💻 ', 'क़', 'ज़्ज़', 'शर्मा‌जी ', 'क्‍ष ', '\n', '\r\n', 'ाँ', 'Modi ', '১२३ ', '॥ ', 'a\u0301 '];

const dir = mkdtempSync(join(tmpdir(), 'hna-soak-'));
chmodSync(dir, 0o777);
const servers: LspClient[] = [];
after(async () => {
  // A failed soak must not leave its server running (the test runner would wait for it).
  for (const c of servers) if (c.proc.exitCode === null && c.proc.signalCode === null) await c.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('soak: random edits, tags, accepts, removals, outside rewrites, line endings and kills lose no acknowledged annotation', async (t) => {
  const random = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const name = 'soak.txt';
  const fixture = readFileSync(join(__dirname, '../../test-fixtures/001_a79564f461821e4f.txt'), 'utf8');
  writeFileSync(join(dir, name), fixture);
  const sidecarFile = join(dir, name + '.hna.json');
  const readSidecar = () => {
    try {
      return JSON.parse(readFileSync(sidecarFile, 'utf8'));
    } catch {
      return undefined;
    }
  };
  const figures = { steps: 0, edits: 0, tags: 0, accepts: 0, removals: 0, rewrites: 0, lineEndings: 0, reverts: 0, kills: 0, syncsWithoutSave: 0, spansChecked: 0, spansLost: 0, orphaned: 0 };

  let c = await new LspClient({ folder: dir }).initialize();
  servers.push(c);
  // The server that takes over after the next kill starts now and waits, idle, with no article open (its
  // start-up, about a second, is then not waited for); it opens the article only after the kill, so it reads
  // what the killed one left on disk.
  const spare = () => {
    const next = new LspClient({ folder: dir });
    servers.push(next);
    return next.initialize();
  };
  let nextServer = spare();
  let text = fixture;
  c.open(name, text);
  /** Ids on disk at the last check, and how many annotations were acknowledged since. */
  let known = new Set<string>();
  let lastSidecar: any;
  let acknowledged = 0;
  let removed = 0;
  const ranges = async () =>
    (await c.conn.sendRequest<AnnotationRanges | null>(AnnotationRangesRequest.method, { textDocument: { uri: c.uriOf(name) } })) ?? { confirmed: [], suggestions: [] };

  const words = () => [...c.doc(name).getText().matchAll(/[\u0900-\u097F\u200C\u200D]{2,}/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  const cpBoundary = (s: string, i: number) => (i > 0 && i < s.length && /[\uDC00-\uDFFF]/.test(s[i]!) && /[\uD800-\uDBFF]/.test(s[i - 1]!) ? i - 1 : i);

  async function check(label: string, save: boolean): Promise<void> {
    text = c.doc(name).getText();
    const want = contentHash(text);
    if (save) {
      // The editor writes the article, then says it saved it.
      writeFileSync(join(dir, name), text);
      await c.save(name);
    } else figures.syncsWithoutSave++;
    // Nothing annotated yet: no sidecar is written for an article without annotations.
    if (known.size === 0 && acknowledged === 0 && readSidecar() === undefined) return;
    const idsOf = (d: any) => new Set<string>([...d.annotations, ...d.orphans].map((a: { id: string }) => a.id));
    // Every acknowledged action is in it. Its content hash alone does not say so when the text came back to
    // what an earlier sidecar was written for (a revert): that earlier sidecar has the same hash.
    const complete = (d: any) => {
      const ids = idsOf(d);
      return [...known].filter((id) => !ids.has(id)).length === removed && [...ids].filter((id) => !known.has(id)).length === acknowledged;
    };
    // The bound is generous for a loaded machine; the server's own maximum wait is one second.
    const follows = await until(`${label}: the sidecar follows the text (step ${figures.steps})`, () => {
      const d = readSidecar();
      return d?.contentHash === want && complete(d) ? d : undefined;
    }, 6000).catch(() => undefined);
    // Timed out: the assertions below say what is wrong with what is on disk.
    const sc = follows ?? readSidecar();
    if (sc?.contentHash !== want) throw new Error(`${label}: the sidecar does not follow the text (step ${figures.steps}); actions: ${trail.slice(-12).join(' | ')}; server log: ${c.logs.slice(-8).join(' / ')}`);
    const cps = Array.from(text);
    let lastEnd = -1;
    for (const a of sc.annotations) {
      figures.spansChecked++;
      assert.equal(cps.slice(a.start, a.end).join(''), a.text, `${label}: span ${a.id} is on its text`);
      assert.ok(a.start >= lastEnd, `${label}: spans do not overlap`);
      lastEnd = a.end;
    }
    const ids = idsOf(sc);
    const gone = [...known].filter((id) => !ids.has(id));
    const fresh = [...ids].filter((id) => !known.has(id));
    // Removed tags are the only ones allowed to go.
    figures.spansLost += Math.max(0, gone.length - removed) + Math.max(0, acknowledged - fresh.length);
    assert.equal(gone.length, removed, `${label}: annotations missing beyond the ${removed} removed: ${gone.join(', ')}`);
    assert.equal(fresh.length, acknowledged, `${label}: every acknowledged tag or accept is on disk (${fresh.length} new of ${acknowledged}); actions: ${trail.slice(-12).join(' | ')}`);
    known = ids;
    acknowledged = 0;
    removed = 0;
    figures.orphaned = sc.orphans.length;
    lastSidecar = sc;
  }

  /** The last actions, for a failure message. */
  const trail: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let s = 0; s < STEPS_PER_ROUND; s++) {
      figures.steps++;
      const r = random();
      trail.push(r < 0.4 ? 'edit' : r < 0.63 ? 'tag' : r < 0.73 ? 'accept' : r < 0.81 ? 'remove' : r < 0.88 ? 'rewrite' : r < 0.94 ? 'line endings' : 'revert');
      const doc = c.doc(name);
      const cur = doc.getText();
      if (r < 0.4) {
        // Typing: insert or delete a little, anywhere (odd Unicode too).
        figures.edits++;
        const at = cpBoundary(cur, Math.floor(random() * (cur.length + 1)));
        if (random() < 0.6 || cur.length < 50) c.edit(name, at, at, pick(SNIPPETS));
        else c.edit(name, at, cpBoundary(cur, Math.min(cur.length, at + 1 + Math.floor(random() * 12))), '');
      } else if (r < 0.63) {
        const ws = words();
        if (!ws.length) continue;
        const w = pick(ws);
        const res = await c.run(Commands.tag, { uri: doc.uri, range: { start: doc.positionAt(w.start), end: doc.positionAt(w.end) }, label: pick(['PERSON', 'PARTY', 'DATE']), exact: random() < 0.5 });
        if (res.ok) {
          acknowledged++;
          figures.tags++;
        }
      } else if (r < 0.73) {
        const sg = (await ranges()).suggestions;
        if (!sg.length) continue;
        const res = await c.run(Commands.accept, { uri: doc.uri, position: pick(sg).range.start });
        if (res.ok) {
          acknowledged++;
          figures.accepts++;
        }
      } else if (r < 0.81) {
        // Tags acknowledged since the last check are checked first, so a removal is always of one the check knows.
        if (acknowledged > 0) await check(`before a removal in round ${round + 1}`, true);
        const confirmed = (await ranges()).confirmed;
        if (!confirmed.length) continue;
        const res = await c.run(Commands.removeTag, { uri: doc.uri, position: pick(confirmed).range.start });
        if (res.ok) {
          removed++;
          figures.removals++;
        }
      } else if (r < 0.88) {
        // Changed outside the editor and reloaded: one ranged change over the whole document.
        figures.rewrites++;
        const lines = cur.split('\n');
        const i = Math.floor(random() * lines.length);
        lines[i] = lines[i] + ' (संशोधित)';
        if (random() < 0.5) lines.splice(Math.floor(random() * lines.length), 0, 'नया अनुच्छेद जोड़ा गया।');
        c.change(name, [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(cur.length) }, text: lines.join('\n') }]);
      } else if (r < 0.94) {
        // Line endings flipped, sent ranged or whole.
        figures.lineEndings++;
        const flipped = cur.includes('\r\n') ? cur.replace(/\r\n/g, '\n') : cur.replace(/\n/g, '\r\n');
        if (random() < 0.5) c.change(name, [{ text: flipped }]);
        else c.change(name, [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(cur.length) }, text: flipped }]);
      } else {
        // File: Revert File: back to the text last saved, sent ranged (VS Code) or whole.
        figures.reverts++;
        const saved = readFileSync(join(dir, name), 'utf8');
        if (random() < 0.5) c.change(name, [{ text: saved }]);
        else c.change(name, [{ range: { start: { line: 0, character: 0 }, end: doc.positionAt(cur.length) }, text: saved }]);
      }
    }
    if ((round + 1) % KILL_EVERY === 0) {
      // On disk within the maximum wait, with no save; then SIGKILL and a fresh server on the same text.
      await check(`before kill ${figures.kills + 1}`, false);
      const before = JSON.stringify({ a: lastSidecar.annotations, o: lastSidecar.orphans });
      await c.kill();
      figures.kills++;
      c = await nextServer;
      nextServer = spare();
      c.open(name, text);
      await c.save(name);
      await new Promise((r) => setTimeout(r, 50));
      const after = readSidecar();
      assert.equal(JSON.stringify({ a: after.annotations, o: after.orphans }), before, 'the restarted server keeps the annotations as they were');
    } else await check(`round ${round + 1}`, round % 3 !== 0);
  }
  await check('end', true);
  await c.quit();
  await (await nextServer).quit();
  t.diagnostic(
    `soak seed ${SEED}: ${figures.steps} steps, ${figures.edits} edits, ${figures.tags} tags, ${figures.accepts} accepts, ${figures.removals} removals, ` +
      `${figures.rewrites} outside rewrites, ${figures.lineEndings} line-ending changes, ${figures.reverts} reverts, ${figures.kills} kills, ${figures.syncsWithoutSave} checks without save, ` +
      `${figures.spansChecked} spans checked, ${figures.spansLost} spans lost, ${figures.orphaned} orphaned at the end`,
  );
  assert.equal(figures.spansLost, 0);
  assert.ok(figures.tags > 20 && figures.kills >= 5 && figures.edits > 50, JSON.stringify(figures));
});
