import { resourcesFromBundle } from '../fhir/bundle-input';
import type { ChartSnapshot, QuarantinedResource, QueryOutcome } from '../fhir/chart-snapshot';
import { isRecord } from '../fhir/json-record';
import { buildChartSnapshot, referenceKey } from '../fhir/parse-chart';
import { type FhirAccess, fetchFhir, nextLink, outcomeOf } from './fhir-fetch';
import type { CdsRequest } from './request-schema';
import { type PrefetchQuery, prefetchQueries, queryPath } from './service-definition';

// CDS Hooks request -> ChartSnapshot. Prefetch first; what the client did not prefetch is read
// from `fhirServer`; what neither gives is a data gap (QueryOutcome), never an empty result.
// Prefetch semantics: https://cds-hooks.hl7.org/2.0/#prefetch-template — a missing key means the
// client chose not to (or failed to) prefetch; `null` means it had nothing to give. We treat
// `null` as a data gap too (re-reading from the server when we can): an EHR that sends null for
// a search it could not run would otherwise read as "no medications".

export interface GatherOptions {
  labCodes: readonly string[];
  fetch: typeof fetch;
  /** Total time budget for all FHIR reads of one request. */
  timeoutMs: number;
  maxPages: number;
  /** Referenced Medication resources read at most (one read each). */
  maxMedicationReads: number;
  /** Why there is no server access although the request named one (the data gaps say so). */
  noServerReason?: string;
}

export type GatherResult =
  | { ok: true; snapshot: ChartSnapshot }
  /** Neither prefetch nor server access: CDS Hooks asks for 412 Precondition Failed. */
  | { ok: false; reason: string };

interface QueryData {
  resources: unknown[];
  problems: QuarantinedResource[];
  outcome: QueryOutcome;
}

/** Reads one prefetch value (a resource or a searchset Bundle) as if the query had run. */
export function readPrefetchValue(query: PrefetchQuery, value: unknown): QueryData {
  const base = { resourceType: query.resourceType, label: `${query.label} (prefetch)` };
  if (!isRecord(value) || typeof value.resourceType !== 'string') {
    return {
      resources: [],
      problems: [],
      outcome: { ...base, status: 'failed', detail: 'prefetch value is not a FHIR resource or Bundle' },
    };
  }
  if (value.resourceType === 'OperationOutcome') {
    return {
      resources: [],
      problems: [],
      outcome: { ...base, status: 'failed', detail: 'prefetch holds an OperationOutcome' },
    };
  }
  const collection = resourcesFromBundle(value);
  // Prefetch must come in one piece; a `next` link means the client sent a partial result.
  const truncated = value.resourceType === 'Bundle' && nextLink(value) !== null;
  return {
    resources: collection.resources,
    problems: collection.problems,
    outcome: truncated
      ? { ...base, status: 'truncated', detail: 'prefetch Bundle has a next page' }
      : { ...base, status: 'ok' },
  };
}

async function fetchQuery(access: FhirAccess, query: PrefetchQuery, patientId: string): Promise<QueryData> {
  const result = await fetchFhir(access, queryPath(query, patientId));
  const resources: unknown[] = [];
  const problems: QuarantinedResource[] = [];
  for (const body of result.bodies) {
    const collection = resourcesFromBundle(body);
    resources.push(...collection.resources);
    problems.push(...collection.problems);
  }
  return { resources, problems, outcome: outcomeOf(query.resourceType, query.label, result) };
}

function gap(query: PrefetchQuery, detail: string): QueryData {
  return {
    resources: [],
    problems: [],
    outcome: { resourceType: query.resourceType, status: 'failed', label: query.label, detail },
  };
}

/** "Medication/x" references of statements and orders that are not among `resources`. */
export function unresolvedMedicationReferences(resources: unknown[]): string[] {
  const present = new Set<string>();
  const wanted = new Set<string>();
  for (const r of resources) {
    if (!isRecord(r)) continue;
    if (r.resourceType === 'Medication' && typeof r.id === 'string') present.add(`Medication/${r.id}`);
    if (r.resourceType !== 'MedicationStatement' && r.resourceType !== 'MedicationRequest') continue;
    const ref = isRecord(r.medicationReference) ? r.medicationReference.reference : undefined;
    const key = referenceKey(typeof ref === 'string' ? ref : undefined);
    if (key?.startsWith('Medication/')) wanted.add(key);
  }
  return [...wanted].filter((key) => !present.has(key));
}

async function resolveMedications(
  resources: unknown[],
  access: FhirAccess | null,
  maxReads: number,
): Promise<QueryData | null> {
  const missing = unresolvedMedicationReferences(resources);
  if (missing.length === 0) return null;
  const label = 'Medication read (referenced by statements and orders)';
  if (access === null) {
    return {
      resources: [],
      problems: [],
      outcome: {
        resourceType: 'Medication',
        status: 'failed',
        label,
        detail: `${missing.length} referenced Medication resource(s) not prefetched, no FHIR server access`,
      },
    };
  }
  const toRead = missing.slice(0, maxReads);
  const results = await Promise.all(toRead.map((key) => fetchFhir({ ...access, maxPages: 1 }, key)));
  const read = results.flatMap((r) => r.bodies);
  const failed = results.find((r) => r.status !== 'ok');
  if (failed === undefined && missing.length > toRead.length) {
    return {
      resources: read,
      problems: [],
      outcome: {
        resourceType: 'Medication',
        status: 'truncated',
        label,
        detail: `read ${toRead.length} of ${missing.length} referenced Medications`,
      },
    };
  }
  return {
    resources: read,
    problems: [],
    outcome: failed
      ? outcomeOf('Medication', label, failed)
      : { resourceType: 'Medication', status: 'ok', label },
  };
}

/** Builds the ChartSnapshot for the patient in context. Never throws on bad FHIR data. */
export async function chartFromRequest(request: CdsRequest, options: GatherOptions): Promise<GatherResult> {
  const patientId = request.context.patientId;
  const queries = prefetchQueries(options.labCodes);
  const prefetch = request.prefetch ?? {};
  const access: FhirAccess | null = request.fhirServer
    ? {
        baseUrl: request.fhirServer,
        accessToken: request.fhirAuthorization?.access_token,
        signal: AbortSignal.timeout(options.timeoutMs),
        fetch: options.fetch,
        maxPages: options.maxPages,
      }
    : null;

  const anyPrefetch = queries.some((q) => Object.hasOwn(prefetch, q.key));
  if (!anyPrefetch && access === null) {
    return { ok: false, reason: 'no prefetch and no fhirServer to read the chart from' };
  }

  const data = await Promise.all(
    queries.map(async (query): Promise<QueryData> => {
      const value = Object.hasOwn(prefetch, query.key) ? prefetch[query.key] : undefined;
      if (value !== undefined && value !== null) return readPrefetchValue(query, value);
      if (access !== null) return fetchQuery(access, query, patientId);
      if (value === null) return gap(query, 'the EHR sent no data for this prefetch (null)');
      return gap(query, `not prefetched; ${options.noServerReason ?? 'no FHIR server access'}`);
    }),
  );
  const resources = data.flatMap((d) => d.resources);
  const medications = await resolveMedications(resources, access, options.maxMedicationReads);
  if (medications) data.push(medications);

  const snapshot = buildChartSnapshot({
    patientReference: `Patient/${patientId}`,
    resources: data.flatMap((d) => d.resources),
    queries: data.map((d) => d.outcome),
    quarantined: data.flatMap((d) => d.problems),
  });
  return { ok: true, snapshot };
}
