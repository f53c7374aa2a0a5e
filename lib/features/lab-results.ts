import type { ChartSnapshot } from '../fhir/chart-snapshot';
import { LOINC } from '../knowledge/code-systems';
import type { LabId } from '../knowledge/ids';
import { labDefinitions } from '../knowledge/labs';
import type { LabValue } from './feature-model';
import { fhirDateToMs } from './fhir-values';

/** One lab Observation as read: its lab id, value and provenance. */
export interface LabReading {
  lab: LabId;
  reference: string;
  date: string | null;
  /** `date` in epoch ms (null when undated), computed once for sorting. */
  dateMs: number | null;
  value: number;
  comparator: '<' | '<=' | '>=' | '>' | null;
  /** The unit as written, and the coded unit (UCUM when `unitSystem` says so). */
  unit: string | null;
  unitCode: string | null;
  unitSystem: string | null;
}

const labByLoinc: ReadonlyMap<string, LabId> = new Map(
  labDefinitions.flatMap((lab) => lab.loinc.map((code): [string, LabId] => [code, lab.id])),
);

/** Results that were withdrawn: never a value. */
const unusableStatuses = new Set(['entered-in-error', 'cancelled']);

export function observationDate(observation: fhir4.Observation): string | null {
  return (
    observation.effectiveDateTime ??
    observation.effectivePeriod?.start ??
    observation.effectiveInstant ??
    observation.issued ??
    null
  );
}

/** The lab a LOINC-coded Observation reports, looking at every coding (never coding[0] only). */
export function labOf(observation: fhir4.Observation): LabId | null {
  for (const coding of observation.code.coding ?? []) {
    if (coding.system !== LOINC || !coding.code) continue;
    const lab = labByLoinc.get(coding.code);
    if (lab) return lab;
  }
  return null;
}

/** Newest first; undated last; ties keep input order (sort is stable). */
function newestFirst(a: LabReading, b: LabReading): number {
  if (a.dateMs === b.dateMs) return 0;
  if (a.dateMs === null) return 1;
  if (b.dateMs === null) return -1;
  return b.dateMs - a.dateMs;
}

/** Every usable lab reading with a numeric value, grouped by lab, newest first. */
export function labReadings(chart: ChartSnapshot): Map<LabId, LabReading[]> {
  const byLab = new Map<LabId, LabReading[]>();
  for (const observation of chart.observations) {
    if (unusableStatuses.has(observation.status)) continue;
    const quantity = observation.valueQuantity;
    if (typeof quantity?.value !== 'number') continue;
    const lab = labOf(observation);
    if (!lab) continue;
    const date = observationDate(observation);
    const reading: LabReading = {
      lab,
      reference: `Observation/${observation.id}`,
      date,
      dateMs: fhirDateToMs(date),
      value: quantity.value,
      comparator: quantity.comparator ?? null,
      unit: quantity.unit ?? null,
      unitCode: quantity.code ?? null,
      unitSystem: quantity.system ?? null,
    };
    const list = byLab.get(lab);
    if (list) list.push(reading);
    else byLab.set(lab, [reading]);
  }
  for (const list of byLab.values()) list.sort(newestFirst);
  return byLab;
}

export function labValueOf(reading: LabReading): LabValue {
  return {
    value: reading.value,
    unit: reading.unit ?? reading.unitCode ?? '',
    comparator: reading.comparator,
    sources: [reading.reference],
    date: reading.date,
  };
}
