import type * as z from 'zod/mini';
import type { ChartSnapshot, QuarantinedResource, QueryOutcome } from '../contracts/chart-snapshot';
import type { ChartResourceType } from '../contracts/ids';
import { referenceKey, type WithId } from '../contracts/references';
import { chartResourceSchemas } from './resource-schemas';

/** A resource the app reads, as validated: its id is guaranteed (the schemas require it). */
export type ChartResource =
  | WithId<fhir4.Patient>
  | WithId<fhir4.Condition>
  | WithId<fhir4.Observation>
  | WithId<fhir4.MedicationStatement>
  | WithId<fhir4.MedicationRequest>
  | WithId<fhir4.MedicationAdministration>
  | WithId<fhir4.Medication>;

export type ParsedResource =
  | { ok: true; resource: ChartResource }
  | { ok: false; quarantined: QuarantinedResource }
  /** A resource type the app does not read (Claim, Encounter...): skipped silently. */
  | { ok: 'ignored' };

export function isChartResourceType(type: unknown): type is ChartResourceType {
  return typeof type === 'string' && Object.hasOwn(chartResourceSchemas, type);
}

function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(resource)'}: ${issue.message}`)
    .join('; ');
}

/** Validates one resource of a type the app reads. Never throws. */
export function parseChartResource(raw: unknown, position?: string): ParsedResource {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, quarantined: { reference: position ?? 'entry', reason: 'not a JSON object' } };
  }
  const record = raw as Record<string, unknown>;
  const type = record.resourceType;
  if (typeof type !== 'string') {
    return { ok: false, quarantined: { reference: position ?? 'entry', reason: 'no resourceType' } };
  }
  if (!isChartResourceType(type)) return { ok: 'ignored' };
  const reference =
    typeof record.id === 'string'
      ? `${type}/${record.id}`
      : `${type} (no id${position ? `, ${position}` : ''})`;
  const parsed = chartResourceSchemas[type].safeParse(raw);
  if (!parsed.success) return { ok: false, quarantined: { reference, reason: describeIssues(parsed.error) } };
  // The schema checked every field the features read; the rest is carried as received.
  return { ok: true, resource: parsed.data as ChartResource };
}

function subjectOf(resource: ChartResource): string | null {
  if (resource.resourceType === 'Patient') return `Patient/${resource.id}`;
  if (resource.resourceType === 'Medication') return null;
  return referenceKey(resource.subject?.reference);
}

export interface SnapshotInput {
  patientReference: string;
  resources: unknown[];
  queries: QueryOutcome[];
  quarantined?: QuarantinedResource[];
}

/**
 * Validates every resource and sorts the valid ones into a ChartSnapshot for one patient.
 * Resources about another patient are left out; duplicates (same Type/id, e.g. from two
 * Condition category searches) are kept once.
 */
export function buildChartSnapshot(input: SnapshotInput): ChartSnapshot {
  const snapshot: ChartSnapshot = {
    patientReference: input.patientReference,
    patient: null,
    conditions: [],
    observations: [],
    medicationStatements: [],
    medicationRequests: [],
    medicationAdministrations: [],
    medications: [],
    queries: input.queries,
    quarantined: [...(input.quarantined ?? [])],
  };
  const seen = new Set<string>();
  // A condition can come back from a category search and the search without category: a malformed
  // one is listed once.
  const quarantinedKeys = new Set<string>();
  input.resources.forEach((raw, index) => {
    const parsed = parseChartResource(raw, `entry ${index}`);
    if (parsed.ok === 'ignored') return;
    if (parsed.ok === false) {
      const { reference, reason } = parsed.quarantined;
      const key = `${reference}\n${reason}`;
      if (!quarantinedKeys.has(key)) snapshot.quarantined.push(parsed.quarantined);
      quarantinedKeys.add(key);
      return;
    }
    const resource = parsed.resource;
    const key = `${resource.resourceType}/${resource.id}`;
    if (seen.has(key)) return;
    const subject = subjectOf(resource);
    if (subject !== null && subject !== input.patientReference) return;
    seen.add(key);
    switch (resource.resourceType) {
      case 'Patient':
        snapshot.patient = resource;
        break;
      case 'Condition':
        snapshot.conditions.push(resource);
        break;
      case 'Observation':
        snapshot.observations.push(resource);
        break;
      case 'MedicationStatement':
        snapshot.medicationStatements.push(resource);
        break;
      case 'MedicationRequest':
        snapshot.medicationRequests.push(resource);
        break;
      case 'MedicationAdministration':
        snapshot.medicationAdministrations.push(resource);
        break;
      case 'Medication':
        snapshot.medications.push(resource);
        break;
    }
  });
  return snapshot;
}
