import { describe, expect, it } from 'vitest';
import type { MedicationFeature } from '@/lib/contracts/feature-model';
import type { MedicationClassId } from '@/lib/contracts/ids';
import { deriveFeatures } from '@/lib/features/derive-features';
import { chartOf, fixturePatient, now, withQueries } from './chart-fixtures';

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

function medsOf(chart: Parameters<typeof deriveFeatures>[0]) {
  return deriveFeatures(chart, { now }).medications;
}

function item(items: MedicationFeature[], ingredient: string): MedicationFeature {
  const found = items.find((i) => i.ingredient === ingredient);
  if (!found) throw new Error(`${ingredient} not found among ${items.map((i) => i.ingredient).join(', ')}`);
  return found;
}

function order(id: string, medication: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    authoredOn: '2026-10-01',
    ...medication,
    ...extra,
  };
}

describe('medications found by each route (fixture medication-routes.json)', () => {
  const items = medsOf(fixturePatient('medication-routes.json', 'med-routes')).items;

  it('flags sertraline ordered as a product code (RxNorm 328670) as an SSRI', () => {
    const sertraline = item(items, 'sertraline');
    expect(sertraline).toMatchObject({
      classes: ['ssri'],
      status: 'current',
      matchedBy: 'rxnorm',
      role: 'offending',
    });
    expect(sertraline.sources).toEqual(['MedicationRequest/sertraline-product']);
  });

  it('flags haloperidol coded only by its ingredient RxCUI as a dopamine antagonist', () => {
    expect(item(items, 'haloperidol')).toMatchObject({
      classes: ['dopamine-antagonist'],
      matchedBy: 'rxnorm',
    });
  });

  it('flags metoclopramide written only as the brand Reglan in free text', () => {
    expect(item(items, 'metoclopramide')).toMatchObject({
      classes: ['dopamine-antagonist'],
      matchedBy: 'name',
      display: 'Reglan 10 mg tablet before meals',
    });
  });

  it('flags quetiapine ordered with a local formulary code and a tall-man display', () => {
    expect(item(items, 'quetiapine')).toMatchObject({ classes: ['dopamine-antagonist'], matchedBy: 'name' });
  });

  it('flags lithium named by a Medication resource elsewhere in the bundle, citing both resources', () => {
    const lithium = item(items, 'lithium');
    expect(lithium.classes).toEqual(['lithium']);
    expect(lithium.sources).toEqual(['MedicationRequest/lithium-by-reference', 'Medication/med-lithium']);
  });

  it('flags mirtazapine named by a contained Medication', () => {
    expect(item(items, 'mirtazapine')).toMatchObject({
      classes: ['mirtazapine'],
      sources: ['MedicationStatement/mirtazapine-contained'],
    });
  });

  it('finds the doxylamine in an acetaminophen / dextromethorphan / doxylamine combination', () => {
    expect(item(items, 'doxylamine').classes).toEqual(['sedating-antihistamine']);
  });

  it('does not flag tramadol or bupropion', () => {
    const names = items.map((i) => i.ingredient);
    expect(names).not.toContain('tramadol');
    expect(names).not.toContain('bupropion');
  });

  it('lists ropinirole as a treatment, not an offending drug', () => {
    expect(item(items, 'ropinirole')).toMatchObject({ role: 'treatment', classes: ['dopamine-agonist'] });
  });
});

// One ingredient per class, reached by every route the chart can use.
const classExamples: { classId: MedicationClassId; ingredient: string; rxcui: string; brand: string }[] = [
  { classId: 'ssri', ingredient: 'fluoxetine', rxcui: '4493', brand: 'Prozac' },
  { classId: 'tca', ingredient: 'nortriptyline', rxcui: '7531', brand: 'Pamelor' },
  { classId: 'lithium', ingredient: 'lithium', rxcui: '42351', brand: 'Lithobid' },
  { classId: 'dopamine-antagonist', ingredient: 'aripiprazole', rxcui: '89013', brand: 'Abilify' },
  { classId: 'sedating-antihistamine', ingredient: 'hydroxyzine', rxcui: '5553', brand: 'Vistaril' },
  { classId: 'snri', ingredient: 'duloxetine', rxcui: '72625', brand: 'Cymbalta' },
  { classId: 'mirtazapine', ingredient: 'mirtazapine', rxcui: '15996', brand: 'Remeron' },
  { classId: 'dopamine-agonist', ingredient: 'pramipexole', rxcui: '746741', brand: 'Mirapex' },
  { classId: 'levodopa', ingredient: 'levodopa', rxcui: '6375', brand: 'Sinemet' },
  { classId: 'alpha-2-delta-ligand', ingredient: 'pregabalin', rxcui: '187832', brand: 'Lyrica' },
  { classId: 'iron', ingredient: 'ferrous sulfate', rxcui: '24947', brand: 'ferrous sulfate' },
];

describe.each(classExamples)('$classId ($ingredient)', ({ classId, ingredient, rxcui, brand }) => {
  const expectFound = (resources: unknown[], matchedBy: 'rxnorm' | 'name') => {
    const found = item(medsOf(chartOf(resources)).items, ingredient);
    expect(found.classes).toContain(classId);
    expect(found.matchedBy).toBe(matchedBy);
    expect(found.status).toBe('current');
  };

  it('is found by its ingredient RxCUI', () => {
    expectFound(
      [order('m1', { medicationCodeableConcept: { coding: [{ system: RXNORM, code: rxcui }] } })],
      'rxnorm',
    );
  });

  it('is found by its brand name in free text', () => {
    expectFound([order('m1', { medicationCodeableConcept: { text: `${brand} as directed` } })], 'name');
  });

  it('is found by a local code with a display', () => {
    const coding = {
      system: 'urn:oid:2.16.840.1',
      code: 'LOCAL-1',
      display: `${ingredient.toUpperCase()} 10 MG TAB`,
    };
    expectFound([order('m1', { medicationCodeableConcept: { coding: [coding] } })], 'name');
  });

  it('is found through a contained Medication', () => {
    const contained = [
      { resourceType: 'Medication', id: 'c1', code: { coding: [{ system: RXNORM, code: rxcui }] } },
    ];
    expectFound([order('m1', { medicationReference: { reference: '#c1' } }, { contained })], 'rxnorm');
  });

  it('is found through a Medication resource in the chart', () => {
    const medication = { resourceType: 'Medication', id: 'med1', code: { text: `${ingredient} oral` } };
    expectFound([medication, order('m1', { medicationReference: { reference: 'Medication/med1' } })], 'name');
  });
});

describe('product-level RxNorm codes', () => {
  it.each([
    ['328670', 'sertraline', 'ssri'],
    ['1049630', 'diphenhydramine', 'sedating-antihistamine'],
    ['1043400', 'doxylamine', 'sedating-antihistamine'],
    ['310325', 'ferrous sulfate', 'iron'],
  ])('maps product %s to %s (%s) without any display', (code, ingredient, classId) => {
    const items = medsOf(
      chartOf([order('m1', { medicationCodeableConcept: { coding: [{ system: RXNORM, code }] } })]),
    ).items;
    expect(item(items, ingredient)).toMatchObject({ matchedBy: 'rxnorm' });
    expect(item(items, ingredient).classes).toContain(classId);
  });

  it('ignores an RxNorm code under another code system', () => {
    const items = medsOf(
      chartOf([
        order('m1', { medicationCodeableConcept: { coding: [{ system: 'urn:oid:1.2', code: '328670' }] } }),
      ]),
    ).items;
    expect(items).toEqual([]);
  });
});

describe('name matching', () => {
  const namesIn = (text: string) =>
    medsOf(chartOf([order('m1', { medicationCodeableConcept: { text } })])).items.map((i) => i.ingredient);

  it('reads tall-man lettering (diphenhydrAMINE)', () => {
    expect(namesIn('diphenhydrAMINE Hydrochloride 25 MG Oral Tablet')).toEqual(['diphenhydramine']);
  });

  it('reads a loose display with the strength glued on (Sertraline 100MG)', () => {
    expect(namesIn('Sertraline 100MG')).toEqual(['sertraline']);
  });

  it('needs a whole word: "Promethazinex" and "lithiumlike" are not drugs', () => {
    expect(namesIn('Promethazinex lithiumlike')).toEqual([]);
  });

  it('finds every known ingredient of a combination product (perphenazine / amitriptyline)', () => {
    expect(namesIn('perphenazine 2 MG / amitriptyline hydrochloride 25 MG Oral Tablet').sort()).toEqual([
      'amitriptyline',
      'perphenazine',
    ]);
  });

  it('puts promethazine in both dopamine-antagonist and sedating-antihistamine classes', () => {
    const items = medsOf(
      chartOf([order('m1', { medicationCodeableConcept: { text: 'Phenergan 25 mg' } })]),
    ).items;
    expect(item(items, 'promethazine').classes).toEqual(['dopamine-antagonist', 'sedating-antihistamine']);
  });

  it('prefers gabapentin enacarbil over gabapentin for Horizant-type displays', () => {
    expect(namesIn('gabapentin enacarbil 600 MG Extended Release Oral Tablet')).toEqual([
      'gabapentin enacarbil',
    ]);
  });

  it('matches the medicationReference display when the Medication cannot be resolved', () => {
    const items = medsOf(
      chartOf([
        order('m1', { medicationReference: { reference: 'Medication/absent', display: 'Haldol 5 mg' } }),
      ]),
    ).items;
    expect(item(items, 'haloperidol').sources).toEqual(['MedicationRequest/m1']);
  });
});

describe('medication status (fixture medication-statuses.json)', () => {
  const items = medsOf(fixturePatient('medication-statuses.json', 'med-status')).items;

  it('merges a stopped statement and an active order of sertraline into one current item with both sources', () => {
    const sertraline = items.filter((i) => i.ingredient === 'sertraline');
    expect(sertraline).toHaveLength(1);
    expect(sertraline[0]).toMatchObject({ status: 'current', date: '2026-10-15', matchedBy: 'rxnorm' });
    expect(sertraline[0]?.sources).toEqual([
      'MedicationStatement/sertraline-statement-stopped',
      'MedicationRequest/sertraline-order-active',
    ]);
  });

  it('calls an order stopped within 90 days recent', () => {
    expect(item(items, 'amitriptyline').status).toBe('recent');
  });

  it('calls a statement completed years ago past', () => {
    expect(item(items, 'citalopram')).toMatchObject({ status: 'past', date: '2021-01-01' });
  });

  it('never counts entered-in-error, cancelled, draft or not-taken', () => {
    const names = items.map((i) => i.ingredient);
    for (const ignored of ['olanzapine', 'risperidone', 'paroxetine', 'hydroxyzine'])
      expect(names).not.toContain(ignored);
  });

  it('treats an order with status unknown as past, never current', () => {
    expect(item(items, 'duloxetine').status).toBe('past');
  });

  it('dates a stopped statement by the end of its effective period', () => {
    const statement = {
      resourceType: 'MedicationStatement',
      id: 's1',
      status: 'stopped',
      subject: { reference: 'Patient/p1' },
      medicationCodeableConcept: { text: 'Elavil 25 mg' },
      effectivePeriod: { start: '2024-01-01', end: '2026-10-20' },
    };
    expect(item(medsOf(chartOf([statement])).items, 'amitriptyline')).toMatchObject({
      status: 'recent',
      date: '2026-10-20',
    });
  });

  it.each([
    ['2026-08-27T12:00:00Z', 'recent'],
    ['2026-08-26T12:00:00Z', 'past'],
  ])('calls an order stopped on %s (90 days is the edge) %s', (authoredOn, status) => {
    const stopped = order(
      'm1',
      { medicationCodeableConcept: { text: 'Celexa 20 mg' } },
      { status: 'stopped', authoredOn },
    );
    expect(item(medsOf(chartOf([stopped])).items, 'citalopram').status).toBe(status);
  });

  it('treats an on-hold statement as current', () => {
    expect(item(items, 'venlafaxine').status).toBe('current');
  });
});

describe('merging several entries of one drug', () => {
  const celexa = (id: string, display: string, authoredOn?: string) =>
    order(id, { medicationCodeableConcept: { text: display } }, { authoredOn });

  it('keeps the first listed of equal dates, citing every entry in chart order', () => {
    const merged = item(
      medsOf(
        chartOf([
          celexa('m1', 'Celexa 20 mg', '2026-10-01'),
          celexa('m2', 'Celexa 40 mg', '2026-10-01T00:00:00Z'),
        ]),
      ).items,
      'citalopram',
    );
    expect(merged).toMatchObject({ display: 'Celexa 20 mg', date: '2026-10-01' });
    expect(merged.sources).toEqual(['MedicationRequest/m1', 'MedicationRequest/m2']);
  });

  it('never lets an undated entry displace a dated one of the same status, listed before or after', () => {
    const chart = chartOf([
      celexa('m1', 'Celexa 10 mg'),
      celexa('m2', 'Celexa 20 mg', '2026-09-01'),
      celexa('m3', 'Celexa 40 mg'),
    ]);
    expect(item(medsOf(chart).items, 'citalopram')).toMatchObject({
      display: 'Celexa 20 mg',
      date: '2026-09-01',
    });
  });

  it('takes a newer entry of the same status, and a stronger status whatever its date', () => {
    const chart = chartOf([
      celexa('m1', 'Celexa 10 mg', '2026-09-01'),
      { ...celexa('m2', 'Celexa 20 mg', '2026-11-01'), status: 'stopped' },
      celexa('m3', 'Celexa 40 mg', '2026-10-01'),
    ]);
    expect(item(medsOf(chart).items, 'citalopram')).toMatchObject({
      status: 'current',
      display: 'Celexa 40 mg',
      date: '2026-10-01',
    });
  });
});

describe('medication search completeness', () => {
  const sertraline = order('m1', { medicationCodeableConcept: { text: 'sertraline 50 mg' } });
  const searchWith = (queries: Parameters<typeof withQueries>[0]) =>
    medsOf(chartOf([sertraline], withQueries(queries))).search;

  it('is complete when every order and statement search succeeded', () => {
    expect(searchWith({})).toBe('complete');
  });

  it('stays complete when the EHR does not support MedicationStatement (Oracle Health)', () => {
    expect(searchWith({ MedicationStatement: ['unsupported'] })).toBe('complete');
  });

  it('is partial when one of two MedicationRequest searches failed', () => {
    expect(searchWith({ MedicationRequest: ['ok', 'failed'] })).toBe('partial');
  });

  it('is partial when the statement search was forbidden', () => {
    expect(searchWith({ MedicationStatement: ['forbidden'] })).toBe('partial');
  });

  it('is partial when a Medication read failed', () => {
    expect(searchWith({ Medication: ['failed'] })).toBe('partial');
  });

  it('is unavailable when neither orders nor statements could be read', () => {
    expect(searchWith({ MedicationRequest: ['forbidden'], MedicationStatement: ['unsupported'] })).toBe(
      'unavailable',
    );
  });
});
