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

/**
 * True when every condition search succeeded, none returned a condition, and the EHR did return
 * labs or medications for the patient. Servers that file conditions where the app does not search
 * (or not at all) look like this: the view says so plainly instead of letting "not in the chart"
 * read as a negative. A failed condition search is a data gap and shown as one.
 */
export function conditionsNoneReturned(snapshot: ChartSnapshot): boolean {
  const conditionSearches = snapshot.queries.filter((q) => q.resourceType === 'Condition');
  const searchesOk = conditionSearches.length > 0 && conditionSearches.every((q) => q.status === 'ok');
  const otherData =
    snapshot.observations.length + snapshot.medicationRequests.length + snapshot.medicationStatements.length >
    0;
  const conditionQuarantined = snapshot.quarantined.some((q) => q.reference.startsWith('Condition'));
  return searchesOk && otherData && snapshot.conditions.length === 0 && !conditionQuarantined;
}
