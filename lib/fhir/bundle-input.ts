import type { ChartSnapshot, QuarantinedResource, QueryOutcome } from '../contracts/chart-snapshot';
import { chartResourceTypes } from '../contracts/ids';
import { referenceKey } from '../contracts/references';
import { isRecord } from './json-record';
import { buildChartSnapshot, isChartResourceType } from './parse-chart';
import { sortSnapshot } from './snapshot-order';

// Files and prefetch bundles: a FHIR Bundle of any type (transaction bundles from Synthea use
// urn:uuid full URLs as references), a single resource, or a list of resources (NDJSON lines).

export interface ResourceCollection {
  resources: unknown[];
  /** Entries that could not even be read as resources. */
  problems: QuarantinedResource[];
}

/** Flattens a Bundle (or a lone resource) into its resources, resolving urn:uuid references to Type/id. */
export function resourcesFromBundle(input: unknown): ResourceCollection {
  if (!isRecord(input) || typeof input.resourceType !== 'string') {
    return { resources: [], problems: [{ reference: 'input', reason: 'not a FHIR resource or Bundle' }] };
  }
  if (input.resourceType !== 'Bundle') return { resources: [input], problems: [] };
  const entries = Array.isArray(input.entry) ? input.entry : [];
  const resources: unknown[] = [];
  const problems: QuarantinedResource[] = [];
  const fullUrlToReference = new Map<string, string>();
  entries.forEach((entry, index) => {
    if (!isRecord(entry) || !isRecord(entry.resource)) {
      problems.push({ reference: `entry ${index}`, reason: 'bundle entry without a resource' });
      return;
    }
    const resource = entry.resource;
    if (
      typeof entry.fullUrl === 'string' &&
      typeof resource.resourceType === 'string' &&
      typeof resource.id === 'string'
    ) {
      fullUrlToReference.set(entry.fullUrl, `${resource.resourceType}/${resource.id}`);
    }
    resources.push(resource);
  });
  if (fullUrlToReference.size === 0) return { resources, problems };
  return { resources: resources.map((r) => rewriteReferences(r, fullUrlToReference)), problems };
}

/** Copies a resource, replacing every `reference` that names a bundle fullUrl with its Type/id. */
function rewriteReferences(value: unknown, map: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteReferences(item, map));
  if (!isRecord(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      key === 'reference' && typeof item === 'string'
        ? (map.get(item) ?? item)
        : rewriteReferences(item, map);
  }
  return copy;
}

/** The patients a set of resources is about: Patient resources first, else the subjects referenced. */
export function patientReferencesIn(resources: unknown[]): string[] {
  const patients = new Set<string>();
  for (const r of resources) {
    if (isRecord(r) && r.resourceType === 'Patient' && typeof r.id === 'string')
      patients.add(`Patient/${r.id}`);
  }
  if (patients.size > 0) return [...patients];
  for (const r of resources) {
    if (!isRecord(r) || !isChartResourceType(r.resourceType) || !isRecord(r.subject)) continue;
    const key = referenceKey(typeof r.subject.reference === 'string' ? r.subject.reference : undefined);
    if (key?.startsWith('Patient/')) patients.add(key);
  }
  return [...patients];
}

/**
 * One ChartSnapshot per patient in a file-like input. A file is taken as the complete record of
 * what was exported, so every resource type counts as searched (`ok`, "from input file").
 */
export function snapshotsFromResources(
  collection: ResourceCollection,
  label = 'input file',
): ChartSnapshot[] {
  const queries: QueryOutcome[] = chartResourceTypes.map((resourceType) => ({
    resourceType,
    status: 'ok',
    label,
  }));
  // Sorted as the app sorts what a server returns (snapshot-order.ts): same chart, same report.
  return patientReferencesIn(collection.resources).map((patientReference) =>
    sortSnapshot(
      buildChartSnapshot({
        patientReference,
        resources: collection.resources,
        queries,
        quarantined: collection.problems,
      }),
    ),
  );
}
