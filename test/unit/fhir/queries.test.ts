import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '@/lib/fhir/fhir-http';
import { defaultLabLoincCodes } from '@/lib/fhir/load-chart';
import { chartQueries, queryPath } from '@/lib/fhir/queries';
import { labDefinitions } from '@/lib/knowledge/labs';

const context = {
  patientId: 'erXuFYUfucBZaryVksYEcMg3',
  labLoincCodes: ['2276-4', '718-7', '2502-3'],
};

function searchLabelled(label: string) {
  const query = chartQueries.find((q) => q.label === label);
  if (!query) throw new Error(`no query ${label}`);
  return query;
}

describe('the chart queries', () => {
  it('ask for labs by the LOINC codes the knowledge tables list, ferritin included', () => {
    const ferritin = labDefinitions.find((lab) => lab.id === 'ferritin');
    expect(ferritin).toBeDefined();
    expect(defaultLabLoincCodes()).toEqual(expect.arrayContaining([...(ferritin?.loinc ?? [])]));
  });

  it('percent-encode every parameter so a proxy cannot collapse the "//" of the LOINC system', () => {
    const path = queryPath(
      searchLabelled('Observation?category=laboratory&code=(other lab codes)&_sort=-date'),
      context,
    );
    expect(path).toBe(
      'Observation?patient=erXuFYUfucBZaryVksYEcMg3&category=laboratory' +
        '&code=http%3A%2F%2Floinc.org%7C718-7&_sort=-date&_count=200',
    );
    expect(new URLSearchParams(path.split('?')[1]).get('code')).toBe('http://loinc.org|718-7');
  });

  it('ask for ferritin and TSAT in their own search, newest first, so other labs cannot page them away', () => {
    const iron = searchLabelled(
      'Observation?category=laboratory&code=(ferritin, TSAT, iron, TIBC)&_sort=-date',
    );
    const params = new URLSearchParams(queryPath(iron, context).split('?')[1]);
    expect(params.get('code')).toBe('http://loinc.org|2276-4,http://loinc.org|2502-3');
    expect(params.get('_sort')).toBe('-date');
    // A server that refuses `_sort` is asked again without it.
    expect(iron.kind === 'search' ? iron.droppableOn400 : []).toContain('_sort');
    const relaxed = new URLSearchParams(queryPath(iron, context, { relaxed: true }).split('?')[1]);
    expect(relaxed.has('_sort')).toBe(false);
    expect(relaxed.get('code')).toBe(params.get('code'));
  });

  it('take the iron search codes from the knowledge tables: every ferritin, TSAT, iron and TIBC code, nothing else', () => {
    const iron = searchLabelled(
      'Observation?category=laboratory&code=(ferritin, TSAT, iron, TIBC)&_sort=-date',
    );
    const others = searchLabelled('Observation?category=laboratory&code=(other lab codes)&_sort=-date');
    const all = { ...context, labLoincCodes: defaultLabLoincCodes() };
    const codesOf = (q: typeof iron) =>
      (new URLSearchParams(queryPath(q, all).split('?')[1]).get('code') ?? '')
        .split(',')
        .map((token) => token.replace('http://loinc.org|', ''));
    const wanted = labDefinitions
      .filter((lab) => ['ferritin', 'tsat', 'iron', 'tibc'].includes(lab.id))
      .flatMap((lab) => lab.loinc);
    expect(codesOf(iron).sort()).toEqual([...new Set(wanted)].sort());
    expect(codesOf(others).some((code) => wanted.includes(code))).toBe(false);
  });

  it('also ask for conditions without a category filter (Synthea and many HAPI servers send none)', () => {
    const uncategorised = searchLabelled('Condition (any category)');
    const params = new URLSearchParams(queryPath(uncategorised, context).split('?')[1]);
    expect(params.get('patient')).toBe(context.patientId);
    expect(params.has('category')).toBe(false);
  });

  it('name each query without the patient id, so outcomes and logs carry no identifier', () => {
    for (const query of chartQueries) expect(query.label).not.toContain(context.patientId);
    expect(chartQueries.map((q) => q.label)).toEqual([
      'Patient (read)',
      'Condition?category=problem-list-item',
      'Condition?category=encounter-diagnosis',
      'Condition?category=health-concern',
      'Condition (any category)',
      'Observation?category=laboratory&code=(ferritin, TSAT, iron, TIBC)&_sort=-date',
      'Observation?category=laboratory&code=(other lab codes)&_sort=-date',
      'MedicationRequest?_include=MedicationRequest:medication',
      'MedicationStatement?_include=MedicationStatement:medication',
      'MedicationAdministration?_include=MedicationAdministration:medication',
    ]);
  });

  it('treat MedicationStatement and MedicationAdministration as optional: MedicationRequest is the primary medication search', () => {
    expect(chartQueries.filter((q) => q.kind === 'search' && q.optional).map((q) => q.resourceType)).toEqual([
      'MedicationStatement',
      'MedicationAdministration',
    ]);
  });

  it('asks for administrations with their Medications included, droppable on a strict server', () => {
    const query = chartQueries.find((q) => q.key === 'medicationAdministrations');
    expect(query && queryPath(query, context)).toBe(
      `MedicationAdministration?patient=${context.patientId}&_include=MedicationAdministration%3Amedication&_count=100`,
    );
    expect(query && queryPath(query, context, { relaxed: true })).toBe(
      `MedicationAdministration?patient=${context.patientId}`,
    );
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-25T15:00:00Z');
  it('reads seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Wed, 25 Nov 2026 15:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
