import type { QueryOutcome } from '../contracts/chart-snapshot';
import type { ChartResourceType, Completeness } from '../contracts/ids';

function outcomesFor(queries: readonly QueryOutcome[], type: ChartResourceType): QueryOutcome[] {
  return queries.filter((q) => q.resourceType === type);
}

/** complete: every query of the type ok; unavailable: none ok (or none issued); partial otherwise. */
export function searchCompleteness(queries: readonly QueryOutcome[], type: ChartResourceType): Completeness {
  const outcomes = outcomesFor(queries, type);
  const ok = outcomes.filter((q) => q.status === 'ok').length;
  if (ok === 0) return 'unavailable';
  return ok === outcomes.length ? 'complete' : 'partial';
}

/** True when some query of the type did not succeed, or none was issued. */
export function searchHadGaps(queries: readonly QueryOutcome[], type: ChartResourceType): boolean {
  const outcomes = outcomesFor(queries, type);
  return outcomes.length === 0 || outcomes.some((q) => q.status !== 'ok');
}

/**
 * Medication searches. Oracle Health (Millennium) has no R4 MedicationStatement: its
 * MedicationRequest carries home medications, so an `unsupported` statement search does not make
 * the answer partial. MedicationAdministration is optional the same way (doses given are mostly
 * ordered too): unsupported is a data gap, a refused or failed search makes the answer partial.
 * Failed Medication reads do.
 */
export function medicationSearchCompleteness(queries: readonly QueryOutcome[]): Completeness {
  const requests = outcomesFor(queries, 'MedicationRequest');
  const statements = outcomesFor(queries, 'MedicationStatement');
  const reads = outcomesFor(queries, 'Medication');
  const administrations = outcomesFor(queries, 'MedicationAdministration');
  const anyRequestOk = requests.some((q) => q.status === 'ok');
  const anyStatementOk = statements.some((q) => q.status === 'ok');
  if (!anyRequestOk && !anyStatementOk) return 'unavailable';
  const requestsComplete = requests.length > 0 && requests.every((q) => q.status === 'ok');
  const optionalComplete = [...statements, ...administrations].every(
    (q) => q.status === 'ok' || q.status === 'unsupported',
  );
  const readsComplete = reads.every((q) => q.status === 'ok');
  return requestsComplete && optionalComplete && readsComplete ? 'complete' : 'partial';
}
