/**
 * Reviewing through the contributed commands, as an annotator does: the
 * status bar follows each action, undo reverts annotation actions and never a
 * text edit, rejected suggestions come back, marking done finishes an article
 * (the Review view, the Explorer badge and the export all say so), a tag
 * snaps to whole words and grows or shrinks by a word, next/previous move on
 * to the next article, and "Export Again" repeats an export.
 *
 * Commands are called with arguments where they would ask (mark done, export),
 * so nothing waits for a dialog; the e2e walk answers the dialogs in the
 * browser. Everything is polled, never slept on.
 */
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandResult, ExportResultSummary } from '../../../server/src/protocol';
import type { HindiNewsApi } from '../extension';
import { activateExtension, openFixture, requireCommand, semanticTokens, waitFor, workspaceDir } from './util';

const OWNER = 'The review commands come from issue 13 (client: client/src/commands, server: hindiNews.server.* in server/src/protocol.ts).';
const COUNTS = /^\$\(tag\) (\d+) confirmed · (\d+) unreviewed · (\d+) rejected {2}\$\([\w-]+\) (New|In progress|Done)$/;

interface StoredSpan {
  id: string;
  start: number;
  end: number;
  label: string;
  text: string;
}

interface Sidecar {
  status?: string;
  annotations?: StoredSpan[];
  orphans?: StoredSpan[];
}

async function readSidecar(doc: vscode.TextDocument): Promise<Sidecar | undefined> {
  try {
    return JSON.parse(await fsp.readFile(doc.uri.fsPath + '.hna.json', 'utf8')) as Sidecar;
  } catch {
    return undefined;
  }
}

async function api(): Promise<HindiNewsApi> {
  return (await activateExtension()).exports as HindiNewsApi;
}

/** The status bar's counts for `doc` once they satisfy `accept`. */
async function counts(doc: vscode.TextDocument, what: string, accept: (c: { confirmed: number; unreviewed: number; rejected: number; status: string }) => boolean = () => true) {
  const a = await api();
  return waitFor(`the status bar to show ${what}`, () => {
    const text = a.statusBarText();
    const s = a.statusBar();
    if (!text || s?.uri !== doc.uri.toString()) return undefined;
    const m = COUNTS.exec(text);
    if (!m) throw new Error(`the status bar reads "${text}"`);
    const c = { confirmed: +m[1]!, unreviewed: +m[2]!, rejected: +m[3]!, status: m[4]! };
    return accept(c) ? c : undefined;
  }, 20_000);
}

function select(editor: vscode.TextEditor, start: number, end: number): void {
  const doc = editor.document;
  editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(end));
}

/** Code point offsets of a UTF-16 offset in `text`. */
function cp(text: string, utf16: number): number {
  return [...text.slice(0, utf16)].length;
}

async function serverCommand(command: string, arg: unknown): Promise<CommandResult> {
  const r = await vscode.commands.executeCommand<CommandResult>(command, arg);
  assert.ok(r, `${command} answered nothing`);
  return r;
}

export function registerReviewSuite(): void {
  suite('Reviewing', () => {
    suiteSetup(async () => {
      await activateExtension();
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('the status bar reads confirmed · unreviewed · rejected and the status, and moves with each accept', async () => {
      await requireCommand('hindiNews.acceptSuggestion', OWNER);
      const { doc } = await openFixture('002_7ab1b85cd547a623.txt');
      await semanticTokens(doc);
      const before = await counts(doc, 'counts for a new article', (c) => c.unreviewed > 0);
      assert.equal(before.status, 'New');
      assert.ok(await vscode.commands.executeCommand('hindiNews.nextUnreviewed'), 'next unreviewed found nothing');
      assert.ok(await vscode.commands.executeCommand('hindiNews.acceptSuggestion'), 'accept failed');
      const after = await counts(doc, `${before.confirmed + 1} confirmed, ${before.unreviewed - 1} unreviewed`, (c) => c.confirmed === before.confirmed + 1 && c.unreviewed === before.unreviewed - 1);
      assert.equal(after.rejected, before.rejected);
      assert.equal(after.status, 'In progress');
    });

    test('annotation undo reverts the accept and leaves an earlier text edit alone (the Ctrl+Z repro)', async () => {
      await requireCommand('hindiNews.undo', OWNER);
      const { doc, editor } = await openFixture('002_7ab1b85cd547a623.txt');
      const edit = ' [टिप्पणी]';
      const lastLine = doc.lineAt(doc.lineCount - 1);
      assert.ok(await editor.edit((e) => e.insert(lastLine.range.end, edit)), 'the editor refused the edit');
      const before = await counts(doc, 'counts after the edit');
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      assert.ok(await vscode.commands.executeCommand('hindiNews.nextUnreviewed'), 'next unreviewed found nothing');
      assert.ok(await vscode.commands.executeCommand('hindiNews.acceptSuggestion'), 'accept failed');
      await counts(doc, 'one more confirmed span', (c) => c.confirmed === before.confirmed + 1);
      assert.ok(await vscode.commands.executeCommand('hindiNews.undo'), 'hindiNews.undo failed');
      await counts(doc, 'the accept undone', (c) => c.confirmed === before.confirmed && c.unreviewed === before.unreviewed);
      assert.ok(doc.getText().endsWith(edit), 'the annotation undo reverted the text edit');
      assert.ok(await vscode.commands.executeCommand('hindiNews.redo'), 'hindiNews.redo failed');
      await counts(doc, 'the accept redone', (c) => c.confirmed === before.confirmed + 1);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor('the article reverted', () => (!doc.isDirty && !doc.getText().endsWith(edit) ? true : undefined));
    });

    test('accept a suggestion, type on its line, File: Revert File: the tag stays confirmed where it was, nothing orphaned (the revert repro)', async () => {
      await requireCommand('hindiNews.acceptSuggestion', OWNER);
      const { doc, editor } = await openFixture('000_814ef11f0a60dca0.txt');
      await semanticTokens(doc);
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      assert.ok(await vscode.commands.executeCommand('hindiNews.nextUnreviewed'), 'next unreviewed found nothing');
      const at = editor.selection;
      const name = doc.getText(at);
      assert.ok(await vscode.commands.executeCommand('hindiNews.acceptSuggestion'), 'accept failed');
      const accepted = await waitFor(`“${name}” accepted in the sidecar`, async () => (await readSidecar(doc))?.annotations?.find((x) => x.text === name));
      const before = await counts(doc, 'counts after the accept', (c) => c.confirmed > 0);
      // Type on the same line, before the name: the tag moves by one, and the sidecar follows.
      assert.ok(await editor.edit((e) => e.insert(new vscode.Position(at.start.line, 0), 'क')), 'the editor refused the edit');
      await waitFor('the tag moved by the typed letter in the sidecar', async () => ((await readSidecar(doc))?.annotations?.some((x) => x.id === accepted.id && x.start === accepted.start + 1) ? true : undefined));
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor('the article reverted', () => (!doc.isDirty && doc.getText(at) === name ? true : undefined));
      const after = await waitFor('the tag back in place, confirmed, with no orphan', async () => {
        const sc = await readSidecar(doc);
        const a = sc?.annotations?.find((x) => x.id === accepted.id);
        if (sc?.orphans?.length) throw new Error(`orphaned after the revert: ${sc.orphans.map((o) => `“${o.text}”`).join(', ')}`);
        return a && a.start === accepted.start && a.end === accepted.end ? a : undefined;
      });
      assert.equal(after.text, name);
      await counts(doc, `${before.confirmed} confirmed after the revert`, (c) => c.confirmed === before.confirmed && c.unreviewed === before.unreviewed);
    });

    test('a rejected suggestion is listed for the article and can be restored', async () => {
      await requireCommand('hindiNews.restoreRejected', OWNER);
      const a = await api();
      const { doc, editor } = await openFixture('002_7ab1b85cd547a623.txt');
      const before = await counts(doc, 'counts before rejecting', (c) => c.unreviewed > 0);
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      assert.ok(await vscode.commands.executeCommand('hindiNews.nextUnreviewed'), 'next unreviewed found nothing');
      const text = doc.getText(editor.selection);
      assert.ok(await vscode.commands.executeCommand('hindiNews.rejectSuggestion'), 'reject failed');
      await counts(doc, 'one more rejected', (c) => c.rejected === before.rejected + 1 && c.unreviewed === before.unreviewed - 1);
      const listed = await waitFor(`“${text}” in the Rejected Suggestions view`, () => a.rejected().find((n) => n.item.text === text && n.uri === doc.uri.toString()));
      assert.ok(await vscode.commands.executeCommand('hindiNews.restoreRejected', listed), 'restore failed');
      await counts(doc, 'the rejection restored', (c) => c.rejected === before.rejected && c.unreviewed === before.unreviewed);
      await waitFor(`“${text}” gone from the Rejected Suggestions view`, () => (a.rejected().some((n) => n.item.id === listed.item.id) ? undefined : true));
    });

    test('accept all mentions of an entity in the article', async () => {
      await requireCommand('hindiNews.acceptMentions', OWNER);
      const { doc, editor } = await openFixture('002_7ab1b85cd547a623.txt');
      const name = 'अविनाश पांडे';
      const text = doc.getText();
      const mentions = text.split(name).length - 1;
      assert.ok(mentions >= 2, `the fixture should mention ${name} several times`);
      const at = text.indexOf(name);
      select(editor, at + 1, at + 1);
      assert.ok(await vscode.commands.executeCommand('hindiNews.acceptMentions'), 'accept mentions failed');
      const stored = await waitFor(`${mentions} confirmed mentions of ${name}`, async () => {
        const n = (await readSidecar(doc))?.annotations?.filter((x) => x.text === name).length ?? 0;
        return n >= mentions ? n : undefined;
      });
      assert.equal(stored, mentions);
    });

    test('tagging a selection in the middle of a word tags the whole word; Tag Exactly keeps the fragment', async () => {
      await requireCommand('hindiNews.tagExactly', OWNER);
      const { doc, editor } = await openFixture('003_805ea76b78422eaa.txt');
      await semanticTokens(doc);
      const text = doc.getText();
      const word = 'सोनिया';
      const first = text.indexOf(word);
      assert.ok(first > 0, `the fixture no longer contains ${word}`);
      // “नि”: inside the word, neither edge on a word boundary.
      select(editor, first + 2, first + 4);
      assert.ok(await vscode.commands.executeCommand('hindiNews.tagPerson'), 'tag failed');
      const tagged = await waitFor('a PERSON tag over सोनिया', async () => (await readSidecar(doc))?.annotations?.find((x) => x.label === 'PERSON' && x.start <= cp(text, first) && x.end > cp(text, first)));
      assert.ok(tagged.text === word || tagged.text.startsWith(word + ' '), `the tag is “${tagged.text}”, not the whole word`);
      assert.equal(tagged.start, cp(text, first), 'the tag starts inside the word');

      const second = text.indexOf(word, first + word.length);
      assert.ok(second > 0, `the fixture mentions ${word} only once`);
      select(editor, second, second + 4);
      assert.ok(await vscode.commands.executeCommand('hindiNews.tagExactly', 'PERSON'), 'tag exactly failed');
      const exact = await waitFor('an exact sub-word tag', async () => (await readSidecar(doc))?.annotations?.find((x) => x.start === cp(text, second)));
      assert.equal(exact.text, 'सोनि');
      assert.equal(exact.end, cp(text, second + 4));
    });

    test('grow and shrink the tag under the cursor by one word at either edge', async () => {
      await requireCommand('hindiNews.growTagEnd', OWNER);
      const { doc, editor } = await openFixture('003_805ea76b78422eaa.txt');
      const text = doc.getText();
      const name = 'प्रशांत किशोर';
      const first = 'प्रशांत';
      const at = text.indexOf(name);
      select(editor, at, at + name.length);
      assert.ok(await vscode.commands.executeCommand('hindiNews.tagPerson'), 'tag failed');
      const start = cp(text, at);
      const end = cp(text, at + name.length);
      const spanAt = async (s: number, e: number) => (await readSidecar(doc))?.annotations?.find((x) => x.start === s && x.end === e);
      const tag = await waitFor(`the tag “${name}”`, () => spanAt(start, end));
      assert.equal(tag.text, name);
      select(editor, at + 1, at + 1);
      assert.ok(await vscode.commands.executeCommand('hindiNews.shrinkTagEnd'), 'shrink failed');
      await waitFor(`the tag shrunk to “${first}”`, () => spanAt(start, cp(text, at + first.length)));
      assert.ok(await vscode.commands.executeCommand('hindiNews.growTagEnd'), 'grow failed');
      await waitFor(`the tag grown back to “${name}”`, () => spanAt(start, end));
      assert.ok(await vscode.commands.executeCommand('hindiNews.growTagStart'), 'grow at the start failed');
      const grown = await waitFor('the tag grown at its start', async () => (await readSidecar(doc))?.annotations?.find((x) => x.end === end && x.start < start));
      assert.ok(grown.text.endsWith(' ' + name), `grown to “${grown.text}”`);
      assert.ok(await vscode.commands.executeCommand('hindiNews.shrinkTagStart'), 'shrink at the start failed');
      await waitFor('the tag back to the name', () => spanAt(start, end));
    });

    test('mark done asks about unreviewed suggestions; done shows in the Review view, the Explorer and the status bar; reopen undoes it', async () => {
      await requireCommand('hindiNews.markDone', OWNER);
      const a = await api();
      const { doc } = await openFixture('004_8123390feb9495bb.txt');
      await semanticTokens(doc);
      const uri = doc.uri.toString();
      await counts(doc, 'unreviewed suggestions in the article', (c) => c.unreviewed > 0);
      const doneBefore = (await a.review(true)).summary?.totals.byStatus.done;
      assert.notEqual(doneBefore, undefined, `no review summary: ${(await a.review()).error}`);

      // The server refuses "done" while suggestions are unreviewed and says how many (the client then asks).
      const refused = await serverCommand('hindiNews.server.setStatus', { uri, status: 'done' });
      assert.equal(refused.ok, false, 'marking done with unreviewed suggestions left was not refused');
      assert.ok(!refused.ok && (refused.unreviewed ?? 0) > 0, 'the refusal does not say how many are unreviewed');

      assert.ok(await vscode.commands.executeCommand('hindiNews.markDone', undefined, { unreviewed: 'accept' }), 'mark done failed');
      await counts(doc, 'Done with nothing unreviewed', (c) => c.status === 'Done' && c.unreviewed === 0);
      await waitFor('"status": "done" in the sidecar', async () => ((await readSidecar(doc))?.status === 'done' ? true : undefined));
      const review = await waitFor('the Review view to count the article done', async () => {
        const r = await a.review(true);
        return r.summary?.totals.byStatus.done === doneBefore! + 1 ? r : undefined;
      });
      assert.match(review.headline ?? '', new RegExp(`^${doneBefore! + 1} of ${review.summary!.totals.articles} done`));
      assert.equal(review.summary!.articles.find((x) => vscode.Uri.parse(x.uri).toString() === uri)?.status, 'done');
      await waitFor('a ✓ badge in the Explorer', () => (a.fileDecoration(doc.uri)?.badge === '✓' ? true : undefined));

      assert.ok(await vscode.commands.executeCommand('hindiNews.reopenArticle'), 'reopen failed');
      await counts(doc, 'In progress again', (c) => c.status === 'In progress');
      await waitFor('the ◐ badge in the Explorer', () => (a.fileDecoration(doc.uri)?.badge === '◐' ? true : undefined));
      assert.ok(await vscode.commands.executeCommand('hindiNews.markDone', undefined, { unreviewed: 'accept' }), 'mark done again failed');
      await counts(doc, 'Done again', (c) => c.status === 'Done');
    });

    test('next unreviewed moves on to another article when this one has none left', async () => {
      await requireCommand('hindiNews.nextUnreviewed', OWNER);
      const { doc } = await openFixture('004_8123390feb9495bb.txt');
      await counts(doc, 'no unreviewed suggestion left', (c) => c.unreviewed === 0);
      assert.ok(await vscode.commands.executeCommand('hindiNews.nextUnreviewed'), 'next unreviewed did not move on');
      const editor = await waitFor('another article in the active editor', () => {
        const e = vscode.window.activeTextEditor;
        return e && e.document.uri.toString() !== doc.uri.toString() ? e : undefined;
      });
      assert.ok(!editor.selection.isEmpty, 'the next article opened without a suggestion selected');
    });

    test('exporting a selection from the Explorer asks nothing, holds the done article and says what it left out', async () => {
      await requireCommand('hindiNews.exportAnnotations', OWNER);
      const done = (await openFixture('004_8123390feb9495bb.txt')).doc;
      await counts(done, 'the article done', (c) => c.status === 'Done');
      const inProgress = vscode.Uri.file(path.join(workspaceDir(), '002_7ab1b85cd547a623.txt'));
      // As the Explorer's context menu calls it: the clicked item, then the whole selection.
      const summary = await vscode.commands.executeCommand<ExportResultSummary | undefined>('hindiNews.exportAnnotations', done.uri, [done.uri, inProgress]);
      assert.ok(summary, 'the export failed or asked a question');
      assert.equal(summary.documents, 1);
      assert.equal(summary.leftOut?.inProgress, 1, `left out: ${JSON.stringify(summary.leftOut)}`);
      const jsonl = summary.files.find((f) => f.endsWith('.jsonl'));
      assert.ok(jsonl, `no JSONL among ${summary.files.join(', ')}`);
      assert.ok(path.relative(workspaceDir(), jsonl).startsWith('exports' + path.sep), `written outside exports/: ${jsonl}`);
    });

    test('export only the done article, then "Export Again": the same ids, and the export is not read as articles', async () => {
      await requireCommand('hindiNews.exportAgain', OWNER);
      const a = await api();
      const { doc } = await openFixture('004_8123390feb9495bb.txt');
      await counts(doc, 'the article done', (c) => c.status === 'Done');
      const articlesBefore = (await a.review(true)).summary?.totals.articles;
      const out = path.join(workspaceDir(), 'exports', `itest-${Date.now()}`);
      const first = await vscode.commands.executeCommand<ExportResultSummary | undefined>('hindiNews.exportAnnotations', { format: 'jsonl', out, uris: [doc.uri.toString()] });
      assert.ok(first, 'the export failed');
      const read = async () => {
        const file = first.files.find((f) => f.endsWith('.jsonl')) ?? path.join(out, 'annotations.jsonl');
        return (await fsp.readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; meta?: { status?: string } });
      };
      const records = await read();
      assert.deepEqual(records.map((r) => path.basename(r.id)), [path.basename(doc.uri.fsPath)]);
      assert.equal(records[0]!.meta?.status, 'done');
      const again = await vscode.commands.executeCommand<ExportResultSummary | undefined>('hindiNews.exportAgain');
      assert.ok(again, 'export again failed');
      assert.equal(again.documents, first.documents);
      assert.deepEqual((await read()).map((r) => r.id), records.map((r) => r.id));
      const after = await a.review(true);
      assert.equal(after.summary?.totals.articles, articlesBefore, 'the exported copies were counted as articles');
    });
  });
}
