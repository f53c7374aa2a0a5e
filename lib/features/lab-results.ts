import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { LabValue } from '../contracts/feature-model';
import type { LabId } from '../contracts/ids';
import { referenceOf } from '../contracts/references';
import { LOINC } from '../knowledge/code-systems';
import { labDefinitions } from '../knowledge/labs';
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

/** What the features read from lab Observations. */
export interface LabReadings {
  /** Every ferritin reading, newest first: the iron feature lists them all. */
  ferritin: LabReading[];
  /** Every transferrin saturation reading, in chart order (the timeline draws them all). */
  tsat: LabReading[];
  /**
   * The latest reading of each lab (what `newestFirst` puts first), in the order the labs first
   * appear in the chart. Only the latest of the other labs is used, so they are never sorted.
   */
  latest: Map<LabId, LabReading>;
}

function readingOf(
  reference: string,
  lab: LabId,
  quantity: fhir4.Quantity,
  value: number,
  date: string | null,
  dateMs: number | null,
): LabReading {
  return {
    lab,
    reference,
    date,
    dateMs,
    value,
    comparator: quantity.comparator ?? null,
    unit: quantity.unit ?? null,
    unitCode: quantity.code ?? null,
    unitSystem: quantity.system ?? null,
  };
}

/** Every usable lab reading with a numeric value: all ferritin readings, and the latest of each lab. */
export function labReadings(chart: ChartSnapshot): LabReadings {
  const ferritin: LabReading[] = [];
  const tsat: LabReading[] = [];
  const latest = new Map<LabId, LabReading>();
  const { observations } = chart;
  // An index loop: on a large chart this long loop runs partly before it is fully optimised, where
  // for...of makes an iterator result per element.
  for (let i = 0; i < observations.length; i++) {
    const observation = observations[i];
    if (!observation) continue;
    // The code first: most Observations are no lab we read (vitals, other results).
    const lab = labOf(observation);
    if (!lab || unusableStatuses.has(observation.status)) continue;
    const quantity = observation.valueQuantity;
    const value = quantity?.value;
    if (!quantity || typeof value !== 'number') continue;
    const date = observationDate(observation);
    const dateMs = fhirDateToMs(date);
    const current = latest.get(lab);
    // Only a strictly newer date displaces the latest, so among equal dates the first one read stays.
    const newer = !current || (dateMs !== null && (current.dateMs === null || dateMs > current.dateMs));
    if (lab === 'ferritin' || lab === 'tsat') {
      const reading = readingOf(referenceOf(observation), lab, quantity, value, date, dateMs);
      (lab === 'ferritin' ? ferritin : tsat).push(reading);
      if (newer) latest.set(lab, reading);
    } else if (newer) {
      latest.set(lab, readingOf(referenceOf(observation), lab, quantity, value, date, dateMs));
    }
  }
  ferritin.sort(newestFirst);
  return { ferritin, tsat, latest };
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
