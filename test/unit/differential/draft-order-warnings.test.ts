import { describe, expect, it } from 'vitest';
import type { MedicationFeature } from '@/lib/contracts/feature-model';
import type { MedicationClassId } from '@/lib/contracts/ids';
import { type DraftOrderDrug, draftOrderAssessments } from '@/lib/differential/draft-order-warnings';
import { FeatureBuilder } from './feature-model-builder';

// The decision behind the order-select / order-sign cards, on FeatureModel stories: which chart
// facts make a drafted offending drug worth a warning, and what happens when the chart is partial.

function drug(
  reference: string,
  ingredient: string,
  classes: MedicationClassId[],
  role: MedicationFeature['role'] = 'offending',
): DraftOrderDrug {
  return {
    reference,
    medications: [
      {
        ingredient,
        classes,
        role,
        display: `${ingredient} 50 MG Oral Tablet`,
        status: 'current',
        matchedBy: 'name',
        sources: [reference],
        date: null,
      },
    ],
    medicationUnresolved: false,
  };
}

const sertraline = drug('MedicationRequest/d1', 'sertraline', ['ssri']);
const haloperidol = drug('MedicationRequest/d2', 'haloperidol', ['dopamine-antagonist']);
const assess = (chart: FeatureBuilder, judged: DraftOrderDrug[], session = judged) =>
  draftOrderAssessments(chart.build(), judged, session);

describe('draft order assessments', () => {
  it.each([
    ['coded RLS', new FeatureBuilder().condition('rls')],
    ['RLS in the history', new FeatureBuilder().condition('rls', 'history')],
    ['coded leg cramps', new FeatureBuilder().condition('leg-cramps')],
    ['coded drug-induced akathisia', new FeatureBuilder().condition('drug-induced-akathisia')],
    [
      'a current RLS treatment',
      new FeatureBuilder().medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment'),
    ],
    ['a current SSRI of another ingredient', new FeatureBuilder().medication('fluoxetine', ['ssri'])],
  ])('warns about a drafted SSRI for a chart with %s', (_story, chart) => {
    const [assessment, ...rest] = assess(chart, [sertraline]);
    expect(rest).toEqual([]);
    expect(assessment?.kind).toBe('warning');
    if (assessment?.kind !== 'warning') return;
    expect(assessment.classes).toEqual([{ id: 'ssri', label: 'SSRI antidepressant' }]);
    expect(assessment.facts).toHaveLength(1);
    expect(assessment.facts[0]?.sources[0]).toMatch(/^(Condition|MedicationRequest)\/t1$/);
    expect(assessment.citation).toContain('seed [2]');
  });

  it.each([
    ['a clean chart', new FeatureBuilder()],
    [
      'a current drug of another offending class only',
      new FeatureBuilder().medication('lithium', ['lithium']),
    ],
    [
      'the same ingredient already current (a renewal)',
      new FeatureBuilder().medication('sertraline', ['ssri']),
    ],
    ['a past SSRI', new FeatureBuilder().medication('fluoxetine', ['ssri'], 'past')],
    ['coded neuropathy (not one of the facts)', new FeatureBuilder().condition('neuropathy')],
    [
      'a dopamine agonist with Parkinson’s disease coded',
      new FeatureBuilder()
        .condition('parkinsons')
        .medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment'),
    ],
  ])('gives nothing for a drafted SSRI and %s', (_story, chart) => {
    expect(assess(chart, [sertraline])).toEqual([]);
  });

  it('gives nothing for a drug that is not offending, even with RLS coded', () => {
    const gabapentin = drug('MedicationRequest/d3', 'gabapentin', ['alpha-2-delta-ligand'], 'treatment');
    expect(assess(new FeatureBuilder().condition('rls'), [gabapentin])).toEqual([]);
  });

  it('lists every fact, RLS first, with a dopamine antagonist drafted in the same session', () => {
    const chart = new FeatureBuilder().condition('rls').medication('metoclopramide', ['dopamine-antagonist']);
    const prochlorperazine = drug('MedicationRequest/d4', 'prochlorperazine', ['dopamine-antagonist']);
    const [assessment] = assess(chart, [haloperidol], [prochlorperazine, haloperidol]);
    expect(assessment?.kind).toBe('warning');
    if (assessment?.kind !== 'warning') return;
    expect(assessment.facts.map((f) => f.kind)).toEqual([
      'condition',
      'same-class-current',
      'same-class-draft',
    ]);
    expect(assessment.facts.map((f) => f.short)).toEqual([
      'restless legs syndrome coded',
      'already on metoclopramide',
      'prochlorperazine also being ordered',
    ]);
    expect(assessment.facts[2]?.sources).toEqual(['MedicationRequest/d4']);
  });

  it('says the chart was not fully checked, as information, when none of the facts are found but a search failed', () => {
    const [assessment] = assess(new FeatureBuilder().medicationGap(), [sertraline]);
    expect(assessment?.kind).toBe('unchecked');
  });

  it('flags a draft whose drug could not be identified only for a patient with the facts', () => {
    const unknown: DraftOrderDrug = {
      reference: 'MedicationRequest/d5',
      medications: [],
      medicationUnresolved: true,
    };
    expect(assess(new FeatureBuilder(), [unknown])).toEqual([]);
    expect(assess(new FeatureBuilder().condition('rls'), [unknown]).map((a) => a.kind)).toEqual([
      'unidentified',
    ]);
  });

  it('gives one assessment per judged draft, in order, and none for the session-only drafts', () => {
    const chart = new FeatureBuilder().condition('rls');
    const result = assess(
      chart,
      [haloperidol, sertraline],
      [sertraline, haloperidol, drug('MedicationRequest/d9', 'lithium', ['lithium'])],
    );
    expect(result.map((a) => (a.kind === 'warning' ? a.draftReference : a.kind))).toEqual([
      'MedicationRequest/d2',
      'MedicationRequest/d1',
    ]);
  });
});
