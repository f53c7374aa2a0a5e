import { fileURLToPath } from 'node:url';
import { analyzeChart } from '../lib/differential/analyze-chart';
import { deriveFeatures } from '../lib/features/derive-features';
import type { ChartSnapshot } from '../lib/fhir/chart-snapshot';
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

function runsFor(size: number): number {
  // Small charts take about a millisecond: many runs keep the ratio's denominator steady.
  return size >= 100_000 ? 7 : size >= 10_000 ? 31 : 201;
}

function measure(
  stage: Stage,
  chart: ChartSnapshot,
  runs: number,
): { medianMs: number; minMs: number; peakHeapMb: number } {
  // Warm-up (JIT, module-level indexes): small charts are otherwise timed before optimisation.
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 4)); i++) stage(chart, { now });
  const times: number[] = [];
  let peak = process.memoryUsage().heapUsed;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    stage(chart, { now });
    times.push(performance.now() - start);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return { medianMs: median(times), minMs: Math.min(...times), peakHeapMb: peak / 1024 / 1024 };
}

export async function measurePipelineScaling(sizes: number[] = [1000, 10_000, 100_000]): Promise<Row[]> {
  const stages: [Row['stage'], Stage][] = [
    ['deriveFeatures', (chart, options) => deriveFeatures(chart, options)],
    ['analyzeChart', (chart, options) => analyzeChart(chart, options)],
  ];
  const rows: Row[] = [];
  for (const size of sizes) {
    const chart = generateChart(size);
    for (const [name, stage] of stages) {
      const { medianMs, minMs, peakHeapMb } = measure(stage, chart, runsFor(size));
      const first = rows.find((r) => r.stage === name);
      rows.push({
        stage: name,
        resources: size,
        runs: runsFor(size),
        medianMs,
        minMs,
        peakHeapMb,
        ratioToSmallest: first ? medianMs / first.medianMs : 1,
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
