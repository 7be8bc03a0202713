/**
 * Reading and writing learned model files. Writes are atomic like sidecars'
 * (temporary file in the same folder, flushed, renamed over the old one), so
 * a crash leaves the old model or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseModel, serializeModel, type LearnedModel, type ParseResult } from './model';

export type ReadModelResult = ParseResult | { ok: false; error: string; missing: true };

/** Read and validate a learned model file. Never throws. */
export async function readModelFile(path: string): Promise<ReadModelResult> {
  let raw: string;
  try {
    raw = await fsp.readFile(path, 'utf8');
  } catch (e) {
    return readError(path, e as NodeJS.ErrnoException);
  }
  return parseModel(raw, path);
}

/** {@link readModelFile} for the command line. */
export function readModelFileSync(path: string): ReadModelResult {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    return readError(path, e as NodeJS.ErrnoException);
  }
  return parseModel(raw, path);
}

function readError(path: string, e: NodeJS.ErrnoException): ReadModelResult {
  if (e.code === 'ENOENT') return { ok: false, error: `${path}: no such learned model file`, missing: true };
  if (e.code === 'EISDIR') return { ok: false, error: `${path}: is a folder, not a learned model file` };
  return { ok: false, error: `cannot read learned model ${path}: ${e.message}` };
}

/** Write `model` to `path` atomically, creating the folder. Never throws; the error says what to do. */
export async function writeModelFile(path: string, model: LearnedModel): Promise<{ ok: true; bytes: number } | { ok: false; error: string }> {
  const body = Buffer.from(serializeModel(model), 'utf8');
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fsp.mkdir(dir, { recursive: true });
    const fh = await fsp.open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(body);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS'
        ? `the folder ${dir} is read-only (${err.code}); make it writable or choose another path`
        : err.code === 'ENOSPC' || err.code === 'EDQUOT'
          ? `the disk is full (${err.code}); free some space`
          : err.message;
    return { ok: false, error: `cannot save the learned model to ${path}: ${why}. The previous file, if any, is unchanged.` };
  }
  try {
    const d = await fsp.open(dir, 'r');
    await d.sync().finally(() => d.close());
  } catch {
    // Directory fsync is unavailable on this platform; the rename still happened.
  }
  return { ok: true, bytes: body.length };
}
