import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { LabValue } from '../contracts/feature-model';
import { fhirDateToMs } from '../contracts/fhir-dates';
import type { LabId } from '../contracts/ids';
import { referenceOf } from '../contracts/references';
import { LOINC } from '../knowledge/code-systems';
import { labDefinitions } from '../knowledge/labs';
import { type ObservationValue, observationValue } from './observation-value';

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
function newestFirst(a: { dateMs: number | null }, b: { dateMs: number | null }): number {
  if (a.dateMs === b.dateMs) return 0;
  if (a.dateMs === null) return 1;
  if (b.dateMs === null) return -1;
  return b.dateMs - a.dateMs;
}

/** One Observation of a lab the iron flag reads, whatever its value looks like (text, no value). */
export interface LabObservation {
  lab: LabId;
  reference: string;
  date: string | null;
  dateMs: number | null;
  value: ObservationValue;
}

/**
 * Labs whose every result is kept (newest first), readable or not: the iron flag must see a newer
 * unreadable ferritin or TSAT, and pairs serum iron with TIBC of the same day.
 */
const seriesLabs: ReadonlySet<LabId> = new Set<LabId>(['ferritin', 'tsat', 'iron', 'tibc']);

/** What the features read from lab Observations. */
export interface LabReadings {
  /** Every result of the iron labs (ferritin, TSAT, serum iron, TIBC), newest first. */
  series: ReadonlyMap<LabId, LabObservation[]>;
  /**
   * The latest reading with a numeric value of each lab (what `newestFirst` puts first), in the
   * order the labs first appear in the chart. Only the latest of the other labs is used, so they
   * are never sorted.
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

/** Every result of the iron labs, and the latest numeric reading of each lab. */
export function labReadings(chart: ChartSnapshot): LabReadings {
  const series = new Map<LabId, LabObservation[]>();
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
    const date = observationDate(observation);
    const dateMs = fhirDateToMs(date);
    if (seriesLabs.has(lab)) {
      const reference = referenceOf(observation);
      const list = series.get(lab);
      const item = { lab, reference, date, dateMs, value: observationValue(observation) };
      if (list) list.push(item);
      else series.set(lab, [item]);
    }
    const quantity = observation.valueQuantity;
    const value = quantity?.value;
    if (!quantity || typeof value !== 'number') continue;
    const current = latest.get(lab);
    // Only a strictly newer date displaces the latest, so among equal dates the first one read stays.
    const newer = !current || (dateMs !== null && (current.dateMs === null || dateMs > current.dateMs));
    if (newer) latest.set(lab, readingOf(referenceOf(observation), lab, quantity, value, date, dateMs));
  }
  for (const list of series.values()) list.sort(newestFirst);
  return { series, latest };
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
