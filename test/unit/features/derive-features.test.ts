import { describe, expect, it } from 'vitest';
import { bedsideFindingIds } from '@/lib/contracts/ids';
import { deriveFeatures } from '@/lib/features/derive-features';
import { chartOf, now, withQueries } from './chart-fixtures';

describe('patient, findings, data gaps and references', () => {
  it('gives the age in whole years at `now` and the administrative sex', () => {
    const model = deriveFeatures(chartOf([]), { now });
    expect(model.patient).toMatchObject({ ageYears: 68, sex: 'female', sources: ['Patient/p1'] });
    expect(model.now).toBe('2026-11-25T12:00:00.000Z');
  });

  it('counts the birthday only once it has come (born 1958-03-15, on 2026-03-14 still 67)', () => {
    expect(deriveFeatures(chartOf([]), { now: new Date('2026-03-14T12:00:00Z') }).patient.ageYears).toBe(67);
  });

  it('says unknown sex and no age when the Patient is absent', () => {
    const chart = { ...chartOf([]), patient: null };
    expect(deriveFeatures(chart, { now }).patient).toMatchObject({
      ageYears: null,
      sex: 'unknown',
      sources: [],
    });
  });

  it('keeps every bedside finding, unanswered ones as unknown, from the clinician', () => {
    const findings = deriveFeatures(chartOf([]), {
      now,
      findings: { 'urge-to-move': 'yes', claudication: 'no' },
    }).findings;
    expect(Object.keys(findings).sort()).toEqual([...bedsideFindingIds].sort());
    expect(findings['urge-to-move']).toEqual({ id: 'urge-to-move', answer: 'yes', source: 'clinician' });
    expect(findings.claudication.answer).toBe('no');
    expect(findings['evening-worsening'].answer).toBe('unknown');
  });

  it('lists every failed query as a data gap', () => {
    const model = deriveFeatures(
      chartOf([], withQueries({ Observation: ['forbidden'], Condition: ['ok', 'failed'] })),
      {
        now,
      },
    );
    expect(model.dataGaps).toEqual([
      { resourceType: 'Condition', reason: 'failed', detail: 'Condition search 2: HTTP 500' },
      { resourceType: 'Observation', reason: 'forbidden', detail: 'Observation search 1: HTTP 403' },
    ]);
  });

  it('passes quarantined resources through and lists as known only the chart references it cites', () => {
    const model = deriveFeatures(
      chartOf([
        { resourceType: 'Observation', id: 'bad', status: 'final' },
        {
          resourceType: 'Condition',
          id: 'c1',
          subject: { reference: 'Patient/p1' },
          code: { text: 'Hypertension' },
        },
      ]),
      { now },
    );
    expect(model.quarantined.map((q) => q.reference)).toEqual(['Observation/bad']);
    // Hypertension is in no condition group, so nothing cites Condition/c1.
    expect(model.conditions.items).toEqual([]);
  });

  it('reports the latest value of each supporting lab with its source', () => {
    const obs = (id: string, code: string, value: number, unit: string, date: string) => ({
      resourceType: 'Observation',
      id,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code }] },
      subject: { reference: 'Patient/p1' },
      valueQuantity: { value, unit },
      effectiveDateTime: date,
    });
    const labs = deriveFeatures(
      chartOf([
        obs('e1', '33914-3', 55, 'mL/min/{1.73_m2}', '2025-01-01'),
        obs('e2', '62238-1', 41, 'mL/min/{1.73_m2}', '2026-05-01'),
        obs('a1', '4548-4', 7.1, '%', '2026-05-01'),
        obs('f1', '14723-1', 224.7, 'pmol/L', '2026-05-01'),
      ]),
      { now },
    ).labs;
    expect(labs.egfr).toMatchObject({ value: 41, sources: ['Observation/e2'], date: '2026-05-01' });
    expect(labs.hba1c).toMatchObject({ value: 7.1, unit: '%' });
    expect(labs.ferritin?.value).toBeCloseTo(100, 5);
    expect(labs.ferritin?.unit).toBe('ng/mL');
  });

  it('is deterministic: the same chart and `now` give the same model', () => {
    const chart = chartOf([]);
    expect(deriveFeatures(chart, { now })).toEqual(deriveFeatures(chart, { now }));
  });
});
