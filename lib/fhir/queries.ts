import type { ChartResourceType } from '../contracts/ids';
import { ironFlagLabIds, labDefinitions } from '../knowledge/labs';

// The chart's searches, declared as data. Each is run once per launch, all in the same wave, and
// each keeps its own outcome. Server differences are handled by what every server accepts, not by
// vendor name (sources in lib/fhir/README.md):
// - Epic answers an Observation search without `category` with 400: always send category + code.
// - Epic files conditions under separate categories: ask for each category.
// - Oracle Health R4 has no MedicationStatement (home meds are MedicationRequest with
//   reportedBoolean): MedicationRequest is primary, MedicationStatement optional.
// - MedicationAdministration (doses given in hospital, the ED, clinic injections) is optional too:
//   a server that does not offer it leaves a data gap, never an error screen.
// - `_include` may be ignored (Epic): missing Medications are read afterwards.
// - Nobody's `_sort` is relied on: results are sorted locally.
// - Ferritin and TSAT (and the iron and TIBC a TSAT is calculated from) have their own search,
//   newest first (`_sort=-date`), so a long history of other labs can never page them away. `_sort`
//   only decides which pages come first: results are still sorted locally, and a server that
//   refuses it is asked again without it.
// - Synthea and many HAPI servers send Conditions with no category: one search asks without it
//   (results are de-duplicated by id).
// The CDS service renders its prefetch templates from this same list (prefetchTemplate below), so
// the app, a prefetching EHR and the service's own reads of `fhirServer` ask the same questions.

/** Code system of the lab codes in the Observation search (the codes come from lib/knowledge). */
const loincSystem = 'http://loinc.org';

/** LOINC codes of the labs the iron flag rests on, searched on their own (lib/knowledge). */
const ironCodes: ReadonlySet<string> = new Set(
  labDefinitions.filter((lab) => ironFlagLabIds.includes(lab.id)).flatMap((lab) => lab.loinc),
);

function loincTokens(codes: readonly string[]): string {
  return codes.map((code) => `${loincSystem}|${code}`).join(',');
}

export interface QueryContext {
  patientId: string;
  /** LOINC codes of the labs to fetch (ferritin and supporting labs). */
  labLoincCodes: readonly string[];
}

export interface SearchQuery {
  kind: 'search';
  /** Stable name: the CDS prefetch key of this query (`discovery` lists one template per query). */
  key: string;
  resourceType: ChartResourceType;
  /** Names the query in outcomes and logs: no patient id, no PHI. */
  label: string;
  params: (context: QueryContext) => [string, string][];
  /** A server may simply not offer it: a refusal is a data gap, never an error screen. */
  optional?: boolean;
  /**
   * Refinements a strict server may reject with 400 (an unknown `_include`, a `_count` above its
   * maximum): asked once more without them before the search counts as unsupported.
   */
  droppableOn400?: readonly string[];
}

export interface ReadQuery {
  kind: 'read';
  key: string;
  resourceType: ChartResourceType;
  label: string;
  id: (context: QueryContext) => string;
}

export type ChartQuery = SearchQuery | ReadQuery;

/** Conditions as US Core and Epic categorise them. */
export const conditionCategories = ['problem-list-item', 'encounter-diagnosis', 'health-concern'] as const;

export const chartQueries: readonly ChartQuery[] = [
  { kind: 'read', key: 'patient', resourceType: 'Patient', label: 'Patient (read)', id: (c) => c.patientId },
  ...conditionCategories.map(
    (category): SearchQuery => ({
      kind: 'search',
      key: `conditions-${category}`,
      resourceType: 'Condition',
      label: `Condition?category=${category}`,
      params: (c) => [
        ['patient', c.patientId],
        ['category', category],
        ['_count', '100'],
      ],
      droppableOn400: ['_count'],
    }),
  ),
  {
    kind: 'search',
    key: 'conditions',
    resourceType: 'Condition',
    label: 'Condition (any category)',
    params: (c) => [
      ['patient', c.patientId],
      ['_count', '100'],
    ],
    droppableOn400: ['_count'],
  },
  {
    kind: 'search',
    key: 'ironLabObservations',
    resourceType: 'Observation',
    label: 'Observation?category=laboratory&code=(ferritin, TSAT, iron, TIBC)&_sort=-date',
    params: (c) => [
      ['patient', c.patientId],
      ['category', 'laboratory'],
      ['code', loincTokens(c.labLoincCodes.filter((code) => ironCodes.has(code)))],
      ['_sort', '-date'],
      ['_count', '100'],
    ],
    droppableOn400: ['_sort', '_count'],
  },
  {
    kind: 'search',
    key: 'labObservations',
    resourceType: 'Observation',
    label: 'Observation?category=laboratory&code=(other lab codes)&_sort=-date',
    params: (c) => [
      ['patient', c.patientId],
      ['category', 'laboratory'],
      ['code', loincTokens(c.labLoincCodes.filter((code) => !ironCodes.has(code)))],
      ['_sort', '-date'],
      // Oracle Health pages at up to 200; others cap it themselves.
      ['_count', '200'],
    ],
    droppableOn400: ['_sort', '_count'],
  },
  {
    kind: 'search',
    key: 'medicationRequests',
    resourceType: 'MedicationRequest',
    label: 'MedicationRequest?_include=MedicationRequest:medication',
    params: (c) => [
      ['patient', c.patientId],
      ['_include', 'MedicationRequest:medication'],
      ['_count', '100'],
    ],
    droppableOn400: ['_include', '_count'],
  },
  {
    kind: 'search',
    key: 'medicationStatements',
    resourceType: 'MedicationStatement',
    label: 'MedicationStatement?_include=MedicationStatement:medication',
    optional: true,
    params: (c) => [
      ['patient', c.patientId],
      ['_include', 'MedicationStatement:medication'],
      ['_count', '100'],
    ],
    droppableOn400: ['_include', '_count'],
  },
  {
    kind: 'search',
    key: 'medicationAdministrations',
    resourceType: 'MedicationAdministration',
    label: 'MedicationAdministration?_include=MedicationAdministration:medication',
    optional: true,
    params: (c) => [
      ['patient', c.patientId],
      ['_include', 'MedicationAdministration:medication'],
      ['_count', '100'],
    ],
    droppableOn400: ['_include', '_count'],
  },
];

/**
 * The request path of a query. URLSearchParams percent-encodes every value: the SMART launcher's
 * proxy collapses an unencoded "//" (as in http://loinc.org) and breaks the code list.
 */
export function queryPath(
  query: ChartQuery,
  context: QueryContext,
  options: { relaxed?: boolean } = {},
): string {
  if (query.kind === 'read') return `${query.resourceType}/${encodeURIComponent(query.id(context))}`;
  const dropped = options.relaxed ? (query.droppableOn400 ?? []) : [];
  const params = query.params(context).filter(([name]) => !dropped.includes(name));
  return `${query.resourceType}?${new URLSearchParams(params).toString()}`;
}

const patientToken = '{{context.patientId}}';
const placeholder = 'PATIENT-ID-PLACEHOLDER';

/** The query as a CDS Hooks prefetch template: the patient is the `{{context.patientId}}` token. */
export function prefetchTemplate(query: ChartQuery, labLoincCodes: readonly string[]): string {
  return queryPath(query, { patientId: placeholder, labLoincCodes }).replace(placeholder, patientToken);
}
