import type { QueryOutcome } from '../contracts/chart-snapshot';
import type { QueryStatus } from '../contracts/ids';
import { referenceKey } from '../contracts/references';
import type { FhirHttp } from './fhir-http';
import { isRecord } from './json-record';
import { statusForHttp } from './run-query';

// Medications referenced by orders/statements that `_include` did not bring (Epic may ignore it):
// fetched in one `_id` search per 50 ids, de-duplicated; single reads when the search is refused.
// What still cannot be read is named by its reference's display (kept on the order).

const referencingTypes = new Set(['MedicationRequest', 'MedicationStatement', 'MedicationAdministration']);

/** "Medication/x" keys referenced by orders, statements and administrations and not present. */
export function missingMedicationIds(resources: unknown[]): string[] {
  const present = new Set<string>();
  const wanted = new Set<string>();
  for (const r of resources) {
    if (!isRecord(r)) continue;
    if (r.resourceType === 'Medication' && typeof r.id === 'string') present.add(r.id);
    if (typeof r.resourceType !== 'string' || !referencingTypes.has(r.resourceType)) continue;
    const ref = isRecord(r.medicationReference) ? r.medicationReference.reference : undefined;
    const key = referenceKey(typeof ref === 'string' ? ref : undefined);
    if (key?.startsWith('Medication/')) wanted.add(key.slice('Medication/'.length));
  }
  return [...wanted].filter((id) => !present.has(id)).sort();
}

const batchSize = 50;

export interface MedicationResolution {
  resources: unknown[];
  outcome: QueryOutcome | null;
}

function medicationsIn(body: unknown): unknown[] {
  if (!isRecord(body)) return [];
  if (body.resourceType === 'Medication') return [body];
  if (body.resourceType !== 'Bundle' || !Array.isArray(body.entry)) return [];
  return body.entry.filter(isRecord).map((entry) => entry.resource);
}

export async function resolveMedications(
  http: FhirHttp,
  ids: string[],
  signal?: AbortSignal,
): Promise<MedicationResolution> {
  if (ids.length === 0) return { resources: [], outcome: null };
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += batchSize) batches.push(ids.slice(i, i + batchSize));
  const found: unknown[] = [];
  const refusedStatuses: number[] = [];
  await Promise.all(
    batches.map(async (batch) => {
      const path = `Medication?${new URLSearchParams([['_id', batch.join(',')]]).toString()}`;
      const response = await http.getJson(path, signal);
      if (response.kind === 'ok') {
        found.push(...medicationsIn(response.body));
        return;
      }
      // `_id` search refused: read each one.
      const reads = await Promise.all(
        batch.map((id) => http.getJson(`Medication/${encodeURIComponent(id)}`, signal)),
      );
      for (const read of reads) {
        if (read.kind === 'ok') found.push(...medicationsIn(read.body));
        else if (read.kind === 'http-error') refusedStatuses.push(read.status);
        else refusedStatuses.push(0);
      }
    }),
  );
  const foundIds = new Set(found.filter(isRecord).flatMap((r) => (typeof r.id === 'string' ? [r.id] : [])));
  const stillMissing = ids.filter((id) => !foundIds.has(id));
  const label = 'Medication (referenced by orders and statements)';
  if (stillMissing.length === 0)
    return { resources: found, outcome: { resourceType: 'Medication', status: 'ok', label } };
  const firstStatus = refusedStatuses.find((s) => s > 0);
  const status: QueryStatus = firstStatus ? statusForHttp(firstStatus) : 'failed';
  return {
    resources: found,
    outcome: {
      resourceType: 'Medication',
      status,
      label,
      detail: `${stillMissing.length} of ${ids.length} medications could not be read; their order's display name is used`,
      ...(firstStatus ? { httpStatus: firstStatus } : {}),
    },
  };
}
