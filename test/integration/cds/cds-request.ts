import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesFromBundle } from '@/lib/fhir/bundle-input';

// Test helpers: a fixture patient's bundle turned into the prefetch an EHR would send for our
// discovery templates, inside the request shape of the CDS Hooks 2.0 spec's example.

const fixtureDir = join(import.meta.dirname, '..', '..', '..', 'fhir-fixtures', 'patients');

/** Lab codes for the tests (production reads them from lib/knowledge). */
export const testLabCodes = ['2276-4', '20567-4', '24373-3', '14723-1', '2502-3', '718-7'].map(
  (code) => `http://loinc.org|${code}`,
);

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

export function fixtureResources(file: string): Json[] {
  const bundle: unknown = JSON.parse(readFileSync(join(fixtureDir, file), 'utf8'));
  return resourcesFromBundle(bundle).resources.filter(isRecord);
}

export function fixtureFiles(): string[] {
  return readdirSync(fixtureDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** The prefetch for our templates, from a collection of one patient's resources. */
export function prefetchFromResources(resources: Json[]): Record<string, unknown> {
  const ofType = (type: string) => resources.filter((r) => r.resourceType === type);
  const patient = ofType('Patient')[0] ?? null;
  return {
    patient,
    conditions: searchset(ofType('Condition')),
    medicationStatements: searchset(ofType('MedicationStatement'), ofType('Medication')),
    medicationRequests: searchset(ofType('MedicationRequest'), ofType('Medication')),
    labObservations: searchset(ofType('Observation')),
  };
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
