// The one CDS Service this app offers, and the FHIR queries it asks the EHR to prefetch
// (https://cds-hooks.hl7.org/2.0/#discovery). The same queries are run against `fhirServer`
// when a prefetch key is missing, so prefetched and fetched data mean the same thing.

export const serviceId = 'leg-symptom-differential';
export const hook = 'patient-view';
export const sourceLabel = 'Leg symptom differential';

/** One prefetch template: a FHIR read or search with {{context.patientId}} as its only token. */
export interface PrefetchQuery {
  key: string;
  resourceType: ChartResourceType;
  /** "Patient/{id}" for a read, else the search's resource type. */
  kind: 'read' | 'search';
  /** Search parameters other than the patient (already percent-encodable strings). */
  params: [string, string][];
  /** A label without PHI for data gaps and logs. */
  label: string;
}

/**
 * The prefetch queries. `labCodes` are "system|code" tokens for the lab Observations the
 * differential reads (ferritin and supporting labs); they come from lib/knowledge.
 */
export function prefetchQueries(labCodes: readonly string[]): PrefetchQuery[] {
  return [
    { key: 'patient', resourceType: 'Patient', kind: 'read', params: [], label: 'Patient read' },
    {
      key: 'conditions',
      resourceType: 'Condition',
      kind: 'search',
      params: [],
      label: 'Condition search',
    },
    {
      key: 'medicationStatements',
      resourceType: 'MedicationStatement',
      kind: 'search',
      params: [],
      label: 'MedicationStatement search',
    },
    {
      key: 'medicationRequests',
      resourceType: 'MedicationRequest',
      kind: 'search',
      params: [],
      label: 'MedicationRequest search',
    },
    {
      key: 'labObservations',
      resourceType: 'Observation',
      kind: 'search',
      params: [
        ['category', 'laboratory'],
        ['code', labCodes.join(',')],
      ],
      label: 'Observation?category=laboratory (ferritin and supporting labs)',
    },
  ];
}

/** The relative FHIR URL for a query, with `patientId` (a template token, or a validated id). */
export function queryPath(query: PrefetchQuery, patientId: string): string {
  if (query.kind === 'read') return `Patient/${patientId}`;
  const search = new URLSearchParams([['patient', patientId], ...query.params]).toString();
  return `${query.resourceType}?${search}`;
}

const patientToken = '{{context.patientId}}';

/** A prefetch template: the query with the token left readable (not percent-encoded). */
export function prefetchTemplate(query: PrefetchQuery): string {
  return queryPath(query, '__PATIENT__').replace('__PATIENT__', patientToken);
}

export interface CdsServiceDescription {
  hook: string;
  id: string;
  title: string;
  description: string;
  prefetch: Record<string, string>;
}

export function discoveryResponse(labCodes: readonly string[]): { services: CdsServiceDescription[] } {
  return {
    services: [
      {
        hook,
        id: serviceId,
        title: 'Leg symptom differential',
        description:
          'When a chart opens, flags current medications that can cause or worsen restless legs or ' +
          'akathisia, and the iron (ferritin) status, each with the FHIR resources it rests on; links to ' +
          'the full differential app.',
        prefetch: Object.fromEntries(prefetchQueries(labCodes).map((q) => [q.key, prefetchTemplate(q)])),
      },
    ],
  };
}

import type { ChartResourceType } from '../contracts/ids';
