import { fileURLToPath } from 'node:url';
import type { ChartSnapshot } from '../lib/contracts/chart-snapshot';
import { analyzeChart } from '../lib/differential/analyze-chart';
import { deriveFeatures } from '../lib/features/derive-features';
import { generateChart } from './generate-chart';

// Times the pure core on generated charts of growing size. Not a timed test: run it directly
// (`npx tsx bench/pipeline-scaling.ts`) and read the ratio: 100k/1k should stay near 100 (≤ 120).

export interface Row {
  stage: 'deriveFeatures' | 'analyzeChart';
  resources: number;
  runs: number;
  medianMs: number;
  /** Fastest run: less sensitive than the median to other work on a shared machine. */
  minMs: number;
  /** Peak heap while this stage was measured, with every size's chart held (so one figure per stage). */
  peakHeapMb: number;
  /** medianMs divided by the median at the smallest size, for the same stage. */
  ratioToSmallest: number;
}

type Stage = (chart: ChartSnapshot, options: { now: Date }) => unknown;

const now = new Date('2026-11-25T12:00:00Z');
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Rounds per stage: every size is timed in every round (see measureStage). */
const rounds = 7;

function runsPerRound(size: number): number {
  // Small charts take well under a millisecond: many runs keep the ratio's denominator steady.
  return size >= 100_000 ? 1 : size >= 10_000 ? 5 : 29;
}

/**
 * Times `stage` on every chart, interleaved: each of `rounds` rounds runs every size in turn. The
 * machines here are shared, and their slow phases last seconds; timing each size in one block let
 * a slow phase land on one size only and move the ratio by tens of points.
 */
function measureStage(
  stage: Stage,
  charts: { size: number; chart: ChartSnapshot }[],
): Map<number, { times: number[]; peak: number }> {
  const results = new Map(charts.map(({ size }) => [size, { times: [] as number[], peak: 0 }]));
  // Warm-up (JIT, module-level indexes): small charts are otherwise timed before optimisation.
  for (const { size, chart } of charts) {
    for (let i = 0; i < Math.max(3, runsPerRound(size) * 2); i++) stage(chart, { now });
  }
  for (let round = 0; round < rounds; round++) {
    for (const { size, chart } of charts) {
      const result = results.get(size);
      if (!result) continue;
      for (let run = 0; run < runsPerRound(size); run++) {
        const start = performance.now();
        stage(chart, { now });
        result.times.push(performance.now() - start);
        result.peak = Math.max(result.peak, process.memoryUsage().heapUsed);
      }
    }
  }
  return results;
}

export async function measurePipelineScaling(sizes: number[] = [1000, 10_000, 100_000]): Promise<Row[]> {
  const stages: [Row['stage'], Stage][] = [
    ['deriveFeatures', (chart, options) => deriveFeatures(chart, options)],
    ['analyzeChart', (chart, options) => analyzeChart(chart, options)],
  ];
  // Through JSON, as every surface holds a chart: the app, the CLI and the CDS service all parse
  // it from JSON text. The generator's own objects are laid out differently in memory (strings
  // built by concatenation, objects allocated between others), which made 100k about a third
  // slower than the same chart parsed from JSON, while 1k did not change.
  const charts = sizes.map((size) => ({
    size,
    chart: JSON.parse(JSON.stringify(generateChart(size))) as ChartSnapshot,
  }));
  const rows: Row[] = [];
  for (const [name, stage] of stages) {
    const results = measureStage(stage, charts);
    const peakHeapMb = Math.max(...[...results.values()].map((r) => r.peak)) / 1024 / 1024;
    let smallest: number | null = null;
    for (const { size } of charts) {
      const result = results.get(size);
      if (!result) continue;
      const medianMs = median(result.times);
      smallest ??= medianMs;
      rows.push({
        stage: name,
        resources: size,
        runs: result.times.length,
        medianMs,
        minMs: Math.min(...result.times),
        peakHeapMb,
        ratioToSmallest: medianMs / smallest,
      });
    }
  }
  return rows;
}

function printTable(rows: Row[]): void {
  const header = ['stage', 'resources', 'runs', 'median ms', 'min ms', 'peak heap MB', 'ratio to smallest'];
  const lines = rows.map((r) => [
    r.stage,
    String(r.resources),
    String(r.runs),
    r.medianMs.toFixed(2),
    r.minMs.toFixed(2),
    r.peakHeapMb.toFixed(1),
    r.ratioToSmallest.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  measurePipelineScaling(sizes.length > 0 ? sizes : undefined).then(printTable);
}
