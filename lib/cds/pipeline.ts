import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { Report } from '../contracts/report-schema';
import { analyzeChart } from '../differential/analyze-chart';
import { defaultLabLoincCodes } from '../fhir/load-chart';
import type { CdsServiceDeps } from './service-handler';

// The production wiring: the same pure core as the UI and CLI, and the lab codes from
// lib/knowledge (no clinical codes live in lib/cds).

/** LOINC codes of ferritin and the supporting labs the differential reads. */
export const prefetchLabCodes: readonly string[] = defaultLabLoincCodes();

/** No bedside findings exist when a chart opens: every question starts unknown. */
export function analyzeForCards(snapshot: ChartSnapshot, now: Date): Report {
  return analyzeChart(snapshot, { now, findings: {} });
}

export function productionDeps(): CdsServiceDeps {
  return {
    analyze: analyzeForCards,
    labCodes: prefetchLabCodes,
    env: process.env,
    fetch: (input, init) => fetch(input, init),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    fhirTimeoutMs: 5000,
  };
}
