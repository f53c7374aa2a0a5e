import { describe, expect, it } from 'vitest';
import type { QueryOutcome } from '@/lib/contracts/chart-snapshot';
import type { MedicationFeature } from '@/lib/contracts/feature-model';
import { medicationSearchCompleteness } from '@/lib/features/completeness';
import { deriveFeatures } from '@/lib/features/derive-features';
import { allOk, chartOf, now } from './chart-fixtures';

// Clinical spec §2 revision 2: doses given (MedicationAdministration), long-acting injectables,
// routes, ATC codes and old active orders. now = 2026-11-25.

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ATC = 'http://www.whocc.no/atc';
const SNOMED = 'http://snomed.info/sct';

function items(resources: unknown[]): MedicationFeature[] {
  return deriveFeatures(chartOf(resources), { now }).medications.items;
}

function dose(id: string, text: string, status: string, when: string, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'MedicationAdministration',
    id,
    status,
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: when,
    medicationCodeableConcept: { text },
    ...extra,
  };
}

function order(id: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    authoredOn: '2026-10-01',
    medicationCodeableConcept: { text },
    ...extra,
  };
}

describe('doses given (MedicationAdministration)', () => {
  it.each([
    ['completed three days ago', 'completed', '2026-11-22T10:00:00Z', 'recent'],
    ['completed 100 days ago', 'completed', '2026-08-17T10:00:00Z', 'past'],
    ['an infusion running now', 'in-progress', '2026-11-25T08:00:00Z', 'current'],
    ['paused', 'on-hold', '2026-11-25T08:00:00Z', 'current'],
    ['stopped yesterday', 'stopped', '2026-11-24T10:00:00Z', 'recent'],
    ['of unknown status', 'unknown', '2026-11-24T10:00:00Z', 'past'],
  ] as const)('a metoclopramide dose %s is %s', (_story, status, when, expected) => {
    const [item] = items([dose('a1', 'metoclopramide 10 mg IV', status, when)]);
    expect(item).toMatchObject({ ingredient: 'metoclopramide', status: expected, basis: 'administration' });
  });

  it.each(['not-done', 'entered-in-error'])('never counts a %s dose', (status) => {
    expect(items([dose('a1', 'droperidol 0.625 mg IV', status, '2026-11-24T10:00:00Z')])).toEqual([]);
  });

  it('dates a dose given over a period by its end, and counts the days since it', () => {
    const [item] = items([
      {
        ...dose('a1', 'promethazine 25 mg in 50 mL NS', 'completed', '2026-11-20T10:00:00Z'),
        effectiveDateTime: undefined,
        effectivePeriod: { start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:30:00Z' },
      },
    ]);
    expect(item).toMatchObject({ status: 'recent', date: '2026-11-20T10:30:00Z', daysAgo: 5 });
  });
});

describe('long-acting injectables', () => {
  it.each([
    // [story, product text, dose date, status, covered until]
    ['Sustenna 3 weeks ago', 'Invega Sustenna 156 mg IM', '2026-11-04', 'current', '2026-12-09'],
    ['Sustenna 6 weeks ago (missed dose)', 'Invega Sustenna 156 mg IM', '2026-10-14', 'recent', undefined],
    [
      'Trinza 3 months ago (3-monthly)',
      'paliperidone palmitate 546 MG [Invega Trinza]',
      '2026-08-25',
      'current',
      '2026-12-25',
    ],
    [
      'Hafyera 6 months ago (6-monthly)',
      'paliperidone palmitate 1560 MG [Invega Hafyera]',
      '2026-05-25',
      'current',
      '2026-12-25',
    ],
    ['Hafyera 9 months ago', 'Invega Hafyera 1560 mg', '2026-02-20', 'recent', undefined],
    [
      'haloperidol decanoate 4 weeks ago',
      'haloperidol decanoate 100 MG/ML',
      '2026-10-28',
      'current',
      '2026-12-02',
    ],
    ['Abilify Maintena 2 weeks ago', 'Abilify Maintena 400 mg', '2026-11-11', 'current', '2026-12-16'],
    ['Aristada 2 weeks ago', 'Aristada 882 mg IM', '2026-11-11', 'current', '2026-12-16'],
    ['Uzedy 2 weeks ago', 'Uzedy 100 mg SC', '2026-11-11', 'current', '2026-12-16'],
    ['Perseris 2 weeks ago', 'Perseris 90 mg SC', '2026-11-11', 'current', '2026-12-16'],
    [
      'a plain haloperidol lactate dose 2 weeks ago',
      'haloperidol lactate 5 mg IM',
      '2026-11-11',
      'recent',
      undefined,
    ],
  ] as const)('%s: %s', (_story, text, when, status, until) => {
    const [item] = items([dose('a1', text, 'completed', `${when}T10:00:00Z`)]);
    expect(item?.status).toBe(status);
    expect(item?.longActingUntil).toBe(until);
  });

  it('a long-acting injection that is current outranks an older active oral order of the same drug', () => {
    const [item] = items([
      order('o1', 'risperidone 2 mg tablet', { authoredOn: '2023-01-05' }),
      dose('a1', 'Perseris 90 mg SC', 'completed', '2026-11-11T10:00:00Z'),
    ]);
    expect(item).toMatchObject({ status: 'current', basis: 'administration', longActingUntil: '2026-12-16' });
    expect(item?.oldActiveOrder).toBeUndefined();
  });
});

describe('routes: topical, ophthalmic, otic and nasal uses are not flagged', () => {
  const route = (code: string | null, text: string) => ({
    dosageInstruction: [{ route: { ...(code ? { coding: [{ system: SNOMED, code }] } : {}), text } }],
  });
  it.each([
    ['the SNOMED topical route', order('o1', 'doxepin 5% cream', route('6064005', 'Topical'))],
    ['the SNOMED otic route', order('o1', 'diphenhydramine drops', route('10547007', 'Otic'))],
    ['route text "Both Eyes"', order('o1', 'pheniramine / naphazoline', route(null, 'Both Eyes'))],
    ['route text "Each Nostril"', order('o1', 'chlorpheniramine spray', route(null, 'Each Nostril'))],
    ['the product name "Topical Cream"', order('o1', 'diphenhydrAMINE Hydrochloride 20 MG/ML Topical Cream')],
    [
      'the product name "Ophthalmic Solution"',
      order('o1', 'pheniramine 0.3% / naphazoline Ophthalmic Solution'),
    ],
    ['the product name "Nasal Spray"', order('o1', 'chlorpheniramine 0.4 mg Nasal Spray')],
    ['the product name "Otic"', order('o1', 'diphenhydramine otic drops')],
  ])('not by %s', (_story, resource) => {
    expect(items([resource]).filter((i) => i.role === 'offending')).toEqual([]);
  });

  it.each([
    ['an oral route beats a cream in the name', order('o1', 'doxepin cream', route('26643006', 'Oral'))],
    ['"Oral" in the name wins over nothing else', order('o1', 'doxepin 10 MG Oral Capsule')],
    ['a rectal suppository', order('o1', 'promethazine 25 MG Rectal Suppository')],
    ['a transdermal route is systemic', order('o1', 'doxepin', route(null, 'Transdermal'))],
    [
      '"Nasal Decongestant" is an oral tablet',
      order('o1', 'chlorpheniramine / phenylephrine Nasal Decongestant'),
    ],
    ['no route, form or dose-form word', order('o1', 'Benadryl')],
  ])('flagged: %s', (_story, resource) => {
    expect(items([resource]).filter((i) => i.role === 'offending')).toHaveLength(1);
  });

  it("reads the Medication's form when the order references one", () => {
    const medication = {
      resourceType: 'Medication',
      id: 'm1',
      code: { text: 'doxepin hydrochloride 5%' },
      form: { text: 'Cream' },
    };
    expect(
      items([
        medication,
        order('o1', '', {
          medicationCodeableConcept: undefined,
          medicationReference: { reference: 'Medication/m1' },
        }),
      ]),
    ).toEqual([]);
  });

  it('reads the route of a dose given', () => {
    const cream = dose('a1', 'diphenhydramine 2% cream', 'completed', '2026-11-24T10:00:00Z', {
      dosage: { route: { text: 'Topical' } },
    });
    expect(items([cream])).toEqual([]);
  });
});

describe('ATC codes', () => {
  const atc = (code: string, display?: string) =>
    order('o1', '', {
      medicationCodeableConcept: { coding: [{ system: ATC, code, ...(display ? { display } : {}) }] },
    });
  it.each([
    ['N06AB06', 'ssri', 'sertraline'],
    ['N06AA17', 'tca', 'amoxapine'],
    ['N05AN01', 'lithium', 'lithium'],
    ['N05AX15', 'dopamine-antagonist', 'cariprazine'],
    ['N06AB02', 'ssri', 'atc n06ab02'],
  ])('%s is %s (%s)', (code, cls, ingredient) => {
    const [item] = items([atc(code)]);
    expect(item).toMatchObject({ classes: expect.arrayContaining([cls]), matchedBy: 'atc' });
    expect(item?.ingredient.toLowerCase()).toBe(ingredient);
  });

  it.each([
    ['N05AH02', 'clozapine: debatable, not flagged without a source'],
    ['N05AK01', 'tardive-dyskinesia group (dopamine depleters)'],
    ['R06AE07', 'cetirizine: R06A holds non-sedating antihistamines'],
    ['N05A', 'a class code names no drug'],
    ['N06AX12', 'bupropion: neutral'],
  ])('does not flag %s (%s)', (code) => {
    expect(items([atc(code)])).toEqual([]);
  });

  it('names a class member the tables do not list by its display', () => {
    expect(items([atc('N05AF05', 'Zuclopenthixol')])[0]?.ingredient).toBe('zuclopenthixol');
  });

  it('prefers RxNorm over ATC over a name for matchedBy', () => {
    const [item] = items([
      order('o1', '', {
        medicationCodeableConcept: {
          coding: [
            { system: ATC, code: 'N06AB06' },
            { system: RXNORM, code: '36437' },
          ],
          text: 'sertraline 50 mg',
        },
      }),
    ]);
    expect(item?.matchedBy).toBe('rxnorm');
  });
});

describe('old active orders', () => {
  it('marks a current drug resting only on an order older than 2 years, with nothing newer', () => {
    const [item] = items([order('o1', 'quetiapine 25 mg', { authoredOn: '2021-03-01' })]);
    expect(item?.oldActiveOrder).toEqual({ since: '2021-03-01', years: 5 });
  });

  it.each([
    ['an order written 23 months ago', [order('o1', 'quetiapine 25 mg', { authoredOn: '2024-12-25' })]],
    ['an undated order', [order('o1', 'quetiapine 25 mg', { authoredOn: undefined })]],
    [
      'a newer completed order of the same drug',
      [
        order('o1', 'quetiapine 25 mg', { authoredOn: '2019-01-01' }),
        order('o2', 'quetiapine 50 mg', { authoredOn: '2026-03-01', status: 'completed' }),
      ],
    ],
    [
      'a newer dose given',
      [
        order('o1', 'quetiapine 25 mg', { authoredOn: '2019-01-01' }),
        dose('a1', 'quetiapine 25 mg tablet', 'completed', '2026-10-01T21:00:00Z'),
      ],
    ],
    [
      'an active statement',
      [
        order('o1', 'quetiapine 25 mg', { authoredOn: '2019-01-01' }),
        {
          resourceType: 'MedicationStatement',
          id: 's1',
          status: 'active',
          subject: { reference: 'Patient/p1' },
          medicationCodeableConcept: { text: 'quetiapine' },
        },
      ],
    ],
  ])('no marker with %s', (_story, resources) => {
    expect(items(resources)[0]?.oldActiveOrder).toBeUndefined();
  });
});

describe('completeness with MedicationAdministration', () => {
  const base = allOk.filter((q) => q.resourceType !== 'MedicationAdministration');
  const with_ = (status: QueryOutcome['status']): QueryOutcome[] => [
    ...base,
    { resourceType: 'MedicationAdministration', status, label: 'MedicationAdministration search' },
  ];
  it.each([
    ['ok', 'complete'],
    ['unsupported', 'complete'],
    ['forbidden', 'partial'],
    ['failed', 'partial'],
    ['truncated', 'partial'],
  ] as const)('an administration search that is %s leaves the medication search %s', (status, expected) => {
    expect(medicationSearchCompleteness(with_(status))).toBe(expected);
  });
});
