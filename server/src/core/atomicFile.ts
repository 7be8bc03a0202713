/**
 * Atomic file writes, the one helper behind every file this tool writes
 * (sidecars, imported articles, exports, knowledge-base files): the data goes
 * to a new hidden temporary file beside the target (`.NAME.PID.HEX.tmp`,
 * created exclusively), then replaces the target with one rename, so a reader
 * sees the old file or the new one, never half of one. The temporary file is
 * removed when anything fails.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A fresh temporary name beside `path`, unique per process and call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether process `pid` is alive (one of another user's counts): a temp file or lock it left is still its own. */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface AtomicWriteOptions {
  /**
   * Flush the data to the disk before the rename, and the folder after it
   * (survives a power cut, not only a crash): user data (sidecars, imported
   * articles) is written so.
   */
  durable?: boolean;
  /** Mode of a new file, less the umask (default 0o666, as `fs.writeFile`). */
  mode?: number;
  /** The file being replaced: the new one gets its mode and, where this process may give it, its owner. */
  like?: Stats;
  /** Test hook: called after each chunk of the temporary file is written. */
  onChunkWritten?: (bytesWritten: number) => Promise<void> | void;
}

const CHUNK = 64 * 1024;

/** Write `data` to `path` atomically; rejects with the file system's error (nothing half-written is left). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempPathFor(path);
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(tmp, 'wx', options.mode ?? 0o666);
    const like = options.like;
    if (like) {
      await fh.chmod(like.mode & 0o7777);
      if (like.uid !== process.getuid?.() || like.gid !== process.getgid?.()) await fh.chown(like.uid, like.gid).catch(() => undefined);
    }
    // A write may take fewer bytes than asked (a file size limit, a disk filling up): the rest is written
    // next, and it is the next write that fails; a short write taken as whole would rename a truncated file into place.
    for (let off = 0; off < body.length; ) {
      const { bytesWritten } = await fh.write(body, off, Math.min(CHUNK, body.length - off));
      if (bytesWritten === 0) throw Object.assign(new Error('the file system took no bytes'), { code: 'EIO' });
      off += bytesWritten;
      if (options.onChunkWritten) await options.onChunkWritten(off);
    }
    if (options.durable) await fh.sync();
    await fh.close();
    fh = undefined;
    await fsp.rename(tmp, path);
  } catch (e) {
    if (fh) await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  if (options.durable) await syncDir(dirname(path));
}

/** Make a rename in `dir` durable; not supported everywhere, and harmless to skip. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const d = await fsp.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Directory fsync is unavailable on this platform.
  }
}

/**
 * What a failed write means to the user and what to do, for errors of the
 * file system (`ENOSPC`, `EDQUOT`, `EFBIG`, `EROFS`, `EACCES`…); the
 * system's own message otherwise.
 */
export function writeFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err?.code) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC); free some space';
    case 'EDQUOT':
      return 'your disk quota is used up (EDQUOT); free some of your space or ask for a larger quota';
    case 'EFBIG':
      return 'the file would be larger than this process may write (EFBIG: a file size limit, `ulimit -f`); raise the limit';
    case 'EROFS':
      return 'the file system is mounted read-only (EROFS); choose a folder on a writable disk';
    case 'EACCES':
    case 'EPERM':
      return `the folder is not writable (${err.code}); make it writable or choose another folder`;
    default:
      return err instanceof Error ? err.message : String(e);
  }
}
