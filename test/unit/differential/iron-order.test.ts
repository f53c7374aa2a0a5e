import { describe, expect, it } from 'vitest';
import { buildDifferential } from '@/lib/differential/build-differential';
import { ironOrderIndication } from '@/lib/differential/iron-order';
import { FeatureBuilder } from './feature-model-builder';

// When the iron card offers "Order ferritin and TSAT": iron missing, stale or unreadable, for a
// patient with RLS coded or a current offending drug. Decided on the Report patient-view gets.

const indication = (chart: FeatureBuilder) => ironOrderIndication(buildDifferential(chart.build()));

describe('iron order indication', () => {
  it.each(['missing', 'stale', 'unknown'] as const)(
    'is offered for ferritin %s with RLS coded, citing the condition',
    (status) => {
      const chart = new FeatureBuilder().condition('rls').iron(status, status === 'stale' ? 40 : null);
      expect(indication(chart)).toEqual({ sources: ['Condition/t1'] });
    },
  );

  it('is offered for a missing ferritin with a current offending drug, citing the drug', () => {
    const chart = new FeatureBuilder().medication('sertraline', ['ssri']).iron('missing');
    expect(indication(chart)).toEqual({ sources: ['MedicationRequest/t1'] });
  });

  it('is offered for RLS in the history too', () => {
    expect(indication(new FeatureBuilder().condition('rls', 'history').iron('missing'))).not.toBeNull();
  });

  it.each([
    ['a ferritin on file (low)', new FeatureBuilder().condition('rls').iron('low', 30)],
    ['a ferritin on file (normal)', new FeatureBuilder().condition('rls').iron('normal', 120)],
    ['neither RLS nor an offending drug', new FeatureBuilder().condition('plmd').iron('missing')],
    [
      'only a recent (stopped) offending drug',
      new FeatureBuilder().medication('sertraline', ['ssri'], 'recent').iron('missing'),
    ],
    [
      'only an RLS treatment',
      new FeatureBuilder()
        .medication('pramipexole', ['dopamine-agonist'], 'current', 'treatment')
        .iron('missing'),
    ],
  ])('is not offered with %s', (_story, chart) => {
    expect(indication(chart)).toBeNull();
  });
});
