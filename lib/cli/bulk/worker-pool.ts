import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol';

// A fixed pool of Bulk analysis workers, one request at a time each. The CLI runs under tsx
// (`npm run analyze`), and so do its workers: a worker inherits tsx from the process arguments,
// or (under vitest, which transforms modules itself) is started with tsx's loader.

type Answer = Exclude<WorkerReply, { type: 'progress' } | { type: 'output' } | { type: 'failed' }>;

interface Job {
  request: WorkerRequest;
  /** Writes a merge's output chunk; the worker sends the next once it resolves. */
  onOutput?: (text: string) => Promise<void>;
  resolve: (reply: Answer) => void;
  reject: (error: Error) => void;
  /** Already run again on an uncapped worker after running out of memory. */
  retried?: boolean;
}

function workerExecArgv(): string[] | undefined {
  if (process.execArgv.some((arg) => arg.includes('tsx'))) return undefined;
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [...process.execArgv, '--import', loader];
}

/**
 * Why the heap is capped: V8 lets a busy thread's heap grow far past its live data before it
 * collects. Uncapped, a worker's heap reached 160-175 MB between collections, and a 2-worker run of
 * the 585 Synthea patients peaked at ~310 MB RSS (~520 MB with V8's default young generation).
 * Capped, a worker collects at ~30 MB (15 MB live: one bucket, one patient, the modules) and that
 * run peaks at ~250 MB, for 10-35 % more CPU. A patient too large for the cap does not fail the
 * run: its bucket is analysed again on a worker without the old-generation cap.
 */
export const defaultHeapLimits = { youngMb: 16, oldMb: 128 };

export interface PoolOptions {
  size: number;
  setup: (writer: number) => WorkerSetup;
  onProgress: (bytes: number, patients: number) => void;
  heap?: { youngMb: number; oldMb: number };
}

export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly workers: Worker[] = [];
  private readonly writers = new Map<Worker, number>();
  private readonly entry = new URL('./bulk-worker.ts', import.meta.url);
  private readonly execArgv = workerExecArgv();
  private readonly heap: { youngMb: number; oldMb: number };
  /** Requests every worker has had (the analysis context), replayed to a replacement. */
  private readonly broadcasts: WorkerRequest[] = [];
  /** Answers still owed to a replacement for the broadcasts replayed to it (not a job's answer). */
  private readonly replaysOwed = new Map<Worker, number>();
  private failure: Error | null = null;
  private closing = false;
  /** Buckets that ran out of memory under the cap and were analysed again without it. */
  uncappedRetries = 0;

  constructor(private readonly options: PoolOptions) {
    this.heap = options.heap ?? defaultHeapLimits;
    for (let writer = 0; writer < options.size; writer += 1) {
      const worker = this.spawn(writer, {
        maxYoungGenerationSizeMb: this.heap.youngMb,
        maxOldGenerationSizeMb: this.heap.oldMb,
      });
      this.idle.push(worker);
    }
  }

  get size(): number {
    return this.options.size;
  }

  /** Runs one request on the next free worker (`onOutput` receives a merge's output). */
  run(request: WorkerRequest, onOutput?: (text: string) => Promise<void>): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject, onOutput });
      this.dispatch();
    });
  }

  /** Stops the idle workers beyond `count` (the merge needs one). */
  async shrinkTo(count: number): Promise<void> {
    const extra = this.idle.splice(0, Math.max(0, this.workers.length - count));
    for (const worker of extra) this.workers.splice(this.workers.indexOf(worker), 1);
    await Promise.all(extra.map((worker) => worker.terminate()));
  }

  /** Sends the same request to every worker (each answers once); replayed to any later replacement. */
  async broadcast(request: WorkerRequest): Promise<Answer[]> {
    if (this.running.size > 0 || this.queue.length > 0) throw new Error('broadcast while busy');
    this.broadcasts.push(request);
    const idle = this.idle.splice(0);
    const answers = await Promise.all(
      idle.map(
        (worker) =>
          new Promise<Answer>((resolve, reject) => {
            this.running.set(worker, { request, resolve, reject });
            worker.postMessage(request);
          }),
      ),
    );
    return answers;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(writer: number, resourceLimits: ResourceLimits): Worker {
    const worker = new Worker(this.entry, {
      workerData: this.options.setup(writer),
      execArgv: this.execArgv,
      resourceLimits,
    });
    worker.on('message', (reply: WorkerReply) => this.settle(worker, reply));
    worker.on('error', (error) => this.failed(worker, error));
    worker.on('exit', (code) => {
      if (code !== 0 && !this.closing && this.workers.includes(worker))
        this.failed(worker, new Error(`a worker stopped with exit code ${code}`));
    });
    this.workers.push(worker);
    this.writers.set(worker, writer);
    return worker;
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
      this.options.onProgress(reply.bytes, reply.patients);
      return;
    }
    if (reply.type === 'output') {
      const job = this.running.get(worker);
      const written = job?.onOutput?.(reply.text) ?? Promise.resolve();
      written.then(
        () => worker.postMessage({ type: 'written' } satisfies WorkerRequest),
        (error: unknown) => this.failed(worker, error instanceof Error ? error : new Error('output failed')),
      );
      return;
    }
    const owed = this.replaysOwed.get(worker) ?? 0;
    if (owed > 0 && reply.type !== 'failed') {
      this.replaysOwed.set(worker, owed - 1);
      return;
    }
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (reply.type === 'failed') job?.reject(new Error(`worker failed: ${reply.error}`));
    else job?.resolve(reply);
    this.dispatch();
  }

  private failed(worker: Worker, error: Error): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.workers.splice(this.workers.indexOf(worker), 1);
    const outOfMemory = 'code' in error && error.code === 'ERR_WORKER_OUT_OF_MEMORY';
    // Analysing a bucket writes only its own report file, from the start: it can run again.
    if (outOfMemory && job && job.request.type === 'analyze' && !job.retried) {
      this.uncappedRetries += 1;
      const replacement = this.spawn(this.writers.get(worker) ?? 0, {
        maxYoungGenerationSizeMb: this.heap.youngMb,
      });
      for (const request of this.broadcasts) replacement.postMessage(request);
      this.replaysOwed.set(replacement, this.broadcasts.length);
      this.running.set(replacement, { ...job, retried: true });
      replacement.postMessage(job.request);
      return;
    }
    this.failure = error;
    job?.reject(error);
    for (const queued of this.queue.splice(0)) queued.reject(error);
  }
}
