/**
 * "Add to knowledge base": a tagged person or party becomes an entry of the
 * workspace file `hindi-news.hnkb.json` (created when missing), so the
 * recogniser suggests it in every article from then on. The new file text is
 * validated with the same checks as every knowledge-base file before it is
 * written (atomically); an existing file that does not parse is left alone.
 */
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { writeFileAtomic } from '../core/atomicFile';
import { jsonErrorWithoutContents } from '../core/jsonError';
import type { KnowledgeBase } from '../core/kb/load';
import { parseKbFile } from '../core/kb/load';
import type { PartyEntry, PersonEntry } from '../core/kb/types';
import { transliterate } from '../core/transliterate';

export const WORKSPACE_KB_FILE = 'hindi-news.hnkb.json';

export type AddEntryResult = { ok: true; id: string; text: string; created: boolean } | { ok: false; message: string };

/** A lower-case Latin slug for `latin` that no entity of the knowledge base uses yet. */
export function freshId(latin: string, taken: (id: string) => boolean): string {
  const base =
    latin
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'entity';
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/** The entry for a tagged `text` (Devanagari) with label PERSON or PARTY. */
export function newEntry(label: 'PERSON' | 'PARTY', text: string, kb: KnowledgeBase, latin?: string): { kind: 'persons'; entry: PersonEntry } | { kind: 'parties'; entry: PartyEntry } {
  const name = text.replace(/\s+/g, ' ').trim();
  const lat = latin?.trim() || transliterate(name);
  const id = freshId(lat, (x) => kb.personById.has(x) || kb.partyById.has(x));
  const source = 'added in the editor';
  if (label === 'PERSON') return { kind: 'persons', entry: { id, name, latin: lat, source } };
  return { kind: 'parties', entry: { id, kind: 'party', name, latin: lat, abbreviations: [], source } };
}

/**
 * Append an entry to the knowledge-base file at `path`. Refuses (and writes
 * nothing) when the file is not valid JSON, already lists the name, or the
 * result would not validate.
 */
export async function appendKbEntry(path: string, add: ReturnType<typeof newEntry>): Promise<AddEntryResult> {
  let existing: string | undefined;
  try {
    existing = await fsp.readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, message: `Cannot read ${path}: ${(e as Error).message}` };
  }
  let data: { version: number; persons?: unknown[]; parties?: unknown[]; [k: string]: unknown };
  // A byte order mark (an editor on Windows) is no part of the JSON; the file is written back without it.
  if (existing?.charCodeAt(0) === 0xfeff) existing = existing.slice(1);
  if (existing === undefined || existing.trim() === '') data = { version: 1, persons: [], parties: [] };
  else {
    try {
      data = JSON.parse(existing);
    } catch (e) {
      // Never quoted: the file may be anything, a link to a secret included.
      return { ok: false, message: `${path} is not valid JSON (${jsonErrorWithoutContents(e, existing)}); fix it first, then add the name again.` };
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, message: `${path} is not a knowledge-base file (expected {"version": 1, …}); fix it first.` };
    const before = parseKbFile(path, existing);
    if (before.errors.length) return { ok: false, message: `${path} has errors (${before.errors[0]!.message}); fix them first (see Problems), then add the name again.` };
  }
  const list = (data[add.kind] ??= []) as Array<{ name?: string }>;
  if (list.some((x) => x && x.name === add.entry.name)) return { ok: false, message: `“${add.entry.name}” is already in ${basename(path)}.` };
  list.push(add.entry);
  const text = JSON.stringify(data, null, 2) + '\n';
  const after = parseKbFile(path, text);
  if (after.errors.length) return { ok: false, message: `The new entry would not be valid: ${after.errors[0]!.message}. Nothing was written.` };
  try {
    await writeFileAtomic(path, text);
  } catch (e) {
    return { ok: false, message: `Cannot write ${path}: ${(e as Error).message}` };
  }
  return { ok: true, id: add.entry.id, text, created: existing === undefined };
}
