/**
 * `workspace/executeCommand`: every server command by id, each a function of
 * the server's state and the command's argument. Refusals reach clients that
 * do not show them themselves (Neovim, Emacs) as a message.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeArticle } from '../core/corpus/articles';
import { MessageType, ShowMessageNotification, type CancellationToken, type ExecuteCommandParams, type WorkDoneProgressReporter } from 'vscode-languageserver';
import { Commands, type CommandResult, type ExportLearnedArgs, type MentionsArgs } from '../protocol';
import * as annotationCommands from './annotationCommands';
import type { ServerContext } from './context';
import { ANNOTATION_ACTIONS, keepDoneHonest } from './doneArticles';
import { exportCommand } from './exportCommand';
import { uriPath } from './files';
import { isLarge } from './openDocuments';
import * as reviewCommands from './reviewCommands';

type Handler = (ctx: ServerContext, arg: never, p: ExecuteCommandParams, token: CancellationToken, workDone: WorkDoneProgressReporter) => Promise<CommandResult | null>;

/** What annotation commands need of the server: the article as open in the editor, its shown spans, the knowledge base. */
export function commandContext(ctx: ServerContext): annotationCommands.CommandContext {
  return {
    store: ctx.store,
    document: async (uri) => {
      const doc = (await ctx.docs.handled(uri))?.doc;
      // A command can overtake the didOpen handler (which waits for settings); open() is idempotent.
      if (doc) ctx.store.open(doc.uri, doc.getText());
      return doc;
    },
    shown: async (doc) => {
      const s = await ctx.docs.settings.get(doc.uri);
      return isLarge(doc, s) ? undefined : ctx.shown.shown(doc, s);
    },
    kb: () => ctx.kb.kb,
    leastConfidentFirst: async (doc) => (await ctx.docs.settings.get(doc.uri)).review.leastConfidentFirst,
    reviewChanged: (uri) => void ctx.review.notify(uri),
    nextArticleToReview: (uri, dir) => ctx.review.nextArticleToReview(uri, dir),
  };
}

/** Open articles whose text in the editor is not what their file holds (unsaved changes): the export reads the files. */
async function unsavedArticles(ctx: ServerContext): Promise<string[]> {
  const out: string[] = [];
  for (const uri of ctx.store.uris()) {
    const doc = ctx.docs.get(uri);
    if (!doc || !uri.startsWith('file:')) continue;
    const bytes = await readFile(uriPath(uri)).catch(() => undefined);
    const disk = bytes && decodeArticle(uri, bytes);
    if (!disk || !disk.ok || disk.doc.text !== doc.getText()) out.push(uri);
  }
  return out;
}

/** The suggestion or tag under the cursor of a mentions command, if any. */
async function learningTarget(ctx: ServerContext, a: MentionsArgs): Promise<{ text: string; label: string } | undefined> {
  const c = commandContext(ctx);
  const t = await annotationCommands.target(c, a);
  if (annotationCommands.isResult(t)) return undefined;
  const s = (await annotationCommands.suggestionAt(c, t)) ?? t.set.at(t.offset);
  return s ? { text: s.text, label: s.label } : undefined;
}

/** Commands by id. */
const COMMANDS: Record<string, Handler> = {
  [Commands.tag]: (ctx, a) => annotationCommands.tag(commandContext(ctx), a),
  [Commands.removeTag]: (ctx, a) => annotationCommands.removeTag(commandContext(ctx), a),
  [Commands.accept]: (ctx, a) => annotationCommands.accept(commandContext(ctx), a),
  [Commands.acceptAll]: (ctx, a) => annotationCommands.acceptAll(commandContext(ctx), a),
  [Commands.reject]: (ctx, a) => annotationCommands.reject(commandContext(ctx), a),
  [Commands.relabel]: (ctx, a) => annotationCommands.relabel(commandContext(ctx), a),
  [Commands.nextUnreviewed]: (ctx, a) => annotationCommands.navigate(commandContext(ctx), a, 1),
  [Commands.previousUnreviewed]: (ctx, a) => annotationCommands.navigate(commandContext(ctx), a, -1),
  [Commands.linkEntity]: (ctx, a) => annotationCommands.linkEntity(commandContext(ctx), a),
  [Commands.setStatus]: (ctx, a) => reviewCommands.setStatus(commandContext(ctx), a),
  [Commands.undo]: (ctx, a) => reviewCommands.undo(commandContext(ctx), a),
  [Commands.redo]: (ctx, a) => reviewCommands.redo(commandContext(ctx), a),
  [Commands.resize]: (ctx, a) => reviewCommands.resize(commandContext(ctx), a),
  [Commands.restoreRejected]: (ctx, a) => reviewCommands.restoreRejected(commandContext(ctx), a),
  [Commands.acceptMentions]: (ctx, a) => reviewCommands.acceptMentions(commandContext(ctx), a, (uri, match, how) => ctx.review.workspaceMentions(uri, match, how)),
  [Commands.rejectMentions]: async (ctx, a: MentionsArgs) => {
    // The string under the cursor, before its mentions are rejected: it stays rejected everywhere.
    const under = await learningTarget(ctx, a);
    const r = await reviewCommands.rejectMentions(commandContext(ctx), a, (uri, match, how) => ctx.review.workspaceMentions(uri, match, how));
    if (r.ok && under && a.scope === 'workspace') await ctx.learning.rejectEverywhere(under.text, under.label);
    return r;
  },
  [Commands.showLearned]: async (ctx) => {
    const learned = await ctx.learning.summary();
    const n = Object.values(learned.spans).reduce((x, y) => x + y, 0);
    return { ok: true, learned, message: n + learned.rejections ? `Learned from ${n} annotation${n === 1 ? '' : 's'} and ${learned.documents} finished article${learned.documents === 1 ? '' : 's'}: ${learned.namesTotal} name(s), ${learned.titles.length} title(s), ${learned.rejections} rejection(s), ${learned.weights} tagger weight(s).` : 'Nothing learned in this workspace yet.' };
  },
  [Commands.resetLearned]: (ctx) => ctx.learning.reset(),
  [Commands.exportLearned]: (ctx, a: ExportLearnedArgs) => {
    if (typeof a?.out !== 'string' || !a.out) return Promise.resolve({ ok: false, message: 'The command needs the output file as "out".' });
    return ctx.learning.exportTo(a.out.startsWith('file:') ? uriPath(a.out) : a.out);
  },
  [Commands.reanalyze]: async (ctx) => {
    for (const d of ctx.docs.all()) ctx.analyzer.forget(d.uri);
    ctx.index.invalidate();
    await ctx.kb.scan();
    ctx.kb.changed();
    return null;
  },
  [Commands.addToKnowledgeBase]: (ctx, a: { uri?: unknown }) => {
    const folders = ctx.docs.folders;
    const folder = folders.find((f) => f.startsWith('file:') && typeof a?.uri === 'string' && a.uri.startsWith(f.replace(/\/?$/, '/'))) ?? folders.find((f) => f.startsWith('file:'));
    return annotationCommands.addToKnowledgeBase(commandContext(ctx), a as never, folder ? join(uriPath(folder), 'hindi-news.hnkb.json') : undefined, (uri, text) => {
      if (!ctx.docs.get(uri) && ctx.kb.setText(uri, text)) ctx.kb.changed();
    });
  },
  [Commands.exportAnnotations]: async (ctx, a, p, token, workDone) => {
    const progress = p.workDoneToken !== undefined ? workDone : await ctx.connection.window.createWorkDoneProgress().catch(() => workDone);
    return exportCommand(a, {
      folders: ctx.docs.folders,
      exportFolder: async (f) => (await ctx.docs.settings.get(f)).exportFolder,
      kb: ctx.kb.kb,
      flush: () => ctx.store.flushAll(),
      pending: () => ctx.store.pending(),
      unsavedText: () => unsavedArticles(ctx),
      doneWithSuggestions: async () => ((await ctx.review.summary({}))?.articles ?? []).filter((a) => a.status === 'done' && a.unreviewed > 0).map(({ uri, unreviewed }) => ({ uri, unreviewed })),
      progress,
      token,
      log: (m) => ctx.connection.console.info(m),
    });
  },
};

/** `workspace/executeCommand`. */
export async function executeCommand(ctx: ServerContext, p: ExecuteCommandParams, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<CommandResult | null> {
  // Before any await: the positions in the argument belong to the text as it is now.
  annotationCommands.noteArrival(p.arguments?.[0], (uri) => ctx.docs.get(uri)?.version);
  const handler = Object.hasOwn(COMMANDS, p.command) ? COMMANDS[p.command]! : undefined;
  const run = () => handler!(ctx, p.arguments?.[0] as never, p, token, workDone);
  const r = handler
    ? await (ANNOTATION_ACTIONS.has(p.command) ? keepDoneHonest(commandContext(ctx), p.arguments?.[0], run) : run())
    : { ok: false as const, message: `Unknown command ${p.command}.` };
  if (r && !r.ok && !ctx.docs.caps.showsCommandMessages) {
    void ctx.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Hindi News: ${r.message}` });
  }
  return r;
}
