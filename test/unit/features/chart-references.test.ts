import { describe, expect, it } from 'vitest';
import { generateChart } from '@/bench/generate-chart';
import { knownReferenceSet } from '@/lib/differential/known-references';
import { knownAmong, knownReferencesOf } from '@/lib/features/chart-references';
import { deriveFeatures } from '@/lib/features/derive-features';
import type { FeatureModel } from '@/lib/features/feature-model';
import type { ChartSnapshot } from '@/lib/fhir/chart-snapshot';
import { chartOf, now } from './chart-fixtures';

// A derived FeatureModel lists `knownReferences` only when read, and answers "which of these are
// known?" from the references its features wrote. The answer must always be the full list's.

function citedBy(model: FeatureModel): string[] {
  return [
    ...model.patient.sources,
    ...model.iron.results.flatMap((r) => r.sources),
    ...model.medications.items.flatMap((i) => i.sources),
    ...model.conditions.items.flatMap((i) => i.sources),
    ...Object.values(model.labs).flatMap((l) => l?.sources ?? []),
  ];
}

/** A generated chart where every seventh resource (and the Patient, if asked) has lost its id. */
function chartWithoutSomeIds(seed: number, dropPatientId: boolean): ChartSnapshot {
  const chart = generateChart(400, { seed });
  const groups = [chart.observations, chart.conditions, chart.medicationRequests, chart.medications];
  for (const group of groups) {
    group.forEach((resource, i) => {
      if (i % 7 === 0) delete resource.id;
    });
  }
  if (dropPatientId && chart.patient) delete chart.patient.id;
  return chart;
}

const sorted = (references: Iterable<string>) => [...references].sort();

describe('known references of a derived model', () => {
  it.each([
    [1, false],
    [2, true],
    [3, false],
  ])('answer as the full list does (seed %i, patient id dropped: %s)', (seed, dropPatientId) => {
    const chart = chartWithoutSomeIds(seed, dropPatientId);
    const list = knownReferencesOf(chart);
    const wanted = new Set([
      ...citedBy(deriveFeatures(chart, { now })),
      ...list.filter((_, i) => i % 5 === 0),
      'Observation/undefined',
      'Observation/',
      'Condition/not-in-chart',
      'Patient/bench-1',
      'no-slash',
    ]);
    const expected = sorted(list.filter((r) => wanted.has(r)));
    expect(citedBy(deriveFeatures(chart, { now })).some((r) => r.endsWith('/undefined'))).toBe(true);
    expect(sorted(knownAmong(deriveFeatures(chart, { now }), wanted))).toEqual(expected);
  });

  it('list every reference of the chart when read, in chart order', () => {
    const chart = chartWithoutSomeIds(4, false);
    const model = deriveFeatures(chart, { now });
    expect(model.knownReferences).toEqual(knownReferencesOf(chart));
    expect({ ...model }.knownReferences).toEqual(knownReferencesOf(chart));
    expect(JSON.parse(JSON.stringify(model)).knownReferences).toEqual(knownReferencesOf(chart));
  });

  it('follow the list once it has been read and changed, or replaced', () => {
    const resources = [
      {
        resourceType: 'Condition',
        id: 'c1',
        subject: { reference: 'Patient/p1' },
        code: { coding: [{ system: 'http://snomed.info/sct', code: '32914008' }] },
      },
    ];
    const pushed = deriveFeatures(chartOf(resources), { now });
    pushed.knownReferences.push('Condition/added');
    expect(sorted(knownAmong(pushed, new Set(['Condition/added', 'Condition/c1'])))).toEqual([
      'Condition/added',
      'Condition/c1',
    ]);

    const replaced = deriveFeatures(chartOf(resources), { now });
    replaced.knownReferences = ['Patient/p1'];
    expect(sorted(knownAmong(replaced, new Set(['Patient/p1', 'Condition/c1'])))).toEqual(['Patient/p1']);
    expect(knownReferenceSet(replaced).has('Condition/c1')).toBe(false);
  });

  it('keep a reference added to the model only if the chart holds it', () => {
    const chart = chartOf([
      {
        resourceType: 'Condition',
        id: 'c1',
        subject: { reference: 'Patient/p1' },
        code: { coding: [{ system: 'http://snomed.info/sct', code: '32914008' }] },
      },
      {
        resourceType: 'Condition',
        id: 'unmatched',
        subject: { reference: 'Patient/p1' },
        code: { text: 'Something else' },
      },
    ]);
    const model = deriveFeatures(chart, { now });
    model.iron.sources.push('Condition/unmatched', 'Condition/ghost');
    const known = knownReferenceSet(model);
    expect(known.has('Condition/unmatched')).toBe(true);
    expect(known.has('Condition/ghost')).toBe(false);
    expect(known.has('Condition/c1')).toBe(true);
  });
});
