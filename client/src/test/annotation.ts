/**
 * The annotator's daily work through the contributed commands: tag a
 * selection, see the sidecar written, watch the span follow an edit, export.
 *
 * These tests need the annotation commands; when one is missing they fail
 * with a message naming it (the feature is part of the product, so a skip
 * would hide that it is gone).
 */
import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HindiNewsApi } from '../extension';
import { activateExtension, requireCommand, semanticTokens, waitFor, workspaceDir, type DecodedToken } from './util';

const OWNER = 'The annotation commands (tag, export) come from issue 4; see package.json contributes.commands and client/src.';
const ARTICLE = 'annotation-test.txt';
const SIDECAR_SUFFIX = '.hna.json';
const NAME = 'रामेश्वर तिर्की';
const TEXT = `कल शाम ${NAME} ने गांव में सभा की। उन्होंने कहा कि सड़क बनेगी।\nदूसरी पंक्ति में कुछ और बातें हैं।\n`;
const PREFIX = 'आज ';

interface StoredAnnotation {
  start: number;
  end: number;
  label: string;
  text: string;
  source?: string;
}

interface Sidecar {
  annotations?: StoredAnnotation[];
  offsetUnit?: string;
}

function cpLength(s: string): number {
  return [...s].length;
}

async function readSidecar(file: string): Promise<Sidecar | undefined> {
  try {
    return JSON.parse(await fsp.readFile(file + SIDECAR_SUFFIX, 'utf8')) as Sidecar;
  } catch {
    return undefined;
  }
}

export function registerAnnotationSuite(): void {
  suite('Annotation commands', () => {
    let file: string;
    let doc: vscode.TextDocument;
    let editor: vscode.TextEditor;
    // Code point offsets of NAME in the article as first written.
    const nameStart = cpLength(TEXT.slice(0, TEXT.indexOf(NAME)));
    const nameEnd = nameStart + cpLength(NAME);

    suiteSetup(async () => {
      await activateExtension();
      file = path.join(workspaceDir(), ARTICLE);
      await fsp.rm(file + SIDECAR_SUFFIX, { force: true });
      await fsp.writeFile(file, TEXT, 'utf8');
      doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      editor = await vscode.window.showTextDocument(doc, { preview: false });
      // The server handles the article once it answers with tokens for it.
      await semanticTokens(doc, () => true);
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('"Tag as PERSON" on a selection writes the sidecar and marks the span confirmed', async () => {
      await requireCommand('hindiNews.tagPerson', OWNER);
      const at = doc.getText().indexOf(NAME);
      editor.selection = new vscode.Selection(doc.positionAt(at), doc.positionAt(at + NAME.length));
      await vscode.commands.executeCommand('hindiNews.tagPerson');

      const stored = await waitFor(`${ARTICLE}${SIDECAR_SUFFIX} with a PERSON annotation on "${NAME}"`, async () => {
        const data = await readSidecar(file);
        return data?.annotations?.find((a) => a.label === 'PERSON' && a.text === NAME);
      });
      assert.equal(stored.start, nameStart, 'Sidecar offsets are code points from the start of the article.');
      assert.equal(stored.end, nameEnd);

      const confirmed = (t: DecodedToken) => t.type === 'person' && t.text === NAME && t.modifiers.includes('confirmed');
      await semanticTokens(doc, (ts) => ts.some(confirmed));

      // On screen without switching editors: the status bar counts the tag and the underline is the confirmed one.
      const api = (await activateExtension()).exports as HindiNewsApi;
      const shown = await waitFor('the status bar to count 1 tagged span', () => {
        const s = api.statusBar();
        return s?.uri === doc.uri.toString() && s.confirmed === 1 ? s : undefined;
      }, 10_000);
      assert.equal(shown.counts.PERSON >= 1, true);
      await waitFor('a confirmed underline in the editor', () => ((api.decorations(doc.uri)?.confirmed ?? 0) >= 1 ? true : undefined), 10_000);
    });

    test('an edit before a tagged span moves it (editor tokens and sidecar)', async () => {
      await requireCommand('hindiNews.tagPerson', OWNER);
      const before = await readSidecar(file);
      assert.ok(before?.annotations?.some((a) => a.text === NAME), 'The previous test did not leave a tagged span to move.');
      const ok = await editor.edit((e) => e.insert(new vscode.Position(0, 0), PREFIX));
      assert.ok(ok, 'The editor refused the edit.');

      const shiftedStart = doc.getText().indexOf(NAME);
      await semanticTokens(doc, (ts) => ts.some((t) => t.start === shiftedStart && t.text === NAME && t.modifiers.includes('confirmed')));

      assert.ok(await doc.save(), 'Saving the article failed.');
      const moved = await waitFor(`the sidecar to store the span at code point ${nameStart + cpLength(PREFIX)}`, async () => {
        const data = await readSidecar(file);
        const a = data?.annotations?.find((x) => x.text === NAME);
        return a && a.start === nameStart + cpLength(PREFIX) ? a : undefined;
      });
      assert.equal(moved.end, nameEnd + cpLength(PREFIX));
      assert.equal(moved.label, 'PERSON');
    });

    test('"Export annotations" writes JSONL whose spans match the text', async () => {
      await requireCommand('hindiNews.exportAnnotations', OWNER);
      // Under exports/: an export never writes among the articles.
      const out = path.join(workspaceDir(), 'exports', `itest-${Date.now()}.jsonl`);
      // Arguments as in the server's ExportArgs, so the command asks nothing. The article is
      // tagged but not marked done: only an export that asks for articles in progress holds it.
      const summary = await vscode.commands.executeCommand<{ documents: number } | undefined>('hindiNews.exportAnnotations', {
        format: 'jsonl',
        out,
        uris: [vscode.Uri.file(workspaceDir()).toString()],
        includeInProgress: true,
      });
      assert.ok(summary, 'The export was refused or failed (see the warning it showed).');
      const records = await waitFor(`${path.basename(out)} to be written`, async () => {
        const raw = await fsp.readFile(out, 'utf8').catch(() => undefined);
        if (!raw?.trim()) return undefined;
        return raw
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as { id: string; text: string; spans: StoredAnnotation[] });
      });
      const rec = records.find((r) => r.id === ARTICLE || r.id.endsWith('/' + ARTICLE));
      assert.ok(rec, `The export has no record for ${ARTICLE}; ids: ${records.map((r) => r.id).join(', ')}.`);
      assert.equal(rec.text, doc.getText());
      const cps = [...rec.text];
      for (const s of rec.spans) {
        assert.equal(cps.slice(s.start, s.end).join(''), s.text, `Span ${s.label} ${s.start}-${s.end} does not cover its text.`);
      }
      const tagged = rec.spans.find((s) => s.label === 'PERSON' && s.text === NAME);
      assert.ok(tagged, `The exported record has no PERSON span "${NAME}": ${JSON.stringify(rec.spans)}.`);
      assert.equal(tagged.start, nameStart + cpLength(PREFIX));
    });
  });
}
