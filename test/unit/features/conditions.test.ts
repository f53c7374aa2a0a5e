import { describe, expect, it } from 'vitest';
import type { ConditionFeature } from '@/lib/contracts/feature-model';
import type { ConditionGroupId } from '@/lib/contracts/ids';
import { deriveFeatures } from '@/lib/features/derive-features';
import { chartOf, fixturePatient, now, withQueries } from './chart-fixtures';

const conditions = deriveFeatures(fixturePatient('condition-value-sets.json', 'conds'), { now }).conditions;
const group = (id: ConditionGroupId): ConditionFeature | undefined =>
  conditions.items.find((i) => i.group === id);

describe('condition value sets (fixture condition-value-sets.json)', () => {
  it('matches lumbar stenosis M48.062 by its ICD-10-CM prefix M48.06', () => {
    expect(group('lumbar-spinal-stenosis')).toMatchObject({
      status: 'current',
      matchedBy: 'icd10',
      sources: ['Condition/stenosis-icd-subcode'],
    });
  });

  it('matches RLS written without the dot (G2581) under the international ICD-10 system', () => {
    expect(group('rls')).toMatchObject({ matchedBy: 'icd10', status: 'current' });
  });

  it('leaves out a refuted PAD and an entered-in-error CKD', () => {
    expect(group('pad')).toBeUndefined();
    expect(group('ckd')).toBeUndefined();
  });

  it('keeps resolved leg cramps as history', () => {
    expect(group('leg-cramps')).toMatchObject({ status: 'history', matchedBy: 'snomed' });
  });

  it('prefers the active neuropathy over the resolved one, citing both', () => {
    expect(group('neuropathy')).toMatchObject({ status: 'current', matchedBy: 'icd10', date: '2019-01-01' });
    // A file is analysed newest first, as the app sorts what a server returns.
    expect(group('neuropathy')?.sources).toEqual([
      'Condition/neuropathy-active',
      'Condition/neuropathy-old-resolved',
    ]);
  });

  it('reads diabetes from a diabetic neuropathy ICD-10 code (E11.42)', () => {
    expect(group('diabetes')).toMatchObject({ sources: ['Condition/neuropathy-active'] });
  });

  it('finds akathisia, venous insufficiency and mild cognitive impairment by text where SNOMED is missing', () => {
    expect(group('drug-induced-akathisia')).toMatchObject({ matchedBy: 'text' });
    expect(group('venous-insufficiency')).toMatchObject({ matchedBy: 'text' });
    expect(group('dementia')).toMatchObject({ matchedBy: 'text', sources: ['Condition/mci-text-no-status'] });
  });

  it('reads a problem without clinicalStatus as current', () => {
    expect(group('dementia')?.status).toBe('current');
  });

  it('matches split codes by prefix: pregnancy O26.891, metabolic syndrome E88.810, Parkinson G20.A1', () => {
    expect(group('pregnancy')?.matchedBy).toBe('icd10');
    expect(group('metabolic-syndrome')?.matchedBy).toBe('icd10');
    expect(group('parkinsons')?.matchedBy).toBe('icd10');
  });

  it('ignores conditions outside every group', () => {
    expect(conditions.items.flatMap((i) => i.sources)).not.toContain('Condition/hypertension-unrelated');
  });
});

describe('condition search completeness', () => {
  it('is partial when one Condition search failed', () => {
    const model = deriveFeatures(chartOf([], withQueries({ Condition: ['ok', 'failed'] })), { now });
    expect(model.conditions.search).toBe('partial');
  });

  it('is unavailable when the Condition search was forbidden', () => {
    const model = deriveFeatures(chartOf([], withQueries({ Condition: ['forbidden'] })), { now });
    expect(model.conditions.search).toBe('unavailable');
  });

  it('reads a condition with an abatement date but no clinicalStatus as history', () => {
    const model = deriveFeatures(
      chartOf([
        {
          resourceType: 'Condition',
          id: 'c1',
          subject: { reference: 'Patient/p1' },
          code: { coding: [{ system: 'http://snomed.info/sct', code: '32914008' }] },
          abatementDateTime: '2020-01-01',
        },
      ]),
      { now },
    );
    expect(model.conditions.items).toEqual([expect.objectContaining({ group: 'rls', status: 'history' })]);
  });
});

describe('merging several conditions of one group', () => {
  const rls = (id: string, text: string, onsetDateTime?: string) => ({
    resourceType: 'Condition',
    id,
    subject: { reference: 'Patient/p1' },
    code: { coding: [{ system: 'http://snomed.info/sct', code: '32914008' }], text },
    clinicalStatus: { coding: [{ code: 'active' }] },
    ...(onsetDateTime ? { onsetDateTime } : {}),
  });
  const rlsItem = (resources: unknown[]) =>
    deriveFeatures(chartOf(resources), { now }).conditions.items.find((i) => i.group === 'rls');

  it('keeps the first listed of equal dates, citing every condition in chart order', () => {
    const item = rlsItem([
      rls('c1', 'RLS', '2020-05-01'),
      rls('c2', 'Restless legs', '2020-05-01T00:00:00Z'),
    ]);
    expect(item).toMatchObject({ display: 'RLS', date: '2020-05-01' });
    expect(item?.sources).toEqual(['Condition/c1', 'Condition/c2']);
  });

  it('never lets an undated condition displace a dated one, listed before or after', () => {
    const item = rlsItem([rls('c1', 'RLS (1)'), rls('c2', 'RLS (2)', '2019-01-01'), rls('c3', 'RLS (3)')]);
    expect(item).toMatchObject({ display: 'RLS (2)', date: '2019-01-01' });
  });
});
