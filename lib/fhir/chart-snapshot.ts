// The contract between the FHIR layer (lib/fhir, lib/cli, CDS Hooks prefetch) and the pure core
// (lib/features). Every resource in it has passed its zod schema; what failed is in `quarantined`.

/** Resource types the app reads (and so the scopes it asks for, and the sandbox grants). */
export const chartResourceTypes = [
  'Patient',
  'Condition',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'Medication',
] as const;
export type ChartResourceType = (typeof chartResourceTypes)[number];

/**
 * How one search (or read) ended. Anything but `ok` is a data gap: the absence of results from it
 * must never be shown as a negative finding.
 * - forbidden: 401/403 (scope not granted, or refused by site policy)
 * - unsupported: 404/400/405/501, or absent from the CapabilityStatement
 * - failed: network error, 5xx after retries, unparseable response
 * - truncated: results exist beyond the page bound we follow
 */
export type QueryStatus = 'ok' | 'forbidden' | 'unsupported' | 'failed' | 'truncated';

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
  patient: fhir4.Patient | null;
  conditions: fhir4.Condition[];
  observations: fhir4.Observation[];
  medicationStatements: fhir4.MedicationStatement[];
  medicationRequests: fhir4.MedicationRequest[];
  /** Medications referenced by statements/orders (included, read, or from the input bundle). */
  medications: fhir4.Medication[];
  /** One entry per search/read issued (or per resource type, for a file input). */
  queries: QueryOutcome[];
  quarantined: QuarantinedResource[];
}

/** The outcomes that make data gaps, for a resource type. */
export function gapsFor(snapshot: ChartSnapshot, ...types: ChartResourceType[]): QueryOutcome[] {
  return snapshot.queries.filter((q) => q.status !== 'ok' && types.includes(q.resourceType));
}
