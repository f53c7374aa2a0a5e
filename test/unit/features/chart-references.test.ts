import { describe, expect, it } from 'vitest';
import { generateChart } from '@/bench/generate-chart';
import { citedReferences } from '@/lib/features/chart-references';
import { deriveFeatures } from '@/lib/features/derive-features';
import type { ChartSnapshot } from '@/lib/fhir/chart-snapshot';
import { everyChartReference } from '../../support/chart-references';
import { chartOf, now } from './chart-fixtures';

// `knownReferences` of a derived model: the references its features cite that name a resource of
// the chart. Evidence may cite only these, so a reference to a resource without an id (written
// "Type/(no id)") must never be listed, and every listed one must be in the chart.

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

describe('known references of a derived model', () => {
  it.each([
    [1, false],
    [2, true],
    [3, false],
  ])(
    'are exactly the cited references the chart holds (seed %i, patient id dropped: %s)',
    (seed, dropPatientId) => {
      const chart = chartWithoutSomeIds(seed, dropPatientId);
      const model = deriveFeatures(chart, { now });
      const cited = citedReferences(model);
      const inChart = everyChartReference(chart);
      // The chart has id-less resources the features cite: the case this guards.
      expect(cited.some((reference) => reference.endsWith('/(no id)'))).toBe(true);
      expect(model.knownReferences).toEqual(cited.filter((reference) => inChart.has(reference)));
      expect(model.knownReferences.length).toBeGreaterThan(10);
    },
  );

  it('list each reference once, in the order first cited, as plain data', () => {
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
    expect(model.knownReferences).toEqual(['Patient/p1', 'Condition/c1']);
    expect(JSON.parse(JSON.stringify(model)).knownReferences).toEqual(model.knownReferences);
  });
});
