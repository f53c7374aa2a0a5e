import type { ChartSnapshot, QueryOutcome } from '../lib/contracts/chart-snapshot';
import { ICD10CM, LOINC, RXNORM, SNOMED, UCUM } from '../lib/knowledge/code-systems';
import { conditionValueSets } from '../lib/knowledge/conditions';
import { labDefinitions } from '../lib/knowledge/labs';
import { ingredients, productCodes } from '../lib/knowledge/medications';

// A deterministic ChartSnapshot of N resources with a realistic mix, for the scaling benchmark.
// Clinical codes and names come from lib/knowledge (the only place they live); the unrelated
// "noise" resources use made-up codes and names that match nothing.

/** mulberry32: a small seeded PRNG, so every run builds the same chart. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const patientReference = 'Patient/bench-1';
const subject = { reference: patientReference };

export interface GeneratedChartOptions {
  seed?: number;
}

/** Builds a chart of `size` resources (plus the Patient): ~60% observations, ~15% conditions, ~25% medications. */
export function generateChart(size: number, options: GeneratedChartOptions = {}): ChartSnapshot {
  const random = prng(options.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const date = () => {
    const day = Math.floor(random() * 365 * 15);
    return new Date(Date.UTC(2011, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  };
  const tallMan = (name: string) =>
    random() < 0.3 ? name.replace(/^(\w{4})(\w+)/, (_, a, b) => a + b.toUpperCase()) : name;

  const labCodes = labDefinitions.flatMap((lab) => lab.loinc.map((code) => ({ lab: lab.id, code })));
  const snomedCodes = conditionValueSets.flatMap((set) => set.snomed);
  const icdPrefixes = conditionValueSets.flatMap((set) => set.icd10Prefixes.filter((p) => p.length > 1));

  const chart: ChartSnapshot = {
    patientReference,
    patient: { resourceType: 'Patient', id: 'bench-1', gender: 'female', birthDate: '1954-06-02' },
    conditions: [],
    observations: [],
    medicationStatements: [],
    medicationRequests: [],
    medicationAdministrations: [],
    medications: [],
    queries: (
      [
        'Patient',
        'Condition',
        'Observation',
        'MedicationStatement',
        'MedicationRequest',
        'Medication',
      ] as const
    ).map((resourceType): QueryOutcome => ({ resourceType, status: 'ok', label: `${resourceType} (bench)` })),
    quarantined: [],
  };

  for (let i = 0; i < size; i++) {
    const roll = random();
    const id = `r${i}`;
    if (roll < 0.6) {
      // Observations: one in five a known lab (ferritin included), the rest vitals-like noise.
      const known = random() < 0.2 ? pick(labCodes) : null;
      const unit = known?.lab === 'ferritin' ? pick(['ng/mL', 'ug/L', 'pmol/L', 'µg/L']) : 'x';
      chart.observations.push({
        resourceType: 'Observation',
        id,
        status: random() < 0.02 ? 'entered-in-error' : 'final',
        code: {
          coding: [
            { system: 'urn:oid:2.16.840.1.113883.9', code: `L${i % 500}`, display: 'Local result' },
            { system: LOINC, code: known?.code ?? `9${i % 9000}-0` },
          ],
        },
        subject,
        effectiveDateTime: `${date()}T08:30:00Z`,
        valueQuantity: { value: Math.round(random() * 3000) / 10, unit, system: UCUM, code: unit },
      });
    } else if (roll < 0.75) {
      const kind = random();
      const coding =
        kind < 0.15
          ? { system: SNOMED, code: pick(snomedCodes) }
          : kind < 0.3
            ? { system: ICD10CM, code: `${pick(icdPrefixes)}${random() < 0.5 ? '1' : ''}` }
            : { system: SNOMED, code: `99${i % 100000}00${i % 7}`, display: 'Unrelated finding (disorder)' };
      chart.conditions.push({
        resourceType: 'Condition',
        id,
        subject,
        code: { coding: [coding], text: coding.display ?? 'Problem' },
        clinicalStatus: { coding: [{ code: random() < 0.7 ? 'active' : 'resolved' }] },
        verificationStatus: { coding: [{ code: random() < 0.05 ? 'refuted' : 'confirmed' }] },
        onsetDateTime: date(),
      });
    } else {
      // Medications: a third named drugs from the knowledge tables, the rest formulary noise.
      const known = random() < 0.33 ? pick(ingredients) : null;
      const product = !known && random() < 0.05 ? pick(productCodes) : null;
      const name = known
        ? `${tallMan(known.name)} 10 MG Oral Tablet`
        : `Formulary item ${i % 700} 5 MG Oral Tablet`;
      const concept: fhir4.CodeableConcept = product
        ? { coding: [{ system: RXNORM, code: product.rxcui, display: product.display }] }
        : random() < 0.5 && known?.rxnorm
          ? { coding: [{ system: RXNORM, code: known.rxnorm.code, display: name }], text: name }
          : { coding: [{ system: 'urn:oid:2.16.840.1.113883.6', code: `F${i % 900}`, display: name }] };
      const byReference = random() < 0.1;
      const medicationReference = byReference ? { reference: `Medication/m${i}` } : undefined;
      if (byReference) chart.medications.push({ resourceType: 'Medication', id: `m${i}`, code: concept });
      const medication = medicationReference
        ? { medicationReference }
        : { medicationCodeableConcept: concept };
      if (random() < 0.45) {
        chart.medicationStatements.push({
          resourceType: 'MedicationStatement',
          id,
          status: pick(['active', 'completed', 'stopped', 'intended', 'entered-in-error'] as const),
          subject,
          effectivePeriod: { start: date(), end: date() },
          ...medication,
        });
      } else {
        chart.medicationRequests.push({
          resourceType: 'MedicationRequest',
          id,
          status: pick(['active', 'stopped', 'completed', 'cancelled', 'on-hold'] as const),
          intent: 'order',
          subject,
          authoredOn: date(),
          ...medication,
        });
      }
    }
  }
  return chart;
}

/** Number of resources in a generated chart (excluding the Patient). */
export function resourceCount(chart: ChartSnapshot): number {
  return (
    chart.conditions.length +
    chart.observations.length +
    chart.medicationStatements.length +
    chart.medicationRequests.length +
    chart.medications.length
  );
}
