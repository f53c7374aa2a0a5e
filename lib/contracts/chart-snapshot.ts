import type { ChartResourceType, QueryStatus } from './ids';
import type { WithId } from './references';

// The contract between the FHIR layer (lib/fhir, lib/cli, CDS Hooks prefetch) and the pure core
// (lib/features). Every resource in it has passed its zod schema; what failed is in `quarantined`.

export interface QueryOutcome {
  resourceType: ChartResourceType;
  status: QueryStatus;
  /** Which query this was, without PHI, e.g. "Condition?category=problem-list-item". */
  label: string;
  /** Short reason for a clinician or engineer, e.g. "HTTP 403", "stopped after 5 pages". No PHI. */
  detail?: string;
  httpStatus?: number;
  pages?: number;
}

/** A resource that failed validation: kept out of the analysis, reported with its reason. */
export interface QuarantinedResource {
  /** "Type/id" when known, else "Type (no id)" or "entry N". */
  reference: string;
  reason: string;
}

export interface ChartSnapshot {
  /** "Patient/123": the patient every other resource is about. */
  patientReference: string;
  patient: WithId<fhir4.Patient> | null;
  conditions: WithId<fhir4.Condition>[];
  observations: WithId<fhir4.Observation>[];
  medicationStatements: WithId<fhir4.MedicationStatement>[];
  medicationRequests: WithId<fhir4.MedicationRequest>[];
  /** Doses given (inpatient, ED, clinic injections): optional on many servers. */
  medicationAdministrations: WithId<fhir4.MedicationAdministration>[];
  /** Medications referenced by statements/orders (included, read, or from the input bundle). */
  medications: WithId<fhir4.Medication>[];
  /** One entry per search/read issued (or per resource type, for a file input). */
  queries: QueryOutcome[];
  quarantined: QuarantinedResource[];
}

/** The outcomes that make data gaps, for a resource type. */
export function gapsFor(snapshot: ChartSnapshot, ...types: ChartResourceType[]): QueryOutcome[] {
  return snapshot.queries.filter((q) => q.status !== 'ok' && types.includes(q.resourceType));
}
