import { describe, expect, it } from 'vitest';
import { cardsFromReport } from '@/lib/cds/cards';
import { reportSchema } from '@/lib/contracts/report-schema';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { deriveFeatures } from '@/lib/features/derive-features';
import { buildChartSnapshot } from '@/lib/fhir/parse-chart';
import { deceasedIronRecommendation } from '@/lib/knowledge/iron-texts';
import { deceasedMedicationsText, deceasedText } from '@/lib/knowledge/report-labels';
import { plainTextSummary } from '@/lib/report/plain-text-summary';
import { allOk, now } from './chart-fixtures';

// A deceased patient, as Synthea writes one (Gilberto: born 1936-08-18, died 1994-04-11), with a
// sertraline order from 1967 left active in the chart.

function chartOfPatient(patient: Record<string, unknown>) {
  return buildChartSnapshot({
    patientReference: 'Patient/d1',
    resources: [
      { resourceType: 'Patient', id: 'd1', gender: 'male', birthDate: '1936-08-18', ...patient },
      {
        resourceType: 'MedicationRequest',
        id: 'mr-sertraline-1967',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/d1' },
        authoredOn: '1967-10-01',
        medicationCodeableConcept: {
          coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '328670' }],
          text: 'Sertraline 100MG',
        },
      },
    ],
    queries: allOk,
  });
}

describe('a deceased patient', () => {
  it('reads deceasedDateTime: the date of death, and the age at death as the age', () => {
    const model = deriveFeatures(chartOfPatient({ deceasedDateTime: '1994-04-11T19:08:38+00:00' }), { now });
    expect(model.patient).toMatchObject({ ageYears: 57, deceased: { date: '1994-04-11' }, sex: 'male' });
  });

  it('reads deceasedBoolean true as deceased with the date unknown, and the age as unknown', () => {
    const model = deriveFeatures(chartOfPatient({ deceasedBoolean: true }), { now });
    expect(model.patient.deceased).toEqual({});
    expect(model.patient.ageYears).toBeNull();
  });

  it('reads deceasedBoolean false, or no deceased[x], as alive with the age today', () => {
    for (const patient of [{ deceasedBoolean: false }, {}]) {
      const model = deriveFeatures(chartOfPatient(patient), { now });
      expect(model.patient.deceased).toBeUndefined();
      expect(model.patient.ageYears).toBe(90);
    }
  });

  it('puts it in the Report (schemaVersion 1, additive) and the Report still validates', () => {
    const report = analyzeChart(chartOfPatient({ deceasedDateTime: '1994-04-11' }), { now });
    expect(report.schemaVersion).toBe(1);
    expect(report.patient).toEqual({
      reference: 'Patient/d1',
      ageYears: 57,
      sex: 'male',
      deceased: { date: '1994-04-11' },
    });
    expect(reportSchema.safeParse(report).success).toBe(true);
    const alive = analyzeChart(chartOfPatient({}), { now });
    expect('deceased' in alive.patient).toBe(false);
  });

  it('takes no drug: the order left open in 1967 is past, flagged nowhere, asks no one to confirm it', () => {
    const chart = chartOfPatient({ deceasedDateTime: '1994-04-11' });
    const model = deriveFeatures(chart, { now });
    const sertraline = model.medications.items.find((m) => m.ingredient === 'sertraline');
    expect(sertraline).toMatchObject({ status: 'past', openAtDeath: true });
    expect(sertraline?.oldActiveOrder).toBeUndefined();
    const report = analyzeChart(chart, { now });
    expect(report.flags.medications).toEqual([]);
    expect(report.checklist.find((c) => c.id === 'medication-review')?.sources).toEqual([]);
    // The same order for a living patient is a current flag that asks to confirm it.
    const alive = analyzeChart(chartOfPatient({}), { now });
    expect(alive.flags.medications.map((f) => [f.ingredient, f.status, !!f.confirmStillTaking])).toEqual([
      ['sertraline', 'current', true],
    ]);
  });

  it('orders nothing: the iron flag keeps its status and says the result is for review only', () => {
    const report = analyzeChart(chartOfPatient({ deceasedDateTime: '1994-04-11' }), { now });
    expect(report.flags.iron.status).toBe('missing');
    expect(report.flags.iron.recommendation).toBe(deceasedIronRecommendation.text);
    const alive = analyzeChart(chartOfPatient({}), { now });
    expect(alive.flags.iron.recommendation).toMatch(/order serum ferritin/i);
  });

  it('says so in words: "deceased 1994-04-11, aged 57", in the view\'s notice and the summary', () => {
    const report = analyzeChart(chartOfPatient({ deceasedDateTime: '1994-04-11' }), { now });
    expect(deceasedText(report.patient)).toBe('deceased 1994-04-11, aged 57');
    expect(deceasedMedicationsText(report.patient)).toContain('The patient died on 1994-04-11');
    const summary = plainTextSummary(report, { now });
    expect(summary).toContain('Patient deceased 1994-04-11, aged 57.');
    expect(summary).toContain('- The patient died on 1994-04-11: no drug is flagged');
    expect(summary).not.toMatch(/Sertraline/);
    expect(summary).not.toMatch(/No current medications/);
  });

  it('gives CDS Hooks one info card that says so, with no order suggestion', () => {
    const report = analyzeChart(chartOfPatient({ deceasedDateTime: '1994-04-11' }), { now });
    let n = 0;
    const cards = cardsFromReport(report, {
      newId: () => `id-${n++}`,
      launchUrl: 'https://app.example/launch',
    });
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatchObject({ indicator: 'info' });
    expect(cards[0]?.summary).toBe('Patient recorded as deceased (1994-04-11): no leg-symptom suggestions');
    expect(cards[0]?.suggestions).toBeUndefined();
    const alive = analyzeChart(chartOfPatient({}), { now });
    const aliveCards = cardsFromReport(alive, {
      newId: () => `id-${n++}`,
      launchUrl: 'https://app.example/launch',
    });
    expect(aliveCards.map((c) => c.indicator)).toContain('warning');
  });

  it('says nothing of the kind for a living patient', () => {
    const report = analyzeChart(chartOfPatient({}), { now });
    expect(deceasedText(report.patient)).toBeNull();
    expect(deceasedMedicationsText(report.patient)).toBeNull();
  });
});
