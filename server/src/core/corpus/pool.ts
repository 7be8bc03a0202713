/**
 * Preparing articles in worker threads when the recogniser has to run
 * (suggestions are gathered): results come back in input order, so the
 * output is the same whatever the number of threads.
 *
 * Worker threads start a script that loads this module (the bundled
 * `cli.js`, or the language server bundle) with
 * `workerData.hnaExportWorker`; such an entry point must not run its own
 * main function when `isMainThread` is false. If workers cannot start, the
 * work is done in the main thread.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { KnowledgeBase } from '../kb/load';
import { Recognizer } from '../recognizer';
import { prepareArticle, type PrepareOptions, type PrepResult } from './prepare';

interface WorkerTask {
  seq: number;
  path: string;
  id: string;
  opts: PrepareOptions;
}

interface PoolWorkerData {
  hnaExportWorker: true;
  /** The knowledge base in use (the workspace's files included); the built-in one when absent. */
  kb?: KnowledgeBase;
}

if (!isMainThread && (workerData as PoolWorkerData | null)?.hnaExportWorker === true && parentPort) {
  const port = parentPort;
  const kb = (workerData as PoolWorkerData).kb;
  let recognizer: Recognizer | undefined;
  const get = () => (recognizer ??= new Recognizer(kb ? { kb } : {}));
  port.on('message', (t: WorkerTask) => {
    void prepareArticle(t.path, t.id, t.opts, get).then((result) => port.postMessage({ seq: t.seq, result }));
  });
}

/** This module's file: what worker threads load by default. */
export const POOL_SCRIPT = __filename;

/** Recognises in worker threads; falls back to the main thread if a worker fails. */
export class PrepPool {
  private workers: Array<{ w: Worker; pending: Map<number, { task: WorkerTask; resolve: (r: PrepResult) => void }> }> = [];
  private seq = 0;

  constructor(
    jobs: number,
    script: string,
    private readonly warn: (m: string) => void,
    private readonly local: () => Recognizer,
    kb?: KnowledgeBase,
  ) {
    const data: PoolWorkerData = kb ? { hnaExportWorker: true, kb } : { hnaExportWorker: true };
    for (let i = 0; i < jobs; i++) {
      let w: Worker;
      try {
        w = script.endsWith('.ts')
          ? // Running from TypeScript sources (tests, benchmark): load them through tsx in the worker too.
            new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(script)});`, {
              eval: true,
              workerData: data,
            })
          : new Worker(script, { workerData: data });
      } catch {
        break;
      }
      const entry = { w, pending: new Map<number, { task: WorkerTask; resolve: (r: PrepResult) => void }>() };
      w.on('message', (m: { seq: number; result: PrepResult }) => {
        const p = entry.pending.get(m.seq);
        if (!p) return;
        entry.pending.delete(m.seq);
        p.resolve(m.result);
      });
      const fail = (e?: unknown) => {
        if (!this.workers.includes(entry)) return;
        this.warn(`a worker thread stopped${e instanceof Error ? ` (${e.message})` : ''}; its articles are recognised in the main thread`);
        this.workers = this.workers.filter((x) => x !== entry);
        for (const { task, resolve } of entry.pending.values()) void this.runLocal(task).then(resolve);
        entry.pending.clear();
      };
      w.on('error', fail);
      w.on('exit', fail);
      this.workers.push(entry);
    }
  }

  run(path: string, id: string, opts: PrepareOptions): Promise<PrepResult> {
    const task: WorkerTask = { seq: this.seq++, path, id, opts };
    if (this.workers.length === 0) return this.runLocal(task);
    let best = this.workers[0]!;
    for (const e of this.workers) if (e.pending.size < best.pending.size) best = e;
    return new Promise((resolve) => {
      best.pending.set(task.seq, { task, resolve });
      best.w.postMessage(task);
    });
  }

  private runLocal(t: WorkerTask): Promise<PrepResult> {
    return prepareArticle(t.path, t.id, t.opts, this.local);
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = []; // terminate() emits 'exit'; it is not a failure now
    await Promise.all(ws.map((e) => e.w.terminate()));
  }
}
