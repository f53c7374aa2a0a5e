import { describe, expect, it } from 'vitest';
import { deriveFeatures } from '@/lib/features/derive-features';
import { ironReason } from '@/lib/knowledge/iron-texts';
import { chartOf, fixturePatient, now, withQueries } from './chart-fixtures';

const ironOf = (patientId: string) =>
  deriveFeatures(fixturePatient('ferritin-results.json', patientId), { now }).iron;

function ferritin(id: string, value: number, unit: string, date = '2026-09-01') {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '2276-4' }] },
    subject: { reference: 'Patient/p1' },
    valueQuantity: { value, unit },
    effectiveDateTime: date,
  };
}

describe('ferritin (fixture ferritin-results.json)', () => {
  it('calls ferritin 32 ng/mL low and cites the Observation', () => {
    const iron = ironOf('fe-ngml');
    expect(iron).toMatchObject({ status: 'low', sources: ['Observation/fe-ngml-1'], date: '2026-09-01' });
    expect(iron.latest?.ngPerMl).toBe(32);
    expect(iron.decidedBy).toBe('ferritin-below-low');
    expect(ironReason(iron)).toMatch(/32 ng\/mL.*below 50 ng\/mL/);
  });

  it('reads µg/L as ng/mL and finds LOINC on the second coding: 60 µg/L is borderline', () => {
    const iron = ironOf('fe-ugl');
    expect(iron.status).toBe('borderline');
    expect(iron.latest).toMatchObject({ ngPerMl: 60, original: { value: 60, unit: 'µg/L' } });
  });

  it('converts 337 pmol/L to 150 ng/mL: normal', () => {
    const iron = ironOf('fe-pmol');
    expect(iron.status).toBe('normal');
    expect(iron.latest?.ngPerMl).toBeCloseTo(150, 1);
    expect(ironReason(iron)).toContain('pmol/L');
  });

  it('keeps the bound of a "<10 ng/mL" result: low, comparator kept', () => {
    const iron = ironOf('fe-comparator');
    expect(iron.status).toBe('low');
    expect(iron.latest).toMatchObject({ ngPerMl: 10, comparator: '<' });
    expect(ironReason(iron)).toContain('< 10 ng/mL');
  });

  it('reports a ferritin in mg/dL as unreadable instead of guessing: unknown, not missing', () => {
    const iron = ironOf('fe-bad-unit');
    expect(iron).toMatchObject({ status: 'unknown', decidedBy: 'newest-ferritin-unreadable' });
    expect(iron.latest).toMatchObject({ ngPerMl: null, problem: { id: 'unknown-unit', unit: 'mg/dL' } });
    expect(iron.results).toHaveLength(1);
    expect(ironReason(iron)).toContain("unit 'mg/dL' cannot be converted to ng/mL");
  });

  it('calls a ferritin from January 2024 stale and says the window is a project default', () => {
    const iron = ironOf('fe-stale');
    expect(iron.status).toBe('stale');
    expect(ironReason(iron)).toContain('project default');
  });

  it('uses the newest result and skips an entered-in-error one', () => {
    const iron = ironOf('fe-latest');
    expect(iron.status).toBe('normal');
    expect(iron.latest?.sources).toEqual(['Observation/fe-latest-new']);
    expect(iron.results.map((r) => r.sources[0])).toEqual([
      'Observation/fe-latest-new',
      'Observation/fe-latest-old',
    ]);
  });

  it('calls a normal ferritin borderline when transferrin saturation is below 20%', () => {
    const iron = ironOf('fe-tsat');
    expect(iron.status).toBe('borderline');
    expect(iron.sources).toEqual(['Observation/fe-tsat-1', 'Observation/fe-tsat-2']);
    expect(iron.decidedBy).toBe('tsat-below');
    expect(iron.transferrinSaturation).toMatchObject({ percent: 15, original: { value: 15, unit: '%' } });
  });

  it('calls ferritin missing when the lab search succeeded and found none, keeping the hemoglobin', () => {
    const iron = ironOf('fe-none');
    expect(iron.status).toBe('missing');
    expect(iron.hemoglobin).toMatchObject({ value: 13.5, sources: ['Observation/hb-1'] });
    expect(iron.labsSearch).toBe('complete');
  });
});

describe('ferritin and data gaps', () => {
  it('says unknown, not missing, when the Observation search was forbidden', () => {
    const iron = deriveFeatures(chartOf([], withQueries({ Observation: ['forbidden'] })), { now }).iron;
    expect(iron.status).toBe('unknown');
    expect(iron.labsSearch).toBe('unavailable');
    expect(iron.searchGaps).toEqual(['HTTP 403']);
    expect(ironReason(iron)).toContain('HTTP 403');
  });

  it('says unknown when one of two Observation searches failed and no ferritin came back', () => {
    const iron = deriveFeatures(chartOf([], withQueries({ Observation: ['ok', 'failed'] })), { now }).iron;
    expect(iron).toMatchObject({ status: 'unknown', labsSearch: 'partial' });
  });

  it('still uses a ferritin that came back from a partially failed search', () => {
    const chart = chartOf([ferritin('f1', 20, 'ng/mL')], withQueries({ Observation: ['ok', 'truncated'] }));
    expect(deriveFeatures(chart, { now }).iron).toMatchObject({ status: 'low', labsSearch: 'partial' });
  });
});

describe('ferritin thresholds at their edges', () => {
  it.each([
    [49.9, 'low'],
    [50, 'borderline'],
    [75, 'borderline'],
    [75.1, 'normal'],
  ])('ferritin %s ng/mL is %s', (value, status) => {
    expect(deriveFeatures(chartOf([ferritin('f1', value, 'ng/mL')]), { now }).iron.status).toBe(status);
  });

  it.each(['UG/L', 'ng / mL', 'mcg/L', 'μg/L'])('reads the unit "%s" as ng/mL', (unit) => {
    expect(deriveFeatures(chartOf([ferritin('f1', 40, unit)]), { now }).iron.latest?.ngPerMl).toBe(40);
  });

  it('calls a ferritin exactly 12 months old current, and one a day older stale', () => {
    const statusOn = (date: string) =>
      deriveFeatures(chartOf([ferritin('f1', 40, 'ng/mL', date)]), { now: new Date('2026-11-25T00:00:00Z') })
        .iron.status;
    expect(statusOn('2025-11-25')).toBe('low');
    expect(statusOn('2025-11-24')).toBe('stale');
  });

  it('reports a ferritin without a unit rather than assuming ng/mL', () => {
    const chart = chartOf([{ ...ferritin('f1', 40, ''), valueQuantity: { value: 40 } }]);
    const iron = deriveFeatures(chart, { now }).iron;
    expect(iron.status).toBe('unknown');
    expect(iron.results[0]?.problem).toEqual({ id: 'no-unit' });
  });

  it('dates a result by effectivePeriod.start or issued when there is no effectiveDateTime', () => {
    const { effectiveDateTime: _drop, ...rest } = ferritin('f1', 30, 'ng/mL');
    const chart = chartOf([{ ...rest, issued: '2026-10-02T08:00:00Z' }]);
    expect(deriveFeatures(chart, { now }).iron).toMatchObject({
      status: 'low',
      date: '2026-10-02T08:00:00Z',
    });
  });
});
