import { describe, expect, it } from 'vitest';
import { deriveFeatures } from '@/lib/features/derive-features';
import { chartOf, now } from './chart-fixtures';

// Which reading is "the latest": newest date first, an undated reading after every dated one, and
// among equal dates (a partial date reads as its first day) the one listed first in the chart.
// Only ferritin keeps every reading (newest first); the other labs keep only their latest.

const LOINC = 'http://loinc.org';
const code = { ferritin: '2276-4', tsat: '2502-3', egfr: '33914-3', hba1c: '4548-4' } as const;

function obs(id: string, lab: keyof typeof code, value: number, unit: string, date?: string) {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: LOINC, code: code[lab] }] },
    subject: { reference: 'Patient/p1' },
    valueQuantity: { value, unit },
    ...(date ? { effectiveDateTime: date } : {}),
  };
}

const modelOf = (resources: unknown[]) => deriveFeatures(chartOf(resources), { now });

describe('the latest reading of a lab', () => {
  it('is the newest, wherever it is listed', () => {
    const labs = modelOf([
      obs('e1', 'egfr', 55, 'mL/min', '2025-01-01'),
      obs('e2', 'egfr', 41, 'mL/min', '2026-05-01'),
      obs('e3', 'egfr', 60, 'mL/min', '2024-01-01'),
    ]).labs;
    expect(labs.egfr).toMatchObject({ value: 41, sources: ['Observation/e2'], date: '2026-05-01' });
  });

  it('among equal dates is the one listed first, also when a partial date reads as the same day', () => {
    const labs = modelOf([
      obs('e1', 'egfr', 55, 'mL/min', '2026-01-01'),
      obs('e2', 'egfr', 41, 'mL/min', '2026'),
      obs('e3', 'egfr', 38, 'mL/min', '2026-01-01T00:00:00Z'),
    ]).labs;
    expect(labs.egfr?.sources).toEqual(['Observation/e1']);
  });

  it('is never an undated reading while a dated one exists, listed before or after', () => {
    const labs = modelOf([
      obs('a1', 'hba1c', 9.9, '%'),
      obs('a2', 'hba1c', 7.1, '%', '2019-03-01'),
      obs('a3', 'hba1c', 8.0, '%'),
    ]).labs;
    expect(labs.hba1c).toMatchObject({ value: 7.1, sources: ['Observation/a2'] });
  });

  it('is the first listed when none is dated', () => {
    const labs = modelOf([obs('a1', 'hba1c', 9.9, '%'), obs('a2', 'hba1c', 7.1, '%')]).labs;
    expect(labs.hba1c).toMatchObject({ value: 9.9, sources: ['Observation/a1'], date: null });
  });

  it('skips a newer reading entered in error or without a numeric value', () => {
    const labs = modelOf([
      obs('e1', 'egfr', 55, 'mL/min', '2025-01-01'),
      { ...obs('e2', 'egfr', 41, 'mL/min', '2026-05-01'), status: 'entered-in-error' },
      { ...obs('e3', 'egfr', 41, 'mL/min', '2026-06-01'), valueQuantity: { unit: 'mL/min' } },
    ]).labs;
    expect(labs.egfr?.sources).toEqual(['Observation/e1']);
  });

  it('lists the labs in the order they first appear in the chart', () => {
    const labs = modelOf([
      obs('a1', 'hba1c', 7.1, '%', '2025-01-01'),
      obs('f1', 'ferritin', 40, 'ng/mL', '2025-01-01'),
      obs('e1', 'egfr', 55, 'mL/min', '2025-01-01'),
      obs('a2', 'hba1c', 7.4, '%', '2026-01-01'),
    ]).labs;
    expect(Object.keys(labs)).toEqual(['hba1c', 'ferritin', 'egfr']);
  });

  it('decides with the latest transferrin saturation only', () => {
    const iron = modelOf([
      obs('t1', 'tsat', 15, '%', '2026-10-01'),
      obs('t2', 'tsat', 30, '%', '2026-11-01'),
      obs('f1', 'ferritin', 120, 'ng/mL', '2026-11-01'),
    ]).iron;
    expect(iron.transferrinSaturation?.sources).toEqual(['Observation/t2']);
    expect(iron).toMatchObject({ status: 'normal', tsatState: 'not-below' });
  });
});

describe('every ferritin reading', () => {
  it('is listed newest first, equal dates in chart order, undated last in chart order', () => {
    const iron = modelOf([
      obs('u1', 'ferritin', 10, 'ng/mL'),
      obs('f1', 'ferritin', 40, 'ng/mL', '2025-01-01'),
      obs('f2', 'ferritin', 45, 'ng/mL', '2026-03-01'),
      obs('u2', 'ferritin', 11, 'ng/mL'),
      obs('f3', 'ferritin', 50, 'ng/mL', '2026-03-01T00:00:00Z'),
      obs('f4', 'ferritin', 60, 'ng/mL', '2026-03'),
    ]).iron;
    expect(iron.results.map((r) => r.sources[0])).toEqual([
      'Observation/f2',
      'Observation/f3',
      'Observation/f4',
      'Observation/f1',
      'Observation/u1',
      'Observation/u2',
    ]);
    expect(iron.latest?.sources).toEqual(['Observation/f2']);
  });

  it('never lets an older value stand as the latest when the newest cannot be converted', () => {
    const model = modelOf([
      obs('f1', 'ferritin', 40, 'ng/mL', '2026-01-01'),
      obs('f2', 'ferritin', 3, 'mg/dL', '2026-06-01'),
    ]);
    expect(model.iron.results.map((r) => r.sources[0])).toEqual(['Observation/f2', 'Observation/f1']);
    expect(model.iron).toMatchObject({ status: 'unknown', decidedBy: 'newest-ferritin-unreadable' });
    expect(model.iron.olderReadable?.sources).toEqual(['Observation/f1']);
    expect(model.labs.ferritin).toBeUndefined();
  });

  it('gives the lab value in ng/mL from the newest, converted, in its own copy of the sources', () => {
    const model = modelOf([
      obs('f1', 'ferritin', 40, 'ng/mL', '2026-01-01'),
      obs('f2', 'ferritin', 135, 'pmol/L', '2026-06-01'),
    ]);
    expect(model.labs.ferritin).toMatchObject({ unit: 'ng/mL', sources: ['Observation/f2'] });
    expect(model.labs.ferritin?.value).toBeCloseTo(60.08, 1);
    expect(model.labs.ferritin?.sources).not.toBe(model.iron.latest?.sources);
  });
});
