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

export function patientFeature(chart: ChartSnapshot, now: Date): PatientFeature {
  const patient = chart.patient;
  return {
    reference: chart.patientReference,
    ageYears: ageInYears(patient?.birthDate, now),
    sex: patient?.gender ?? 'unknown',
    sources: patient ? [referenceOf(patient)] : [],
  };
}
