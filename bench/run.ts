import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureBulkScaling } from './bulk-scaling';
import { measureCdsLoad, pipelineName } from './cds-load';
import { measureLaunch } from './launch-timing';
import { measurePictureRender } from './picture-render';
import { measurePipelineScaling } from './pipeline-scaling';

// `npm run bench`: one table of ratios measured in the same run (these machines are noisy, so
// absolute times only give an order of magnitude), also written to bench/results/<timestamp>.json.

interface TableRow {
  measure: string;
  figure: string;
  ratio: string;
  goal: string;
}

const fixed = (n: number | null, digits = 1) => (n === null ? 'n/a' : n.toFixed(digits));

async function main() {
  const rows: TableRow[] = [];
  const started = Date.now();

  const { launch, bundle } = await measureLaunch();
  for (const row of launch) {
    rows.push({
      measure: `1. launch to differential, L=${row.latencyMs} ms`,
      figure:
        row.waves === null
          ? `${fixed(row.medianMs, 0)} ms median; ${row.fhirRequests} FHIR data requests`
          : `${fixed(row.medianMs, 0)} ms median; ${row.fhirRequests} FHIR data requests in ${row.waves} wave(s) issued, ${row.wireWaves} on the wire`,
      ratio:
        row.ratioToLatency === null
          ? 'baseline'
          : `time/(L×${row.serialRoundTrips})=${fixed(row.ratioToLatency)}; (t(L)-t(0))/L=${fixed(row.latencyPeriodsPaid, 2)} vs ${row.serialRoundTrips}`,
      goal: `1 wave; (t(L)-t(0))/L ≈ ${row.serialRoundTrips}`,
    });
  }

  const scaling = await measurePipelineScaling();
  for (const stage of ['deriveFeatures', 'analyzeChart'] as const) {
    const stageRows = scaling.filter((r) => r.stage === stage);
    const largest = stageRows.at(-1);
    const smallest = stageRows[0];
    if (!largest || !smallest) continue;
    rows.push({
      measure: `2. pipeline scaling: ${stage}`,
      figure: `${stageRows.map((r) => `${r.resources / 1000}k: ${fixed(r.medianMs, 2)} ms`).join('; ')} (peak heap ${fixed(largest.peakHeapMb, 0)} MB, all sizes held)`,
      ratio: `${largest.resources / smallest.resources}× size → ${fixed(largest.ratioToSmallest)}× time`,
      goal: '≤ 120',
    });
  }

  rows.push({
    measure: '3. shipped JavaScript (gzip)',
    figure: `app route at launch ${fixed(bundle.appRouteGzipBytes / 1024)} KiB in ${bundle.appRouteScripts} scripts (${fixed(bundle.withPicturesGzipBytes / 1024)} KiB in ${bundle.withPicturesScripts}, ${fixed(bundle.withPicturesToStackFloorRatio, 4)} × floor, once scrolled to the pictures); /_not-found ${fixed(bundle.notFoundGzipBytes / 1024)} KiB in ${bundle.notFoundScripts}`,
    ratio: `${fixed(bundle.appToStackFloorRatio, 4)} × stack floor (${fixed(bundle.ratio, 2)} × /_not-found)`,
    goal: '≤ 1.25 × stack floor',
  });
  rows.push({
    measure: '3b. fixed client stack alone (gzip)',
    figure: `fhirclient + zod/mini + SWR on an empty page: ${fixed(bundle.stackFloorGzipBytes / 1024)} KiB in ${bundle.stackFloorScripts} scripts`,
    ratio: `${fixed(bundle.stackFloorRatio, 2)} × /_not-found`,
    goal: 'floor for 3',
  });

  const cds = await measureCdsLoad();
  const cdsOrderSelect = await measureCdsLoad({ hook: 'order-select' });
  for (const [label, result] of [
    ['4. CDS Hooks patient-view', cds],
    ['4b. CDS Hooks order-select', cdsOrderSelect],
  ] as const) {
    rows.push({
      measure: `${label}, ${result.connections} connections, ${result.durationSeconds} s`,
      figure: `p50 ${fixed(result.p50Ms)} ms, p99 ${fixed(result.p99Ms)} ms, ${fixed(result.requestsPerSecond, 0)} req/s, ${result.non2xx + result.errors} errors; ${pipelineName[result.hook]} ${fixed(result.pipelineMedianMs, 2)} ms`,
      ratio: `p99/pipeline=${fixed(result.p99Ms / result.pipelineMedianMs, 0)}`,
      goal: 'no errors',
    });
  }

  const bulk = await measureBulkScaling();
  const bulkFirst = bulk.rows[0];
  const bulkLast = bulk.rows.at(-1);
  if (bulkFirst && bulkLast) {
    rows.push({
      measure: `5. Bulk export, ${bulk.rows.map((r) => `${r.patients / 1000}k`).join('/')} patients, ${bulk.workers} workers`,
      figure: bulk.rows
        .map(
          (r) =>
            `${r.patients / 1000}k (${fixed(r.megabytes, 0)} MB): ${fixed(r.analysisMs / 1000, 2)} s (CPU ${fixed(r.analysisCpuMs / 1000, 1)} s), ${fixed(r.megabytesPerSecond, 0)} MB/s, ${fixed(r.patientsPerSecond, 0)} patients/s, peak RSS ${fixed(r.peakRssMb, 0)} MB, floor ${fixed(r.floorMs / 1000, 2)} s`,
        )
        .join('; '),
      ratio: `${bulkLast.patients / bulkFirst.patients}× patients → ${fixed(bulk.ratioLargestToSmallest)}× time (marginal ${fixed(bulk.marginalCostRatio, 2)}); analysis/floor ${bulk.rows.map((r) => fixed(r.ratioToFloor, 2)).join('/')}`,
      goal: `≤ ${Math.round((bulkLast.patients / bulkFirst.patients) * 1.1)}; floor ≤ 2`,
    });
  }

  const pictures = await measurePictureRender();
  rows.push({
    measure: `6. pictures over time: ${pictures.ferritinResults} ferritin results over 15 years, ${pictures.drugPeriods} drug periods`,
    figure: `in the app, ${pictures.runs} launches: first drawing, React render + commit ${fixed(pictures.medianMs)} ms median (max ${fixed(pictures.maxMs)}); both drawn again from their tables, render to layout ${fixed(pictures.redrawMedianMs)} ms (max ${fixed(pictures.redrawMaxMs)}); first frame of the whole page ${fixed(pictures.paintedMedianMs)} ms`,
    ratio: `redraw/50 ms=${fixed(pictures.redrawMedianMs / 50, 2)}`,
    goal: '< 50 ms',
  });

  const widths = (['measure', 'figure', 'ratio', 'goal'] as const).map((k) =>
    Math.max(k.length, ...rows.map((r) => r[k].length)),
  );
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(['measure', 'figure', 'ratio', 'goal']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line([r.measure, r.figure, r.ratio, r.goal]));
  console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ rows, launch, bundle, scaling, bulk, cds, cdsOrderSelect, pictures }, null, 2)}\n`,
  );
  console.log(`written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
