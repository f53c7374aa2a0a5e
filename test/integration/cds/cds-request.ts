import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesFromBundle } from '@/lib/fhir/bundle-input';
import { chartQueries } from '@/lib/fhir/queries';

// Test helpers: a fixture patient's bundle turned into the prefetch an EHR would send for our
// discovery templates, inside the request shape of the CDS Hooks 2.0 spec's example.

const fixtureDir = join(import.meta.dirname, '..', '..', '..', 'fhir-fixtures', 'patients');

/** LOINC codes of the labs for the tests (production reads them from lib/knowledge). */
export const testLabCodes = ['2276-4', '20567-4', '24373-3', '14723-1', '2502-3', '718-7'];

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function searchset(resources: Json[], included: Json[] = []): Json {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: [
      ...resources.map((resource) => ({
        fullUrl: `https://ehr.example.org/fhir/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: 'match' },
      })),
      ...included.map((resource) => ({
        fullUrl: `https://ehr.example.org/fhir/${resource.resourceType}/${resource.id}`,
        resource,
        search: { mode: 'include' },
      })),
    ],
  };
}

/** The resources of a bundle file, as JSON objects. */
export function bundleFileResources(path: string): Json[] {
  const bundle: unknown = JSON.parse(readFileSync(path, 'utf8'));
  return resourcesFromBundle(bundle).resources.filter(isRecord);
}

export function fixtureResources(file: string): Json[] {
  return bundleFileResources(join(fixtureDir, file));
}

export function fixtureFiles(): string[] {
  return readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

function categoryCodes(resource: Json): string[] {
  const categories = Array.isArray(resource.category) ? resource.category : [];
  return categories.flatMap((category) =>
    isRecord(category) && Array.isArray(category.coding)
      ? category.coding.flatMap((coding) =>
          isRecord(coding) && typeof coding.code === 'string' ? [coding.code] : [],
        )
      : [],
  );
}

/**
 * The prefetch an EHR would send for our templates (one per query of lib/fhir/queries.ts), from a
 * collection of one patient's resources: each search gets the resources it would match.
 */
export function prefetchFromResources(resources: Json[]): Record<string, unknown> {
  const ofType = (type: string) => resources.filter((r) => r.resourceType === type);
  const prefetch: Record<string, unknown> = {};
  for (const query of chartQueries) {
    if (query.kind === 'read') {
      prefetch[query.key] = ofType('Patient')[0] ?? null;
      continue;
    }
    const category = query
      .params({ patientId: '', labLoincCodes: [] })
      .find(([name]) => name === 'category')?.[1];
    const matches = ofType(query.resourceType).filter(
      (r) =>
        query.resourceType !== 'Condition' || category === undefined || categoryCodes(r).includes(category),
    );
    const included = query.resourceType.startsWith('Medication') ? ofType('Medication') : [];
    prefetch[query.key] = searchset(matches, included);
  }
  return prefetch;
}

export function patientIdOf(resources: Json[]): string {
  const patient = resources.find((r) => r.resourceType === 'Patient');
  if (!patient || typeof patient.id !== 'string') throw new Error('fixture without a Patient');
  return patient.id;
}

/** The CDS Hooks 2.0 example request shape for patient-view. */
export function cdsRequest(patientId: string, extra: Json = {}): Json {
  return {
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    hook: 'patient-view',
    context: { userId: 'Practitioner/example', patientId, encounterId: '89284' },
    ...extra,
  };
}

export const fhirAuthorization = {
  access_token: 'some-opaque-fhir-access-token',
  token_type: 'Bearer',
  expires_in: 300,
  scope: 'patient/Patient.read patient/Observation.read patient/Condition.read',
  subject: 'cds-service4',
};
