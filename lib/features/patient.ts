import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { PatientFeature } from '../contracts/feature-model';
import { referenceOf } from '../contracts/references';

const datePattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/** Whole years between a FHIR birthDate and `now` (UTC calendar); null when absent or unreadable. */
export function ageInYears(birthDate: string | undefined, now: Date): number | null {
  const match = birthDate ? datePattern.exec(birthDate) : null;
  if (!match) return null;
  const year = Number(match[1]);
  // A year-only or year-month birthDate is read as its first day (at most one year too old).
  const month = match[2] ? Number(match[2]) : 1;
  const day = match[3] ? Number(match[3]) : 1;
  let age = now.getUTCFullYear() - year;
  const beforeBirthday =
    now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age >= 0 ? age : null;
}

/** The date a FHIR dateTime names (YYYY, YYYY-MM or YYYY-MM-DD), as the chart gives it. */
function datePart(dateTime: string): string {
  return dateTime.slice(0, 10);
}

/** deceasedDateTime, or deceasedBoolean true: the patient died (the date is unknown without the former). */
function deceasedOf(patient: fhir4.Patient | null): { date?: string } | null {
  if (patient?.deceasedDateTime) return { date: datePart(patient.deceasedDateTime) };
  return patient?.deceasedBoolean === true ? {} : null;
}

/** The UTC day a FHIR date names (a partial date is read as its first day), or null. */
function dayOf(date: string): Date | null {
  const match = datePattern.exec(date);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2] ?? '1') - 1, Number(match[3] ?? '1')));
}

export function patientFeature(chart: ChartSnapshot, now: Date): PatientFeature {
  const patient = chart.patient;
  const deceased = deceasedOf(patient);
  // A deceased patient's age is the age at death; unknown when the chart gives no date of death.
  const deathDay = deceased?.date ? dayOf(deceased.date) : null;
  const ageAt = deceased ? deathDay : now;
  return {
    reference: chart.patientReference,
    ageYears: ageAt ? ageInYears(patient?.birthDate, ageAt) : null,
    ...(deceased ? { deceased } : {}),
    sex: patient?.gender ?? 'unknown',
    sources: patient ? [referenceOf(patient)] : [],
  };
}
