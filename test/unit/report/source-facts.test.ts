import { describe, expect, it } from 'vitest';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import { patientBanner, sourceFacts } from '@/lib/report/source-facts';

function snapshot(partial: Partial<ChartSnapshot>): ChartSnapshot {
  return {
    patientReference: 'Patient/p1',
    patient: null,
    conditions: [],
    observations: [],
    medicationStatements: [],
    medicationRequests: [],
    medicationAdministrations: [],
    medications: [],
    queries: [],
    quarantined: [],
    ...partial,
  };
}

function field(facts: ReturnType<typeof sourceFacts>, label: string): string[] {
  return (facts?.fields ?? []).filter((f) => f.label === label).map((f) => f.value);
}

describe('the key fields of a chart resource, for the source panel', () => {
  it('shows a ferritin with its value, comparator, unit, date, status and LOINC code', () => {
    const chart = snapshot({
      observations: [
        {
          resourceType: 'Observation',
          id: 'f1',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '2276-4', display: 'Ferritin' }] },
          valueQuantity: { value: 10, comparator: '<', unit: 'ng/mL' },
          effectiveDateTime: '2026-03-04',
        },
      ],
    });
    const facts = sourceFacts(chart, 'Observation/f1');
    expect(facts?.title).toBe('Ferritin');
    expect(field(facts, 'Value')).toEqual(['<10 ng/mL']);
    expect(field(facts, 'Date')).toEqual(['2026-03-04']);
    expect(field(facts, 'Status')).toEqual(['final']);
    expect(field(facts, 'Code')).toEqual(['LOINC 2276-4 — Ferritin']);
  });

  it('names the drug of an order that points at a Medication resource, with its dosage as charted', () => {
    const chart = snapshot({
      medications: [
        {
          resourceType: 'Medication',
          id: 'm1',
          code: { text: 'diphenhydrAMINE Hydrochloride 25 MG Oral Tablet' },
        },
      ],
      medicationRequests: [
        {
          resourceType: 'MedicationRequest',
          id: 'r1',
          status: 'on-hold',
          intent: 'order',
          subject: { reference: 'Patient/p1' },
          medicationReference: { reference: 'https://ehr.example.org/fhir/Medication/m1' },
          authoredOn: '2026-06-01T10:15:00-05:00',
          dosageInstruction: [{ text: '1 tablet at bedtime' }, { text: 'may repeat once' }],
        },
      ],
    });
    const facts = sourceFacts(chart, 'MedicationRequest/r1');
    expect(facts?.title).toBe('diphenhydrAMINE Hydrochloride 25 MG Oral Tablet');
    expect(field(facts, 'Status')).toEqual(['on-hold']);
    expect(field(facts, 'Ordered')).toEqual(['2026-06-01 10:15']);
    expect(field(facts, 'Dosage')).toEqual(['1 tablet at bedtime; may repeat once']);
  });

  it('shows every coding of a condition, with its clinical status and onset', () => {
    const chart = snapshot({
      conditions: [
        {
          resourceType: 'Condition',
          id: 'c1',
          subject: { reference: 'Patient/p1' },
          code: {
            coding: [
              { system: 'http://snomed.info/sct', code: '32914008' },
              {
                system: 'http://hl7.org/fhir/sid/icd-10-cm',
                code: 'G25.81',
                display: 'Restless legs syndrome',
              },
            ],
          },
          clinicalStatus: { coding: [{ code: 'resolved' }] },
          onsetDateTime: '2019',
        },
      ],
    });
    const facts = sourceFacts(chart, 'Condition/c1');
    expect(facts?.title).toBe('Restless legs syndrome');
    expect(field(facts, 'Code')).toEqual(['SNOMED CT 32914008', 'ICD-10-CM G25.81 — Restless legs syndrome']);
    expect(field(facts, 'Clinical status')).toEqual(['resolved']);
    expect(field(facts, 'Onset')).toEqual(['2019']);
  });

  it('returns null for a resource the snapshot does not hold, such as a quarantined one', () => {
    expect(sourceFacts(snapshot({}), 'Observation/gone')).toBeNull();
    expect(sourceFacts(snapshot({}), 'not a reference')).toBeNull();
  });

  it('builds the patient banner from the official name, sex and birth date', () => {
    const chart = snapshot({
      patient: {
        resourceType: 'Patient',
        id: 'p1',
        name: [
          { use: 'nickname', given: ['Mo'] },
          { use: 'official', given: ['Maureen', 'A'], family: 'Okafor' },
        ],
        gender: 'female',
        birthDate: '1950-02-03',
      },
    });
    expect(patientBanner(chart)).toEqual({
      name: 'Maureen A Okafor',
      details: ['female', 'born 1950-02-03'],
    });
  });
});
