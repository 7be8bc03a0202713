/**
 * Atomic file writes: the data goes to a new hidden temporary file beside the
 * target (`.NAME.PID.HEX.tmp`, created exclusively), then replaces the target
 * with one rename, so a reader sees the old file or the new one, never half
 * of one. The temporary file is removed when anything fails.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A fresh temporary name beside `path`, unique per process and call. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export interface AtomicWriteOptions {
  /** Flush the data to the disk before the rename (survives a power cut, not only a crash). */
  durable?: boolean;
  /** Mode of a new file, less the umask (default 0o666, as `fs.writeFile`). */
  mode?: number;
}

/** Write `data` to `path` atomically; rejects with the file system's error (nothing half-written is left). */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    const fh = await fsp.open(tmp, 'wx', options.mode ?? 0o666);
    try {
      await fh.writeFile(data);
      if (options.durable) await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
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
