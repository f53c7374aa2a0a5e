import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { BedsideFindingsInput } from '../contracts/ids';
import type { Report } from '../contracts/report-schema';
import { deriveFeatures } from '../features/derive-features';
import { buildDifferential } from './build-differential';

/** The one pure core shared by the UI, the CLI and CDS Hooks: chart (+ bedside findings) → Report. */
export function analyzeChart(
  snapshot: ChartSnapshot,
  options: { now: Date; findings?: BedsideFindingsInput },
): Report {
  return buildDifferential(deriveFeatures(snapshot, { now: options.now, findings: options.findings }));
}
