import { deriveFeatures } from '../features/derive-features';
import type { ChartSnapshot } from '../fhir/chart-snapshot';
import type { BedsideFindingsInput } from '../knowledge/bedside-findings';
import { buildDifferential } from './build-differential';
import type { Report } from './report-schema';

/** The one pure core shared by the UI, the CLI and CDS Hooks: chart (+ bedside findings) → Report. */
export function analyzeChart(
  snapshot: ChartSnapshot,
  options: { now: Date; findings?: BedsideFindingsInput },
): Report {
  return buildDifferential(deriveFeatures(snapshot, { now: options.now, findings: options.findings }));
}
