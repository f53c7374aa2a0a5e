import { describe, expect, it } from 'vitest';
import type { IronFeature } from '@/lib/contracts/feature-model';
import { deriveFeatures } from '@/lib/features/derive-features';
import { buildChartSnapshot } from '@/lib/fhir/parse-chart';
import { ironReason, ironRecommendation } from '@/lib/knowledge/iron-texts';
import { allOk, chartOf, now } from './chart-fixtures';

// The iron facts on the shapes real lab feeds send (clinical spec §3): TSAT under either LOINC code
// in percent or as a fraction, TSAT calculated from iron and TIBC of the same day, ferritin as text,
// a newer unreadable ferritin, ESRD and children's thresholds, the AGA prompt.

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const codes = {
  ferritin: '2276-4',
  tsatMass: '2502-3',
  tsatMolar: '14801-5',
  iron: '2498-4',
  tibc: '2500-7',
};

type Value = { valueQuantity: Record<string, unknown> } | { valueString: string } | Record<string, never>;

function lab(
  id: string,
  code: string,
  value: Value,
  date = '2026-10-01',
  extra: Record<string, unknown> = {},
) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: date,
    ...value,
    ...extra,
  };
}

const qty = (value: number, unit: string, code = unit): Value => ({
  valueQuantity: { value, unit, system: UCUM, code },
});

const ironOf = (resources: unknown[]): IronFeature => deriveFeatures(chartOf(resources), { now }).iron;

describe('transferrin saturation as labs send it', () => {
  it.each([
    ['14801-5 in %', codes.tsatMolar, qty(14, '%'), 14],
    ['2502-3 in %{saturation}', codes.tsatMass, qty(14, '%{saturation}'), 14],
    [
      '14801-5 with the text unit "% sat" and no code',
      codes.tsatMolar,
      { valueQuantity: { value: 14, unit: '% sat' } },
      14,
    ],
    ['14801-5 as a fraction 0.14 in UCUM "1"', codes.tsatMolar, qty(0.14, '1'), 14],
    ['14801-5 as text "14 %"', codes.tsatMolar, { valueString: '14 %' }, 14],
  ] as const)(
    'reads TSAT %s as %s percent: a normal ferritin is borderline by TSAT',
    (_label, code, value, percent) => {
      const iron = ironOf([lab('f1', codes.ferritin, qty(120, 'ng/mL')), lab('t1', code, value)]);
      expect(iron).toMatchObject({ status: 'borderline', decidedBy: 'tsat-below', tsatState: 'below' });
      expect(iron.transferrinSaturation?.percent).toBeCloseTo(percent, 6);
      expect(iron.sources).toEqual(['Observation/f1', 'Observation/t1']);
    },
  );

  it.each([
    ['an unknown unit', qty(14, 'mg'), { id: 'unknown-unit', unit: 'mg' }],
    ['no unit', { valueQuantity: { value: 14 } }, { id: 'no-unit' }],
    ['a "fraction" above 1', qty(18, '1'), { id: 'not-a-fraction', value: 18, unit: '1' }],
  ] as const)(
    'reports a TSAT with %s instead of guessing, and never says it is not below 20%%',
    (_l, value, problem) => {
      const iron = ironOf([lab('f1', codes.ferritin, qty(120, 'ng/mL')), lab('t1', codes.tsatMolar, value)]);
      expect(iron).toMatchObject({ status: 'normal', tsatState: 'unreadable' });
      expect(iron.transferrinSaturation?.problem).toEqual(problem);
      expect(ironRecommendation(iron).recommendation).not.toMatch(/TSAT not below/);
      expect(ironReason(iron)).toMatch(/could not be read/);
    },
  );

  it('calculates TSAT from iron and TIBC of the same day (µg/dL) and says so', () => {
    const iron = ironOf([
      lab('f1', codes.ferritin, qty(95, 'ng/mL')),
      lab('i1', codes.iron, qty(45, 'ug/dL'), '2026-10-01T07:40:00Z'),
      lab('b1', codes.tibc, qty(410, 'ug/dL'), '2026-10-01T07:40:00Z'),
    ]);
    expect(iron).toMatchObject({ status: 'borderline', decidedBy: 'tsat-below' });
    expect(iron.transferrinSaturation?.percent).toBeCloseTo((45 / 410) * 100, 6);
    expect(iron.transferrinSaturation?.calculatedFrom).toMatchObject({
      iron: { value: 45, sources: ['Observation/i1'] },
      tibc: { value: 410, sources: ['Observation/b1'] },
    });
    expect(iron.sources).toEqual(['Observation/f1', 'Observation/i1', 'Observation/b1']);
    expect(ironReason(iron)).toMatch(/calculated from serum iron 45 ug\/dL and TIBC 410 ug\/dL/);
  });

  it('calculates TSAT from molar units (µmol/L) and from µg/L against µg/dL of one kind', () => {
    const molar = ironOf([
      lab('i1', codes.iron, qty(20, 'umol/L')),
      lab('b1', codes.tibc, qty(60, 'umol/L')),
    ]);
    expect(molar.transferrinSaturation?.percent).toBeCloseTo(33.33, 1);
    const mixedMass = ironOf([
      lab('i1', codes.iron, qty(600, 'ug/L')),
      lab('b1', codes.tibc, qty(300, 'ug/dL')),
    ]);
    expect(mixedMass.transferrinSaturation?.percent).toBeCloseTo(20, 6);
  });

  it('does not calculate across units of different kinds, nor across days', () => {
    const kinds = ironOf([lab('i1', codes.iron, qty(45, 'ug/dL')), lab('b1', codes.tibc, qty(60, 'umol/L'))]);
    expect(kinds.transferrinSaturation?.problem).toEqual({
      id: 'units-differ',
      ironUnit: 'ug/dL',
      tibcUnit: 'umol/L',
    });
    expect(kinds.tsatState).toBe('unreadable');
    const days = ironOf([
      lab('i1', codes.iron, qty(45, 'ug/dL'), '2026-10-01'),
      lab('b1', codes.tibc, qty(410, 'ug/dL'), '2026-10-02'),
    ]);
    expect(days.transferrinSaturation).toBeNull();
  });

  it('prefers a measured TSAT of the same day, and a newer calculated one over an older measured one', () => {
    const sameDay = ironOf([
      lab('t1', codes.tsatMolar, qty(30, '%'), '2026-10-01'),
      lab('i1', codes.iron, qty(45, 'ug/dL'), '2026-10-01'),
      lab('b1', codes.tibc, qty(410, 'ug/dL'), '2026-10-01'),
    ]);
    expect(sameDay.transferrinSaturation).toMatchObject({ percent: 30, calculatedFrom: null });
    const newer = ironOf([
      lab('t1', codes.tsatMolar, qty(30, '%'), '2026-03-01'),
      lab('i1', codes.iron, qty(45, 'ug/dL'), '2026-10-01'),
      lab('b1', codes.tibc, qty(410, 'ug/dL'), '2026-10-01'),
    ]);
    expect(newer.transferrinSaturation?.sources).toEqual(['Observation/i1', 'Observation/b1']);
  });

  it('does not use a TSAT older than 12 months, and says it is old', () => {
    const iron = ironOf([
      lab('f1', codes.ferritin, qty(120, 'ng/mL')),
      lab('t1', codes.tsatMolar, qty(12, '%'), '2025-06-01'),
    ]);
    expect(iron).toMatchObject({
      status: 'normal',
      tsatState: 'stale',
      decidedBy: 'ferritin-above-borderline',
    });
    expect(ironReason(iron)).toMatch(/older than 12 months/);
  });

  it('makes iron therapy indicated by a low TSAT even with no ferritin on file, and asks for a ferritin', () => {
    const iron = ironOf([lab('t1', codes.tsatMolar, qty(12, '%'))]);
    expect(iron).toMatchObject({ status: 'borderline', decidedBy: 'tsat-below', ferritinState: 'none' });
    expect(ironRecommendation(iron).recommendation).toMatch(/Order serum ferritin as well: none is on file/);
  });

  it('says a normal ferritin has no TSAT on file rather than claiming it is not below 20%', () => {
    const iron = ironOf([lab('f1', codes.ferritin, qty(120, 'ng/mL'))]);
    expect(iron).toMatchObject({ status: 'normal', tsatState: 'none' });
    expect(ironRecommendation(iron).recommendation).toMatch(/no current TSAT is on file: AASM 2024 tests/);
  });
});

describe('ferritin as text, and a newer result that cannot be read', () => {
  it.each([
    ['<15', { valueString: '<15' }, { referenceRange: [{ low: { value: 30, unit: 'ng/mL' } }] }, 15, '<'],
    ['< 10 ng/mL', { valueString: '< 10 ng/mL' }, {}, 10, '<'],
    ['12 ng/mL', { valueString: '12 ng/mL' }, {}, 12, null],
    [
      '12 with its unit in the reference range',
      { valueString: '12' },
      { referenceRange: [{ low: { value: 24, unit: 'ug/L' }, high: { value: 336, unit: 'ug/L' } }] },
      12,
      null,
    ],
    ['≤ 8 µg/L', { valueString: '≤ 8 µg/L' }, {}, 8, '<='],
  ] as const)(
    'reads "%s" newer than a high numeric ferritin: low, comparator kept',
    (_l, value, extra, ng, comparator) => {
      const iron = ironOf([
        lab('old', codes.ferritin, qty(300, 'ng/mL'), '2026-05-01'),
        lab('new', codes.ferritin, value, '2026-10-01', extra),
      ]);
      expect(iron).toMatchObject({
        status: 'low',
        decidedBy: 'ferritin-below-low',
        sources: ['Observation/new'],
      });
      expect(iron.latest).toMatchObject({ ngPerMl: ng, comparator });
      expect(iron.latest?.text).toBe('valueString' in value ? value.valueString : null);
    },
  );

  it.each([
    [
      'text that is no number',
      { valueString: 'see comment' },
      {},
      { id: 'unreadable-text', text: 'see comment' },
    ],
    ['a number without any unit', { valueString: '12' }, {}, { id: 'no-unit' }],
    [
      'a comma that could be decimal or thousands',
      { valueString: '1,200 ng/mL' },
      {},
      { id: 'unreadable-text', text: '1,200 ng/mL' },
    ],
    ['a unit nobody converts', qty(3, 'mg/dL'), {}, { id: 'unknown-unit', unit: 'mg/dL' }],
    [
      'no value (result pending)',
      {},
      { status: 'registered' },
      { id: 'no-value', observationStatus: 'registered', absentReason: null },
    ],
    [
      'a data-absent reason',
      {},
      { dataAbsentReason: { coding: [{ code: 'error' }] } },
      { id: 'no-value', observationStatus: 'final', absentReason: 'error' },
    ],
  ] as const)(
    'makes the status unknown for a newer ferritin with %s, never the older value',
    (_l, value, extra, problem) => {
      const iron = ironOf([
        lab('old', codes.ferritin, qty(30, 'ng/mL'), '2026-05-01'),
        lab('new', codes.ferritin, value, '2026-10-01', extra),
      ]);
      expect(iron).toMatchObject({
        status: 'unknown',
        decidedBy: 'newest-ferritin-unreadable',
        ferritinState: 'unreadable',
      });
      expect(iron.latest?.problem).toEqual(problem);
      expect(iron.olderReadable?.sources).toEqual(['Observation/old']);
      expect(iron.sources).toEqual(['Observation/new', 'Observation/old']);
      expect(ironReason(iron)).toMatch(
        /An older result \(ferritin 30 ng\/mL on 2026-05-01\) is not used as the latest/,
      );
    },
  );
});

describe('threshold sets: ESRD and children', () => {
  const esrd = {
    resourceType: 'Condition',
    id: 'esrd',
    subject: { reference: 'Patient/p1' },
    clinicalStatus: { coding: [{ code: 'active' }] },
    category: [{ coding: [{ code: 'problem-list-item' }] }],
    code: {
      coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z99.2' }],
      text: 'Dependence on renal dialysis',
    },
  };

  it.each([
    [180, 18, 'borderline', 'esrd-ferritin-and-tsat-below'],
    [180, null, 'borderline', 'esrd-tsat-needed'],
    [250, 10, 'normal', 'esrd-ferritin-not-below'],
    [180, 25, 'normal', 'esrd-tsat-not-below'],
    [40, 25, 'low', 'ferritin-below-low'],
  ] as const)('ESRD: ferritin %s ng/mL with TSAT %s%% is %s (%s)', (ferritin, tsat, status, decidedBy) => {
    const iron = ironOf([
      esrd,
      lab('f1', codes.ferritin, qty(ferritin, 'ng/mL')),
      ...(tsat === null ? [] : [lab('t1', codes.tsatMolar, qty(tsat, '%'))]),
    ]);
    expect(iron).toMatchObject({
      status,
      decidedBy,
      thresholds: { set: 'esrd', sources: ['Condition/esrd'] },
    });
  });

  function childChart(birthDate: string, resources: unknown[]) {
    return buildChartSnapshot({
      patientReference: 'Patient/p1',
      resources: [{ resourceType: 'Patient', id: 'p1', gender: 'male', birthDate }, ...resources],
      queries: allOk,
    });
  }

  it.each([
    [40, null, 'low', 'ferritin-below-low'],
    [60, null, 'normal', 'child-ferritin-not-low'],
    [90, 10, 'normal', 'child-ferritin-not-low'],
  ] as const)(
    'a 13-year-old with ferritin %s ng/mL (TSAT %s) is %s: the paediatric threshold only',
    (ferritin, tsat, status, decidedBy) => {
      const chart = childChart('2013-06-01', [
        lab('f1', codes.ferritin, qty(ferritin, 'ng/mL')),
        ...(tsat === null ? [] : [lab('t1', codes.tsatMolar, qty(tsat, '%'))]),
      ]);
      const iron = deriveFeatures(chart, { now }).iron;
      expect(iron).toMatchObject({
        status,
        decidedBy,
        thresholds: { set: 'child', ageYears: 13, sources: ['Patient/p1'] },
      });
      expect(ironReason(iron)).toMatch(/adult AASM 2024 thresholds do not apply/);
    },
  );

  it('uses the adult thresholds from the 18th birthday', () => {
    const chart = childChart('2008-11-25', [lab('f1', codes.ferritin, qty(60, 'ng/mL'))]);
    expect(deriveFeatures(chart, { now }).iron).toMatchObject({
      status: 'borderline',
      thresholds: { set: 'adult' },
    });
  });
});

describe('the AGA 2020 prompt', () => {
  it.each([
    [44, ['iron-deficiency-cause']],
    [45, []],
  ] as const)('ferritin %s ng/mL gives prompts %j', (value, prompts) => {
    expect(ironOf([lab('f1', codes.ferritin, qty(value, 'ng/mL'))]).prompts).toEqual(prompts);
  });

  it('keeps the bound of "<45": the prompt applies', () => {
    expect(ironOf([lab('f1', codes.ferritin, { valueString: '<45 ng/mL' })]).prompts).toEqual([
      'iron-deficiency-cause',
    ]);
  });

  it('is not given for a stale low ferritin (the value is out of date)', () => {
    expect(ironOf([lab('f1', codes.ferritin, qty(20, 'ng/mL'), '2024-01-01')]).prompts).toEqual([]);
  });
});
