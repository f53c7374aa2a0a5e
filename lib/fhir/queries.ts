import type { ChartResourceType } from './chart-snapshot';

// The chart's searches, declared as data. Each is run once per launch, all in the same wave, and
// each keeps its own outcome. Server differences are handled by what every server accepts, not by
// vendor name (sources in lib/fhir/README.md):
// - Epic answers an Observation search without `category` with 400: always send category + code.
// - Epic files conditions under separate categories: ask for each category. Synthea and many HAPI
//   servers send conditions with no category at all: one search without `category` reads those
//   (duplicates across the searches are dropped by id when the snapshot is built).
// - Oracle Health R4 has no MedicationStatement (home meds are MedicationRequest with
//   reportedBoolean): MedicationRequest is primary, MedicationStatement optional.
// - `_include` may be ignored (Epic): missing Medications are read afterwards.
// - Ferritin and TSAT have their own search, newest first (`_sort=-date`), so a long history of
//   other labs can never page them away. `_sort` only decides which pages come first: results are
//   still sorted locally, and a server that refuses it is asked again without it.

/** Code system of the lab codes in the Observation search (the codes come from lib/knowledge). */
const loincSystem = 'http://loinc.org';

export interface QueryContext {
  patientId: string;
  /** LOINC codes of the labs to fetch (ferritin and supporting labs). */
  labLoincCodes: readonly string[];
  /** The labs the iron flag rests on (ferritin, TSAT): searched on their own, newest first. */
  ironLabLoincCodes: readonly string[];
}

function loincTokens(codes: readonly string[]): string {
  return codes.map((code) => `${loincSystem}|${code}`).join(',');
}

function supportingLabCodes(c: QueryContext): string[] {
  return c.labLoincCodes.filter((code) => !c.ironLabLoincCodes.includes(code));
}

export interface SearchQuery {
  kind: 'search';
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
  resourceType: ChartResourceType;
  label: string;
  id: (context: QueryContext) => string;
}

export type ChartQuery = SearchQuery | ReadQuery;

/** Conditions as US Core and Epic categorise them. */
export const conditionCategories = ['problem-list-item', 'encounter-diagnosis', 'health-concern'] as const;

export const chartQueries: readonly ChartQuery[] = [
  { kind: 'read', resourceType: 'Patient', label: 'Patient (read)', id: (c) => c.patientId },
  ...conditionCategories.map(
    (category): SearchQuery => ({
      kind: 'search',
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
    resourceType: 'Observation',
    label: 'Observation?category=laboratory&code=(ferritin, TSAT)&_sort=-date',
    params: (c) => [
      ['patient', c.patientId],
      ['category', 'laboratory'],
      ['code', loincTokens(c.ironLabLoincCodes)],
      ['_sort', '-date'],
      ['_count', '100'],
    ],
    droppableOn400: ['_sort', '_count'],
  },
  {
    kind: 'search',
    resourceType: 'Observation',
    label: 'Observation?category=laboratory&code=(other lab codes)&_sort=-date',
    params: (c) => [
      ['patient', c.patientId],
      ['category', 'laboratory'],
      ['code', loincTokens(supportingLabCodes(c))],
      ['_sort', '-date'],
      // Oracle Health pages at up to 200; others cap it themselves.
      ['_count', '200'],
    ],
    droppableOn400: ['_sort', '_count'],
  },
  {
    kind: 'search',
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
