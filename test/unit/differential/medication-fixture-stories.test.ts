import { describe, expect, it } from 'vitest';
import type { BedsideFindingsInput, CandidateId } from '@/lib/contracts/ids';
import type { Report } from '@/lib/contracts/report-schema';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { deriveFeatures } from '@/lib/features/derive-features';
import { fixtureNow, fixtureSnapshot } from '../../support/fixture-snapshot';

// The medication stories of p20–p29 (clinical spec §2, revision 2): what each chart must show beyond
// its golden row (fixture-patients.test.ts): sources, markers, the akathisia window, Parkinson's.

const now = fixtureNow;
const snapshotOf = fixtureSnapshot;

const analyze = (id: string, findings?: BedsideFindingsInput): Report =>
  analyzeChart(snapshotOf(id), { now, findings });
const flag = (r: Report, ingredient: string) => r.flags.medications.find((f) => f.ingredient === ingredient);
const candidate = (r: Report, id: CandidateId) => r.candidates.find((c) => c.id === id);
const restless: BedsideFindingsInput = { 'whole-body-restlessness': 'yes' };

describe('brand names, local codes and ATC (p20, p21, p28)', () => {
  it('flags Fetzima, Rexulti and Unisom charted by brand only, and keeps Zofran and trazodone off', () => {
    const r = analyze('p20');
    expect(flag(r, 'levomilnacipran')?.sources).toEqual(['MedicationStatement/p20-fetzima']);
    expect(flag(r, 'brexpiprazole')?.display).toBe('REXULTI 1 MG PO TABS');
    expect(flag(r, 'doxylamine')?.sources).toEqual(['MedicationStatement/p20-unisom']);
    expect(JSON.stringify(r.flags)).not.toMatch(/zofran|ondansetron|trazodone/i);
  });

  it('reads ATC codes per ingredient and per offending class, and not clozapine or cetirizine', () => {
    const model = deriveFeatures(snapshotOf('p21'), { now });
    const byName = Object.fromEntries(model.medications.items.map((m) => [m.ingredient, m]));
    expect(byName.sertraline).toMatchObject({ matchedBy: 'atc', classes: ['ssri'] });
    expect(byName.amitriptyline).toMatchObject({ matchedBy: 'atc', display: 'amitriptyline' });
    expect(byName.zuclopenthixol).toMatchObject({ matchedBy: 'atc', classes: ['dopamine-antagonist'] });
    expect(Object.keys(byName).sort()).toEqual(['amitriptyline', 'lithium', 'sertraline', 'zuclopenthixol']);
  });

  it('maps combination brands to the antihistamine they contain, and "Dramamine Less Drowsy" to meclizine', () => {
    const r = analyze('p28');
    expect(flag(r, 'doxylamine')?.sources).toEqual(['MedicationStatement/p28-nyquil']);
    expect(flag(r, 'meclizine')?.sources).toEqual(['MedicationStatement/p28-dramamine-ld']);
    expect(flag(r, 'dimenhydrinate')?.sources).toEqual(['MedicationStatement/p28-dramamine']);
    // Advil PM was stopped a year ago: it is cited, but the current Tylenol PM makes the flag current.
    expect(flag(r, 'diphenhydramine')).toMatchObject({ status: 'current', date: '2026-11-10' });
  });
});

describe('routes (p22)', () => {
  it('does not flag topical, nasal or compounded-gel uses, and flags the oral hydroxyzine', () => {
    const model = deriveFeatures(snapshotOf('p22'), { now });
    expect(model.medications.items.map((m) => m.ingredient)).toEqual(['hydroxyzine']);
  });
});

describe('doses given (MedicationAdministration)', () => {
  it('p23: ED doses three days ago are recent flags resting on the administrations', () => {
    const r = analyze('p23');
    expect(flag(r, 'droperidol')).toMatchObject({
      status: 'recent',
      basis: 'administration',
      sources: ['MedicationAdministration/p23-droperidol-dose'],
    });
    expect(flag(r, 'metoclopramide')?.sources.sort()).toEqual([
      'MedicationAdministration/p23-metoclopramide-dose',
      'MedicationRequest/p23-metoclopramide-order',
    ]);
    expect(flag(r, 'droperidol')?.recommendation).toMatch(/dose was given/);
    expect(JSON.stringify(r.flags)).not.toMatch(/prochlorperazine|haloperidol|ketorolac/);
  });

  it('p23: a dopamine antagonist given in the last 7 days plus whole-body restlessness makes akathisia likely', () => {
    expect(candidate(analyze('p23'), 'akathisia')?.tier).toBe('possible');
    const akathisia = candidate(analyze('p23', restless), 'akathisia');
    expect(akathisia?.tier).toBe('likely');
    expect(akathisia?.supporting.map((e) => e.ruleId)).toContain('akathisia.antagonist-and-restlessness');
  });

  it('p24: a monthly paliperidone palmitate injection three weeks ago is current until its interval ends', () => {
    const r = analyze('p24');
    expect(flag(r, 'paliperidone')).toMatchObject({
      status: 'current',
      basis: 'administration',
      longActingUntil: '2026-12-09',
      sources: [
        'MedicationAdministration/p24-sustenna-3',
        'MedicationAdministration/p24-sustenna-2',
        'MedicationAdministration/p24-sustenna-1',
      ],
    });
    expect(flag(r, 'paliperidone')?.recommendation).toMatch(/2026-12-09/);
    expect(candidate(analyze('p24', restless), 'akathisia')?.tier).toBe('likely');
  });

  it('p25: haloperidol decanoate eight weeks ago is past its interval: recent, and too old for akathisia likely', () => {
    const r = analyze('p25', restless);
    expect(flag(r, 'haloperidol')).toMatchObject({ status: 'recent', basis: 'administration' });
    expect(flag(r, 'haloperidol')?.longActingUntil).toBeUndefined();
    expect(JSON.stringify(r.flags)).not.toMatch(/fluphenazine/);
    expect(candidate(r, 'akathisia')?.tier).toBe('possible');
    expect(candidate(r, 'akathisia')?.supporting.map((e) => e.ruleId)).not.toContain(
      'akathisia.antagonist-and-restlessness',
    );
  });

  it('p29: resolves urn:uuid references in a transaction bundle, a referenced and a contained Medication', () => {
    const r = analyze('p29');
    expect(flag(r, 'paliperidone')).toMatchObject({
      status: 'current',
      longActingUntil: '2026-12-27',
      sources: ['MedicationAdministration/p29-trinza-dose', 'Medication/p29-med-trinza'],
    });
    expect(flag(r, 'haloperidol')).toMatchObject({
      status: 'recent',
      sources: ['MedicationAdministration/p29-haldol-im'],
    });
    // Symbyax is olanzapine and fluoxetine: one flag each, from the same order.
    expect(flag(r, 'olanzapine')?.sources).toEqual(['MedicationRequest/p29-symbyax']);
    expect(flag(r, 'fluoxetine')?.sources).toEqual(['MedicationRequest/p29-symbyax']);
  });
});

describe('old active orders (p26)', () => {
  it('keeps a 2019 quetiapine order current and asks to confirm it, but not sertraline (reviewed in 2026) or mirtazapine (2025)', () => {
    const r = analyze('p26');
    expect(flag(r, 'quetiapine')?.confirmStillTaking).toEqual({
      since: '2019-02-11',
      years: 7,
      text: 'Active order from 7 years ago: confirm the patient still takes it.',
    });
    expect(flag(r, 'sertraline')?.confirmStillTaking).toBeUndefined();
    expect(flag(r, 'mirtazapine')?.confirmStillTaking).toBeUndefined();
  });
});

describe("Parkinson's disease (p27)", () => {
  it('gives no augmentation note and takes pramipexole and levodopa as no evidence of treated RLS', () => {
    const r = analyze('p27');
    expect(r.notes).toEqual([]);
    expect(candidate(r, 'rls')?.supporting.map((e) => e.ruleId)).not.toContain('rls.treatment');
    const model = deriveFeatures(snapshotOf('p27'), { now });
    expect(model.medications.items.map((m) => [m.ingredient, m.status])).toEqual([
      ['levodopa', 'current'],
      ['pramipexole', 'current'],
    ]);
  });
});
