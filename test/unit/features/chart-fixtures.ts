import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChartSnapshot, QueryOutcome } from '@/lib/contracts/chart-snapshot';
import { resourcesFromBundle, snapshotsFromResources } from '@/lib/fhir/bundle-input';
import { buildChartSnapshot } from '@/lib/fhir/parse-chart';

// Test helpers: load a fixture bundle from fhir-fixtures/features, or build a snapshot from a few
// resources with the query outcomes a story needs.

export const fixturesDir = fileURLToPath(new URL('../../../fhir-fixtures/features/', import.meta.url));

/** Every patient's snapshot in a fixture bundle, by patient id. */
export function loadFixture(name: string): Map<string, ChartSnapshot> {
  const bundle: unknown = JSON.parse(readFileSync(`${fixturesDir}${name}`, 'utf8'));
  const snapshots = snapshotsFromResources(resourcesFromBundle(bundle), name);
  return new Map(snapshots.map((s) => [s.patientReference.replace('Patient/', ''), s]));
}

export function fixturePatient(name: string, patientId: string): ChartSnapshot {
  const snapshot = loadFixture(name).get(patientId);
  if (!snapshot) throw new Error(`no patient ${patientId} in ${name}`);
  return snapshot;
}

export const allOk: QueryOutcome[] = (
  ['Patient', 'Condition', 'Observation', 'MedicationStatement', 'MedicationRequest', 'Medication'] as const
).map((resourceType) => ({ resourceType, status: 'ok', label: `${resourceType} search` }));

/** A snapshot for Patient/p1 from raw resources (validated like real input). */
export function chartOf(resources: unknown[], queries: QueryOutcome[] = allOk): ChartSnapshot {
  return buildChartSnapshot({
    patientReference: 'Patient/p1',
    resources: [
      { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1958-03-15' },
      ...resources,
    ],
    queries,
  });
}

/** Query outcomes with some types replaced, e.g. `withQueries({ Observation: 'forbidden' })`. */
export function withQueries(
  overrides: Partial<Record<QueryOutcome['resourceType'], QueryOutcome['status'][]>>,
) {
  const queries: QueryOutcome[] = [];
  for (const base of allOk) {
    const statuses = overrides[base.resourceType];
    if (!statuses) queries.push(base);
    else {
      statuses.forEach((status, i) => {
        queries.push({
          ...base,
          status,
          label: `${base.resourceType} search ${i + 1}`,
          detail: status === 'ok' ? undefined : `HTTP ${status === 'forbidden' ? 403 : 500}`,
        });
      });
    }
  }
  return queries;
}

export const now = new Date('2026-11-25T12:00:00Z');
