import type { ChartSnapshot, QueryOutcome } from '../lib/contracts/chart-snapshot';
import { ICD10CM, LOINC, RXNORM, SNOMED, UCUM } from '../lib/knowledge/code-systems';
import { conditionValueSets } from '../lib/knowledge/conditions';
import { labDefinitions } from '../lib/knowledge/labs';
import { ingredients } from '../lib/knowledge/medications';

// The chart the pictures' render bench draws: 40 ferritin results over 15 years (some in pmol/L,
// some "<"), TSAT every other visit, 12 drug periods (ongoing, ended, unknown ends, an old active
// order, oral and IV iron) and coded RLS, leg cramps and akathisia. Codes and names come from
// lib/knowledge.

const patientReference = 'Patient/bench-pictures';
const subject = { reference: patientReference };
const dayMs = 86_400_000;

function loincOf(lab: 'ferritin' | 'tsat'): string {
  const code = labDefinitions.find((d) => d.id === lab)?.loinc[0];
  if (!code) throw new Error(`no LOINC code for ${lab}`);
  return code;
}

function ingredient(name: string): { concept: fhir4.CodeableConcept } {
  const found = ingredients.find((i) => i.name === name);
  if (!found) throw new Error(`no ingredient ${name}`);
  const text = `${found.name} oral tablet`;
  return {
    concept: found.rxnorm
      ? { coding: [{ system: RXNORM, code: found.rxnorm.code, display: text }], text }
      : { text },
  };
}

/** The group's SNOMED CT code, else its first ICD-10-CM code. */
function codingOf(group: string): fhir4.Coding {
  const set = conditionValueSets.find((v) => v.group === group);
  const snomed = set?.snomed[0];
  if (snomed) return { system: SNOMED, code: snomed };
  return { system: ICD10CM, code: set?.icd10Prefixes[0] ?? '' };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// The app searches lab results by category.
const laboratory = [
  { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
];

/** 40 ferritin results from 15 years before `now`, 12 drug periods, 3 onsets. */
export function generateTimelineChart(now: Date): ChartSnapshot {
  const start = now.getTime() - 15 * 365.25 * dayMs;
  const observations: ChartSnapshot['observations'] = [];
  for (let i = 0; i < 40; i++) {
    const at = start + (i + 0.5) * ((15 * 365.25 * dayMs) / 40);
    // A slow decline with a rise after each iron course: values between about 8 and 260 ng/mL.
    const ngPerMl = Math.round(72 + 45 * Math.sin(i / 3) + (i % 9 === 4 ? 150 : 0) - i / 2);
    const molar = i % 7 === 3;
    const unit = molar ? 'pmol/L' : 'ng/mL';
    observations.push({
      resourceType: 'Observation',
      id: `bench-ferritin-${i}`,
      status: 'final',
      category: laboratory,
      code: { coding: [{ system: LOINC, code: loincOf('ferritin') }], text: 'Ferritin' },
      subject,
      effectiveDateTime: `${day(at)}T08:30:00Z`,
      valueQuantity: {
        value: molar ? Math.round(Math.max(ngPerMl, 10) * 2.247) : Math.max(ngPerMl, 10),
        unit,
        system: UCUM,
        code: unit,
        ...(ngPerMl < 10 ? { comparator: '<' as const } : {}),
      },
    });
    if (i % 2 === 0) {
      observations.push({
        resourceType: 'Observation',
        id: `bench-tsat-${i}`,
        status: 'final',
        category: laboratory,
        code: { coding: [{ system: LOINC, code: loincOf('tsat') }], text: 'Transferrin saturation' },
        subject,
        effectiveDateTime: `${day(at)}T08:30:00Z`,
        valueQuantity: { value: 12 + ((i * 7) % 30), unit: '%', system: UCUM, code: '%' },
      });
    }
  }
  const years = (n: number) => day(start + n * 365.25 * dayMs);
  const statement = (
    id: string,
    name: string,
    status: fhir4.MedicationStatement['status'],
    from: number,
    to?: number,
  ): fhir4.MedicationStatement & { id: string } => ({
    resourceType: 'MedicationStatement',
    id,
    status,
    medicationCodeableConcept: ingredient(name).concept,
    subject,
    effectivePeriod: { start: years(from), ...(to === undefined ? {} : { end: years(to) }) },
  });
  const order = (
    id: string,
    name: string,
    status: fhir4.MedicationRequest['status'],
    from: number,
    to?: number,
  ): fhir4.MedicationRequest & { id: string } => ({
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    medicationCodeableConcept: ingredient(name).concept,
    subject,
    authoredOn: years(from),
    ...(to === undefined
      ? {}
      : { dispenseRequest: { validityPeriod: { start: years(from), end: years(to) } } }),
  });
  const medicationStatements = [
    statement('bench-s1', 'sertraline', 'active', 9.5),
    statement('bench-s2', 'ropinirole', 'stopped', 6, 9.2),
    statement('bench-s3', 'ferrous sulfate', 'completed', 0.3, 1.6),
    statement('bench-s4', 'ferrous sulfate', 'completed', 7.3, 8),
    statement('bench-s5', 'quetiapine', 'completed', 7.7, 8.2),
    statement('bench-s6', 'gabapentin', 'active', 9.9),
  ];
  const medicationRequests = [
    order('bench-r1', 'diphenhydramine', 'active', 1.1),
    order('bench-r2', 'amitriptyline', 'stopped', 2.4),
    order('bench-r3', 'metoclopramide', 'completed', 4.2, 4.35),
    order('bench-r4', 'ferric carboxymaltose', 'completed', 10, 10.02),
    order('bench-r5', 'iron sucrose', 'stopped', 13.4),
    order('bench-r6', 'sertraline', 'active', 14.5),
  ];
  const condition = (id: string, group: string, onset: number): fhir4.Condition & { id: string } => ({
    resourceType: 'Condition',
    id,
    clinicalStatus: { coding: [{ code: 'active' }] },
    // The app searches conditions by category.
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
        ],
      },
    ],
    code: { coding: [codingOf(group)], text: group },
    subject,
    onsetDateTime: years(onset),
  });
  const queries: QueryOutcome[] = (
    [
      'Patient',
      'Condition',
      'Observation',
      'MedicationStatement',
      'MedicationRequest',
      'MedicationAdministration',
      'Medication',
    ] as const
  ).map((resourceType) => ({ resourceType, status: 'ok', label: `${resourceType} (bench)` }));
  return {
    patientReference,
    patient: { resourceType: 'Patient', id: 'bench-pictures', gender: 'female', birthDate: '1966-04-02' },
    conditions: [
      condition('bench-c1', 'rls', 9.7),
      condition('bench-c2', 'leg-cramps', 3.5),
      condition('bench-c3', 'drug-induced-akathisia', 4.3),
    ],
    observations,
    medicationStatements,
    medicationRequests,
    medications: [],
    medicationAdministrations: [],
    queries,
    quarantined: [],
  };
}

/** The same chart as a FHIR collection Bundle, as the sandbox reads its patients. */
export function timelineChartBundle(now: Date): fhir4.Bundle {
  const chart = generateTimelineChart(now);
  const resources: fhir4.FhirResource[] = [
    ...(chart.patient ? [chart.patient] : []),
    ...chart.conditions,
    ...chart.observations,
    ...chart.medicationStatements,
    ...chart.medicationRequests,
  ];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: resources.map((resource) => ({ fullUrl: `${resource.resourceType}/${resource.id}`, resource })),
  };
}
