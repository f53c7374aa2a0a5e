import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FeatureModel } from '@/lib/contracts/feature-model';
import { deriveFeatures } from '@/lib/features/derive-features';
import { resourcesFromBundle, snapshotsFromResources } from '@/lib/fhir/bundle-input';
import { sharedPath } from '../../support/repo-paths';

// Four real Synthea R4 patients, read in place from ../shared (never copied into the repo). When the
// folder is absent the tests fail, saying so: they never skip.
const dir = sharedPath('fhir-samples', 'synthea-r4');

const now = new Date('2026-11-25T12:00:00Z');

function modelFor(firstName: string): FeatureModel {
  const file = readdirSync(dir).find((f) => f.startsWith(`${firstName}_`));
  if (!file) throw new Error(`no sample for ${firstName}`);
  const snapshots = snapshotsFromResources(
    resourcesFromBundle(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'))),
  );
  expect(snapshots).toHaveLength(1);
  const [snapshot] = snapshots;
  if (!snapshot) throw new Error('no snapshot');
  return deriveFeatures(snapshot, { now });
}

describe('real Synthea samples', () => {
  it('Gilberto (died 1994-04-11, aged 57): sertraline "Sertraline 100MG" (RxNorm 328670) open at death is past', () => {
    const model = modelFor('Gilberto');
    expect(model.patient).toMatchObject({ ageYears: 57, deceased: { date: '1994-04-11' } });
    const sertraline = model.medications.items.find((i) => i.ingredient === 'sertraline');
    expect(sertraline).toMatchObject({
      classes: ['ssri'],
      status: 'past',
      openAtDeath: true,
      matchedBy: 'rxnorm',
      display: 'Sertraline 100MG',
    });
    expect(sertraline?.oldActiveOrder).toBeUndefined();
  });

  it.each(['Milan', 'Blair', 'Renato'])(
    '%s: the decades-old active order stays current and is marked to confirm (nothing newer)',
    (name) => {
      const offending = modelFor(name).medications.items.filter((i) => i.role === 'offending');
      expect(offending.length).toBeGreaterThan(0);
      for (const item of offending) {
        expect(item.status).toBe('current');
        expect(item.oldActiveOrder?.years).toBeGreaterThan(20);
      }
    },
  );

  it('Milan: a stopped and an active fluoxetine order merge into one current item', () => {
    const fluoxetine = modelFor('Milan').medications.items.filter((i) => i.ingredient === 'fluoxetine');
    expect(fluoxetine).toHaveLength(1);
    expect(fluoxetine[0]?.status).toBe('current');
    expect(fluoxetine[0]?.sources).toHaveLength(2);
  });

  it('Blair: diphenhydramine is a current sedating antihistamine', () => {
    const item = modelFor('Blair').medications.items.find((i) => i.ingredient === 'diphenhydramine');
    expect(item).toMatchObject({ classes: ['sedating-antihistamine'], status: 'current' });
  });

  it('Renato: diabetic neuropathy (SNOMED 368581000119106), metabolic syndrome and diphenhydramine', () => {
    const model = modelFor('Renato');
    const neuropathy = model.conditions.items.find((i) => i.group === 'neuropathy');
    expect(neuropathy).toMatchObject({ status: 'current', matchedBy: 'snomed' });
    expect(neuropathy?.display).toMatch(/diabetes/i);
    expect(model.conditions.items.find((i) => i.group === 'metabolic-syndrome')?.status).toBe('current');
    expect(model.medications.items.map((i) => i.ingredient)).toContain('diphenhydramine');
  });

  it.each(['Gilberto', 'Milan', 'Blair', 'Renato'])(
    '%s: no ferritin in the chart, so iron is missing',
    (name) => {
      const model = modelFor(name);
      expect(model.iron.status).toBe('missing');
      expect(model.medications.search).toBe('complete');
      expect(model.patient.sources).toEqual([model.patient.reference]);
    },
  );
});
