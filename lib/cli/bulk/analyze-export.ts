import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { QuarantinedResource } from '../../contracts/chart-snapshot';
import type { BedsideFindingsInput } from '../../contracts/ids';
import type { AnalysisContext, BucketResult } from './analyze-bucket';
import {
  type ExportFile,
  estimatedReadBytes,
  listExportFiles,
  planScanTasks,
  type ScanTask,
} from './export-files';
import {
  addTallies,
  type ExportTally,
  emptyPopulationTally,
  summaryCsv,
  summaryRows,
  summaryTable,
} from './population-summary';
import { ProgressBar, type ProgressStream } from './progress-bar';
import type { LineProblem, ScanResult, SharedLine } from './scan-task';
import type { Shard } from './shard';
import { WorkerPool } from './worker-pool';

// The analyze command over a Bulk Data $export folder, in three steps that each read the data once:
// 1. scan: the files, cut into tasks, are read line by line on every core; each kept line is
//    appended to its patient's bucket on disk (types not read are skipped unparsed);
// 2. analyse: each bucket is grouped by patient and analysed on a worker, reports sorted by id;
// 3. merge: the buckets' sorted reports are merged into one stream sorted by patient id.
// Memory is bounded by the bucket size (~8 MB of NDJSON each) and the largest patient, not the export.

export interface ExportRequest {
  folder: string;
  now: Date;
  findings?: BedsideFindingsInput;
  /** The id without "Patient/". */
  patientId: string | null;
  shard: Shard | null;
  /** Worker threads; default: os.availableParallelism(). */
  workers?: number;
  out: Writable;
  stderr: ProgressStream;
  /** Where --summary writes its CSV (the table goes to stderr), or null. */
  summaryCsvFile: string | null;
  /** Scan task and bucket sizes in bytes, workers' heap limits (tests make them tiny). */
  sizes?: { chunkBytes?: number; bucketBytes?: number; heap?: { youngMb: number; oldMb: number } };
}

export interface ExportOutcome {
  exitCode: number;
  /** One line for stderr when the run failed or a patient's analysis threw. */
  error?: string;
  /** When each step ended, in ms from the start (for the bench). */
  timings?: { scanned: number; analysed: number; merged: number };
  /** Buckets analysed again without the workers' heap cap (a patient too large for it). */
  uncappedRetries?: number;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

const MB = 1024 * 1024;
const defaultChunkBytes = 16 * MB;
const defaultBucketBytes = 8 * MB;
const maxBuckets = 1024;

function bucketCountFor(files: readonly ExportFile[], workers: number, bucketBytes: number): number {
  const wanted = Math.ceil(estimatedReadBytes(files) / bucketBytes);
  return Math.min(maxBuckets, Math.max(workers * 4, wanted));
}

/** Line numbers run on across the tasks of one file. */
function firstLines(tasks: readonly ScanTask[], results: readonly ScanResult[]): number[] {
  const first: number[] = [];
  let file = '';
  let next = 1;
  for (const task of tasks) {
    if (task.file.path !== file) {
      file = task.file.path;
      next = 1;
    }
    first.push(next);
    next += results[task.index]?.lines ?? 0;
  }
  return first;
}

function renderProblem(problem: LineProblem, where: string): QuarantinedResource {
  const resource = problem.resource;
  if (!resource) return { reference: where, reason: problem.reason };
  return {
    reference:
      resource.id === null ? `${resource.type} (no id, ${where})` : `${resource.type}/${resource.id}`,
    reason: problem.reason,
  };
}

/** Export-wide problems listed in every report; a badly damaged export must not multiply its size. */
const maxListedExportProblems = 100;

function listedInReports(problems: QuarantinedResource[]): QuarantinedResource[] {
  if (problems.length <= maxListedExportProblems) return problems;
  const more = problems.length - maxListedExportProblems;
  return [
    ...problems.slice(0, maxListedExportProblems),
    {
      reference: 'export',
      reason: `${more} more lines or resources that belong to no one patient were quarantined (counted by --summary)`,
    },
  ];
}

interface ScanSummary {
  exportProblems: QuarantinedResource[];
  shared: [string, string][];
  exported: ExportTally;
  patientResources: number;
  keptPatientResources: number;
  patientLines: number;
  taskFirstLines: number[];
}

function summariseScan(
  files: readonly ExportFile[],
  tasks: readonly ScanTask[],
  results: ScanResult[],
): ScanSummary {
  const taskFirstLines = firstLines(tasks, results);
  const exported: ExportTally = {
    files: files.length,
    lines: 0,
    skippedByType: {},
    unreadableLines: 0,
    unattributableResources: 0,
    truncatedSkippedLines: 0,
    filesEndedEarly: 0,
    orphanResources: 0,
    analysisErrors: 0,
  };
  const exportProblems: QuarantinedResource[] = [];
  const sharedLines: SharedLine[] = [];
  let patientResources = 0;
  let keptPatientResources = 0;
  let patientLines = 0;
  for (const task of tasks) {
    const result = results[task.index];
    if (!result) continue;
    const first = taskFirstLines[task.index] ?? 1;
    exported.lines += result.records;
    patientResources += result.patientResources;
    keptPatientResources += result.keptPatientResources;
    patientLines += result.patientLines;
    for (const [type, n] of Object.entries(result.skippedByType))
      exported.skippedByType[type] = (exported.skippedByType[type] ?? 0) + n;
    for (const problem of result.problems) {
      if (!problem.forReports) exported.truncatedSkippedLines += 1;
      else if (problem.resource) exported.unattributableResources += 1;
      else exported.unreadableLines += 1;
      if (problem.forReports)
        exportProblems.push(renderProblem(problem, `${task.file.name} line ${first + problem.line - 1}`));
    }
    if (result.endedEarly) {
      exported.filesEndedEarly += 1;
      exportProblems.push({
        reference: task.file.name,
        reason: `${result.endedEarly.reason} after line ${first + result.endedEarly.afterLine - 1}`,
      });
    }
    sharedLines.push(...result.shared);
  }
  // The first of duplicate shared resources wins, in file order, as in a file.
  const shared = new Map<string, string>();
  for (const line of sharedLines.sort((a, b) => a.task - b.task || a.line - b.line)) {
    if (!shared.has(line.key)) shared.set(line.key, line.json);
  }
  return {
    exportProblems,
    shared: [...shared],
    exported,
    patientResources,
    keptPatientResources,
    patientLines,
    taskFirstLines,
  };
}

export async function analyzeExport(request: ExportRequest): Promise<ExportOutcome> {
  const started = performance.now();
  const since = () => Math.round(performance.now() - started);
  const files = listExportFiles(request.folder);
  if (files.length === 0) return { exitCode: 2, error: `no .ndjson files in folder ${request.folder}` };
  const workers = Math.max(1, request.workers ?? availableParallelism());
  const bucketCount = bucketCountFor(files, workers, request.sizes?.bucketBytes ?? defaultBucketBytes);
  const tasks = planScanTasks(files, request.sizes?.chunkBytes ?? defaultChunkBytes);
  const spoolDir = mkdtempSync(join(tmpdir(), 'analyze-export-'));
  const progress = new ProgressBar(
    request.stderr,
    files.reduce((sum, f) => sum + f.bytes, 0),
  );
  const pool = new WorkerPool({
    size: workers,
    setup: (writer) => ({
      spoolDir,
      writer,
      bucketCount,
      shard: request.shard,
      patientId: request.patientId,
    }),
    onProgress: (bytes, patients) => progress.add(bytes, patients),
    heap: request.sizes?.heap,
  });
  try {
    // Largest tasks first, so no core is left with a big one at the end.
    const bySize = [...tasks].sort((a, b) => b.end - b.start - (a.end - a.start));
    const results: ScanResult[] = [];
    await Promise.all(
      bySize.map(async (task) => {
        const reply = await pool.run({ type: 'scan', task });
        if (reply.type === 'scanned') results[task.index] = reply.result;
      }),
    );
    const scanned = since();
    const scan = summariseScan(files, tasks, results);
    const subjectsArePatients = scan.patientResources === 0;
    const context: AnalysisContext = {
      spoolDir,
      writers: pool.size,
      taskFiles: tasks.map((t) => t.file.name),
      taskFirstLines: scan.taskFirstLines,
      shared: scan.shared,
      exportProblems: listedInReports(scan.exportProblems),
      subjectsArePatients,
      now: request.now.toISOString(),
      findings: request.findings,
    };
    await pool.broadcast({ type: 'context', context });
    if (!subjectsArePatients) progress.expectPatients(scan.keptPatientResources);

    const buckets: BucketResult[] = [];
    await Promise.all(
      Array.from({ length: bucketCount }, async (_, bucket) => {
        const reply = await pool.run({
          type: 'analyze',
          bucket,
          reportFile: join(spoolDir, `reports-${bucket}`),
        });
        if (reply.type === 'analyzed') buckets.push(reply.result);
      }),
    );
    const analysed = since();
    progress.finish();

    const population = emptyPopulationTally();
    const errors: string[] = [];
    for (const bucket of buckets) {
      addTallies(population, bucket.tally);
      scan.exported.orphanResources += bucket.orphanResources;
      scan.exported.unreadableLines += bucket.unreadableLines;
      scan.exported.unattributableResources += bucket.misroutedLines;
      errors.push(...bucket.errors);
    }
    scan.exported.analysisErrors = errors.length;
    if (population.patients === 0 && errors.length === 0) {
      if (request.patientId !== null)
        return { exitCode: 2, error: `patient ${request.patientId} is not in ${request.folder}` };
      // An empty shard of a non-empty export is a result, not an error (batch schedulers run them all).
      if (request.shard === null || scan.patientLines === 0)
        return { exitCode: 2, error: `no patient found in ${request.folder}` };
    }
    await pool.shrinkTo(1);
    const reportFiles = buckets.map((b) => b.reportFile).sort();
    await pool.run({ type: 'merge', files: reportFiles, total: population.patients }, (text) =>
      write(request.out, text),
    );
    const timings = { scanned, analysed, merged: since() };
    const uncappedRetries = pool.uncappedRetries;

    if (request.summaryCsvFile !== null) {
      const rows = summaryRows(population, scan.exported);
      request.stderr.write(summaryTable(rows));
      writeFileSync(request.summaryCsvFile, summaryCsv(rows));
    }
    if (errors.length > 0) {
      const names = [...new Set(errors)].join(', ');
      return {
        exitCode: 1,
        error: `internal error for ${errors.length} patient(s) (${names}); their reports are missing`,
        timings,
        uncappedRetries,
      };
    }
    return { exitCode: 0, timings, uncappedRetries };
  } finally {
    await pool.close();
    progress.finish();
    rmSync(spoolDir, { recursive: true, force: true });
  }
}
