import { parentPort, workerData } from 'node:worker_threads';
import { type AnalysisContext, analyzeBucket } from './analyze-bucket';
import { mergeReports } from './merge-reports';
import { scanTask } from './scan-task';
import { bucketOf, shardOf } from './shard';
import { BucketSpool } from './spool';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-protocol';

// Worker thread entry of the Bulk analysis: scans tasks (phase 1), analyses buckets (phase 2) and
// merges their reports (phase 3) as the pool asks, one at a time, reporting progress as it goes.

const setup: WorkerSetup = workerData;
const port = parentPort;
const spool = new BucketSpool(setup.spoolDir, setup.writer);
let context: AnalysisContext | null = null;
let shared = new Map<string, string>();

const accepts = (patientId: string) =>
  (setup.patientId === null || patientId === setup.patientId) &&
  (setup.shard === null || shardOf(patientId, setup.shard.count) === setup.shard.index);

const reply = (message: WorkerReply) => port?.postMessage(message);

/** Progress is sent at most every 100 ms, so messages never dominate the work. */
let pendingBytes = 0;
let pendingPatients = 0;
let lastSent = 0;
function progress(bytes: number, patients: number, force = false) {
  pendingBytes += bytes;
  pendingPatients += patients;
  const now = Date.now();
  if (!force && now - lastSent < 100) return;
  lastSent = now;
  if (pendingBytes === 0 && pendingPatients === 0) return;
  reply({ type: 'progress', bytes: pendingBytes, patients: pendingPatients });
  pendingBytes = 0;
  pendingPatients = 0;
}

/** The merge waits for each output chunk to be written before it sends the next. */
let written: (() => void) | null = null;
const writeThroughMain = (text: string) =>
  new Promise<void>((resolve) => {
    written = resolve;
    reply({ type: 'output', text });
  });

async function handle(request: Exclude<WorkerRequest, { type: 'written' }>): Promise<WorkerReply> {
  switch (request.type) {
    case 'scan': {
      const result = await scanTask(request.task, spool, {
        bucketOf: (id) => bucketOf(id, setup.bucketCount),
        accepts,
        onBytes: (n) => progress(n, 0),
      });
      progress(0, 0, true);
      return { type: 'scanned', result };
    }
    case 'context':
      context = request.context;
      shared = new Map(request.context.shared);
      return { type: 'ready' };
    case 'analyze': {
      if (!context) throw new Error('analyze before context');
      const result = analyzeBucket(request.bucket, request.reportFile, context, shared, () => progress(0, 1));
      progress(0, 0, true);
      return { type: 'analyzed', result };
    }
    case 'merge':
      await mergeReports(request.files, request.total, writeThroughMain);
      return { type: 'merged' };
  }
}

port?.on('message', (request: WorkerRequest) => {
  if (request.type === 'written') {
    written?.();
    return;
  }
  handle(request).then(reply, (error: unknown) => {
    const frames = error instanceof Error ? (error.stack ?? '').split('\n').slice(1, 6).join('\n') : '';
    reply({ type: 'failed', error: `${error instanceof Error ? error.name : 'unknown'}\n${frames}` });
  });
});
