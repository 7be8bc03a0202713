/**
 * Writing to stdout with back-pressure, and ending quietly when the reader
 * goes away (`hindi-news recognize - | head`): a closed pipe is not an error.
 */

let installed = false;

/** Exit with status 0 as soon as stdout's reader has closed the pipe; any other stdout error is reported. */
export function exitQuietlyOnClosedStdout(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    process.stderr.write(`hindi-news: cannot write the output (${e.message})\n`);
    process.exit(74);
  });
}

/** Write `s`, resolving when stdout can take more. */
export function writeOut(s: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(s)) resolve();
    else process.stdout.once('drain', resolve);
  });
}
