import type { ChartSnapshot } from '../contracts/chart-snapshot';

/**
 * True when every search succeeded and the chart holds nothing to analyse: the view says so
 * instead of implying that the differential rests on chart data. A failed search is a data gap,
 * never an empty chart.
 */
export function isEmptyChart(snapshot: ChartSnapshot): boolean {
  const nothingRead =
    snapshot.conditions.length === 0 &&
    snapshot.observations.length === 0 &&
    snapshot.medicationStatements.length === 0 &&
    snapshot.medicationRequests.length === 0;
  const allSearchesOk = snapshot.queries.every((q) => q.status === 'ok');
  return nothingRead && allSearchesOk && snapshot.quarantined.length === 0;
}
