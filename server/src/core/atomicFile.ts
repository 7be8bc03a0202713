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
