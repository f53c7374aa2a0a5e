import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol';

// A fixed pool of Bulk analysis workers, one request at a time each. The CLI runs under tsx
// (`npm run analyze`), and so do its workers: a worker inherits tsx from the process arguments,
// or (under vitest, which transforms modules itself) is started with tsx's loader.

type Answer = Exclude<WorkerReply, { type: 'progress' } | { type: 'failed' }>;

interface Job {
  request: WorkerRequest;
  resolve: (reply: Answer) => void;
  reject: (error: Error) => void;
}

function workerExecArgv(): string[] | undefined {
  if (process.execArgv.some((arg) => arg.includes('tsx'))) return undefined;
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [...process.execArgv, '--import', loader];
}

/**
 * A small young generation: parsing NDJSON makes garbage fast, and V8's default (tens of MB per
 * thread) let a 2-worker run of 585 Synthea patients peak at ~520 MB RSS instead of ~330 MB, for
 * no measurable speed. The old generation is left unbounded: one very large patient must not crash.
 */
const resourceLimits = { maxYoungGenerationSizeMb: 16 };

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly workers: Worker[] = [];
  private failure: Error | null = null;
  private closing = false;

  constructor(
    size: number,
    setup: (writer: number) => WorkerSetup,
    private readonly onProgress: (bytes: number, patients: number) => void,
  ) {
    const entry = new URL('./bulk-worker.ts', import.meta.url);
    const execArgv = workerExecArgv();
    for (let writer = 0; writer < size; writer += 1) {
      const worker = new Worker(entry, { workerData: setup(writer), execArgv, resourceLimits });
      worker.on('message', (reply: WorkerReply) => this.settle(worker, reply));
      worker.on('error', (error) => this.fail(worker, error));
      worker.on('exit', (code) => {
        if (code !== 0 && !this.closing)
          this.fail(worker, new Error(`a worker stopped with exit code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs one request on the next free worker. */
  run(request: WorkerRequest): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  /** Sends the same request to every worker (each answers once). */
  broadcast(request: WorkerRequest): Promise<Answer[]> {
    return Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<Answer>((resolve, reject) => {
            const job = { request, resolve, reject };
            if (this.running.has(worker)) throw new Error('broadcast while busy');
            this.idle.splice(this.idle.indexOf(worker), 1);
            this.running.set(worker, job);
            worker.postMessage(request);
          }),
      ),
    );
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop();
      const job = this.queue.shift();
      if (!worker || !job) return;
      this.running.set(worker, job);
      worker.postMessage(job.request);
    }
  }

  private settle(worker: Worker, reply: WorkerReply): void {
    if (reply.type === 'progress') {
      this.onProgress(reply.bytes, reply.patients);
      return;
    }
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (reply.type === 'failed') job?.reject(new Error(`worker failed: ${reply.error}`));
    else job?.resolve(reply);
    this.dispatch();
  }

  private fail(worker: Worker, error: Error): void {
    this.failure = error;
    this.running.get(worker)?.reject(error);
    this.running.delete(worker);
    for (const job of this.queue.splice(0)) job.reject(error);
  }
}
