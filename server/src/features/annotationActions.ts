/**
 * Code actions on annotations, so a keyboard user never leaves the text: on
 * a suggestion accept, reject or accept with another label; on a tag remove
 * or change its label; on an orphan diagnostic remove the orphan. Each action
 * runs one of the server's commands.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { Annotation } from '../core/annotations/model';
import { Commands, type PositionArgs } from '../protocol';
import { spanAt, type ShownSpan } from './entities';
import type { ServerContext } from './context';
import { isLarge } from './openDocuments';
import { toOffset } from './positions';

const BUILTIN = ['PERSON', 'PARTY', 'DATE'];

export function annotationActions(
  uri: string,
  position: { line: number; character: number },
  suggestion: ShownSpan | undefined,
  tag: Annotation | undefined,
  diagnostics: readonly Diagnostic[],
  customLabels: readonly string[],
): CodeAction[] {
  const out: CodeAction[] = [];
  const action = (title: string, command: string, args: PositionArgs | { uri: string }, preferred = false): CodeAction => {
    const a: CodeAction = { title, kind: CodeActionKind.QuickFix, command: { title, command, arguments: [args] } };
    if (preferred) a.isPreferred = true;
    return a;
  };
  const labels = [...BUILTIN, ...customLabels];
  if (tag) {
    out.push(action(`Remove the ${tag.label} tag on “${tag.text}”`, Commands.removeTag, { uri, position }));
    for (const l of labels) if (l !== tag.label) out.push(action(`Change label of “${tag.text}” to ${l}`, Commands.relabel, { uri, position, label: l }));
  } else if (suggestion) {
    out.push(action(`Accept ${suggestion.label} “${suggestion.text}”`, Commands.accept, { uri, position }, true));
    out.push(action(`Reject suggestion “${suggestion.text}”`, Commands.reject, { uri, position }));
    for (const l of labels) if (l !== suggestion.label) out.push(action(`Accept “${suggestion.text}” as ${l}`, Commands.accept, { uri, position, label: l }));
  }
  for (const d of diagnostics) {
    const id = (d.data as { orphanId?: unknown } | undefined)?.orphanId;
    if (d.source !== 'hindi-news' || typeof id !== 'string') continue;
    const a = action('Remove the orphaned annotation', Commands.removeTag, { uri, position, id });
    a.diagnostics = [d];
    out.push(a);
  }
  return out;
}

/** `textDocument/codeAction`: the actions for the tag or suggestion at the start of the range. */
export async function onCodeAction(ctx: ServerContext, p: CodeActionParams) {
  const h = await ctx.docs.handled(p.textDocument.uri);
  if (!h) return null;
  ctx.store.open(h.doc.uri, h.doc.getText());
  const st = await ctx.store.ready(h.doc.uri);
  if (!st?.set) return null;
  const position = p.range.start;
  const offset = toOffset(h.doc, position);
  const tag = st.set.at(offset);
  let suggestion: ShownSpan | undefined;
  if (!tag && !isLarge(h.doc, h.s)) {
    const unreviewed = (await ctx.shown.shown(h.doc, h.s))?.filter((x) => !x.confirmed) ?? [];
    const i = spanAt(unreviewed, offset);
    suggestion = i < 0 ? undefined : unreviewed[i];
  }
  return annotationActions(h.doc.uri, position, suggestion, tag, p.context.diagnostics, h.s.labels.custom.map((c) => c.name));
}
