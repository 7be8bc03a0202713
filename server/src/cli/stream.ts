/**
 * `hindi-news recognize -`: a streaming filter. One output line per input
 * line, in input order, so outputs zip with inputs; memory stays flat (one
 * chunk of input in flight per job, output written with back-pressure).
 *
 * With `--jobs N` (N > 1) batches of lines are recognised in turn by the main
 * thread and N - 1 worker threads and written back in input order: the output
 * is byte-identical to one job's.
 * Worker threads start this same bundle with `workerData.hnaRecognizeWorker`.
 */
import type { Readable } from 'node:stream';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Recognizer } from '../core/recognizer';
import { recognizerWithModel } from './learn';
import { recognizeLine, type OutputFormat } from './records';
import { writeOut } from './stdout';

/** What a batch of lines came to. */
export interface BatchResult {
  out: string;
  records: number;
  errors: string[];
}

export interface StreamOptions {
  format: OutputFormat;
  colour: boolean;
  jobs: number;
  /** A learned model file (`hindi-news learn`), already checked by the caller; every thread loads it. */
  model?: string;
}

export interface StreamSummary {
  records: number;
  errors: number;
  bytesIn: number;
  bytesOut: number;
  seconds: number;
}

/** Recognise `lines`, numbered from `firstLine`. */
export function recognizeBatch(lines: readonly string[], firstLine: number, rec: Recognizer, format: OutputFormat, colour: boolean): BatchResult {
  let out = '';
  let records = 0;
  const errors: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const r = recognizeLine(lines[i]!, firstLine + i, rec, format, colour);
    out += r.out;
    if (r.error !== undefined) errors.push(r.error);
    else if (r.out.length > 1) records++;
  }
  return { out, records, errors };
}

interface WorkerTask {
  seq: number;
  lines: string[];
  firstLine: number;
  format: OutputFormat;
  colour: boolean;
}

/** The recogniser of a run: shipped, or with the learned model (checked before the run starts, so a failure here is a bug). */
function recognizerFor(model: string | undefined): Recognizer {
  const made = recognizerWithModel(model);
  if (!made.ok) throw new Error(made.error);
  return made.recognizer;
}

if (!isMainThread && (workerData as { hnaRecognizeWorker?: boolean } | null)?.hnaRecognizeWorker === true && parentPort) {
  const port = parentPort;
  const rec = recognizerFor((workerData as { hnaModel?: string }).hnaModel);
  port.on('message', (t: WorkerTask) => {
    port.postMessage({ seq: t.seq, result: recognizeBatch(t.lines, t.firstLine, rec, t.format, t.colour) });
  });
}

/** Batches are cut at this many UTF-16 units of input: large enough to make messages cheap, small enough to keep every worker busy. */
const BATCH_UNITS = 256 * 1024;

/** Worker threads that recognise batches; results come back through promises, in any order. */
class BatchPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  private next = 0;
  private seq = 0;
  private failure: Error | undefined;

  constructor(jobs: number, script: string, model: string | undefined) {
    for (let i = 0; i < jobs; i++) {
      // Under tsx the worker inherits the parent's --import, so a .ts script loads too.
      const w = new Worker(script, { workerData: { hnaRecognizeWorker: true, hnaModel: model } });
      w.on('message', (m: { seq: number; result: BatchResult }) => {
        const p = this.pending.get(m.seq);
        this.pending.delete(m.seq);
        p?.resolve(m.result);
      });
      // A worker that dies takes the run with it: its lines cannot be skipped silently.
      w.on('error', (e) => {
        this.failure = new Error(`a recognition thread failed: ${e.message}`);
        for (const p of this.pending.values()) p.reject(this.failure);
        this.pending.clear();
      });
      this.workers.push(w);
    }
  }

  run(lines: string[], firstLine: number, format: OutputFormat, colour: boolean): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = this.seq++;
    const w = this.workers[this.next++ % this.workers.length]!;
    return new Promise<BatchResult>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      w.postMessage({ seq, lines, firstLine, format, colour } satisfies WorkerTask);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Read JSONL from `input`, write results to stdout; `onError` hears each bad
 * line's message as its batch is written. A UTF-8 byte order mark at the
 * start of the stream is dropped.
 */
export async function recognizeStream(input: Readable, opts: StreamOptions, onError: (message: string) => void, workerScript = __filename): Promise<StreamSummary> {
  const t0 = performance.now();
  const summary: StreamSummary = { records: 0, errors: 0, bytesIn: 0, bytesOut: 0, seconds: 0 };
  // The main thread is one of the jobs: N jobs start N - 1 worker threads, so no recogniser
  // is built (and no code compiled) for a thread that would only read and write.
  const rec = recognizerFor(opts.model);
  const pool = opts.jobs > 1 ? new BatchPool(opts.jobs - 1, workerScript, opts.model) : undefined;
  let turn = 0;
  // Results written strictly in order; at most 2 × jobs batches in flight.
  const inFlight: Array<Promise<BatchResult>> = [];
  const flushOne = async () => {
    const r = await inFlight.shift()!;
    summary.records += r.records;
    summary.errors += r.errors.length;
    for (const e of r.errors) onError(e);
    summary.bytesOut += Buffer.byteLength(r.out);
    if (r.out) await writeOut(r.out);
  };
  let lineNo = 1;
  let rest = '';
  let first = true;
  let batch: string[] = [];
  let batchUnits = 0;
  let batchFirst = 1;
  const submit = async () => {
    if (batch.length === 0) return;
    const lines = batch;
    batch = [];
    batchUnits = 0;
    if (pool && turn++ % opts.jobs !== 0) {
      inFlight.push(pool.run(lines, batchFirst, opts.format, opts.colour));
      if (inFlight.length >= 2 * opts.jobs) await flushOne();
    } else {
      inFlight.push(Promise.resolve(recognizeBatch(lines, batchFirst, rec, opts.format, opts.colour)));
      if (!pool || inFlight.length >= 2 * opts.jobs) await flushOne();
    }
    batchFirst = lineNo;
  };
  const take = async (line: string) => {
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    batch.push(line);
    batchUnits += line.length;
    lineNo++;
    if (batchUnits >= BATCH_UNITS) await submit();
  };
  input.setEncoding('utf8');
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      summary.bytesIn += Buffer.byteLength(chunk);
      let text = rest + chunk;
      if (first) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      let at = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
        await take(text.slice(at, nl));
        at = nl + 1;
      }
      rest = text.slice(at);
      // A chunk's lines go out together: the output is written as the input arrives.
      await submit();
    }
    if (rest.length) await take(rest);
    await submit();
    while (inFlight.length) await flushOne();
  } finally {
    await pool?.close();
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}
