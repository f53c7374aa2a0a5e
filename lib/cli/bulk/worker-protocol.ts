import type { AnalysisContext, BucketResult } from './analyze-bucket';
import type { ScanTask } from './export-files';
import type { ScanResult } from './scan-task';
import type { Shard } from './shard';

// The messages between the Bulk analysis and its worker threads (structured clones, no PHI in
// errors: only error names and stack frames).

export interface WorkerSetup {
  spoolDir: string;
  /** This worker's index: names its spool files. */
  writer: number;
  bucketCount: number;
  shard: Shard | null;
  /** --patient: the id without "Patient/". */
  patientId: string | null;
}

export type WorkerRequest =
  | { type: 'scan'; task: ScanTask }
  | { type: 'context'; context: AnalysisContext }
  | { type: 'analyze'; bucket: number; reportFile: string }
  /** Merges the buckets' sorted reports, sending the output in `output` chunks. */
  | { type: 'merge'; files: string[]; total: number }
  /** The last `output` chunk is written: send the next (not a request of its own). */
  | { type: 'written' };

export type WorkerReply =
  | { type: 'progress'; bytes: number; patients: number }
  | { type: 'scanned'; result: ScanResult }
  | { type: 'ready' }
  | { type: 'analyzed'; result: BucketResult }
  | { type: 'output'; text: string }
  | { type: 'merged' }
  | { type: 'failed'; error: string };
