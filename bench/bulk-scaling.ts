import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticExport } from './generate-bulk-export';

// The Bulk row: synthetic exports of 1k, 10k and 50k patients (generated in the system temp folder
// and deleted afterwards), each analysed by the analyze command's folder path in a process of its
// own (`bench/bulk-child.ts`, so peak RSS is per run), beside the floor: reading and JSON.parse-ing
// every line of the same files and nothing else, single-threaded. Run alone:
// `npx tsx bench/bulk-scaling.ts [patients...]`.

export interface BulkRow {
  patients: number;
  megabytes: number;
  analysisMs: number;
  floorMs: number;
  /** analysisMs / floorMs (goal ≤ 2). */
  ratioToFloor: number;
  /** CPU time of all the analysis's threads, and of the (single-threaded) floor. */
  analysisCpuMs: number;
  floorCpuMs: number;
  peakRssMb: number;
  floorPeakRssMb: number;
  megabytesPerSecond: number;
  patientsPerSecond: number;
  /** When the scan, the analysis and the merge ended (ms from the start of the run). */
  timings: { scanned: number; analysed: number; merged: number };
}

export interface BulkScaling {
  rows: BulkRow[];
  /** Analysis time at the largest size over the smallest (linear = the size ratio). */
  ratioLargestToSmallest: number;
  /** Time per added patient from the middle to the largest size, over that from the smallest to the middle (linear = 1). */
  marginalCostRatio: number | null;
  workers: number;
}

interface ChildResult {
  ms: number;
  cpuMs: number;
  maxRssMb: number;
  exitCode?: number;
  timings?: BulkRow['timings'];
}

const repo = fileURLToPath(new URL('..', import.meta.url));

function child(mode: 'floor' | 'analyze', folder: string): ChildResult {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/bulk-child.ts', mode, folder], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`bulk-child ${mode} failed: ${run.stderr.trim().split('\n').at(-1)}`);
  const result: ChildResult = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
  if (mode === 'analyze' && result.exitCode !== 0) throw new Error(`analysis exited ${result.exitCode}`);
  return result;
}

export async function measureBulkScaling(
  sizes: readonly number[] = [1000, 10_000, 50_000],
): Promise<BulkScaling> {
  const rows: BulkRow[] = [];
  for (const patients of sizes) {
    const folder = mkdtempSync(join(tmpdir(), `bench-bulk-${patients}-`));
    try {
      const bytes = writeSyntheticExport(folder, patients);
      // Floor first: both then read files the generator just left in the page cache.
      const floor = child('floor', folder);
      const analysis = child('analyze', folder);
      rows.push({
        patients,
        megabytes: bytes / 1e6,
        analysisMs: analysis.ms,
        floorMs: floor.ms,
        ratioToFloor: analysis.ms / floor.ms,
        analysisCpuMs: analysis.cpuMs,
        floorCpuMs: floor.cpuMs,
        peakRssMb: analysis.maxRssMb,
        floorPeakRssMb: floor.maxRssMb,
        megabytesPerSecond: bytes / 1e6 / (analysis.ms / 1000),
        patientsPerSecond: patients / (analysis.ms / 1000),
        timings: analysis.timings ?? { scanned: 0, analysed: 0, merged: 0 },
      });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const first = rows[0];
  const middle = rows.length >= 3 ? rows[rows.length - 2] : undefined;
  const last = rows.at(-1);
  const perPatient = (a: BulkRow, b: BulkRow) => (b.analysisMs - a.analysisMs) / (b.patients - a.patients);
  return {
    rows,
    ratioLargestToSmallest: first && last ? last.analysisMs / first.analysisMs : 0,
    marginalCostRatio: first && middle && last ? perPatient(middle, last) / perPatient(first, middle) : null,
    workers: availableParallelism(),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  measureBulkScaling(sizes.length > 0 ? sizes : undefined).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
