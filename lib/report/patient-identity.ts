import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { Report } from '../contracts/report-schema';
import { deceasedText } from '../knowledge/report-labels';
import { displayDate, patientName } from './source-facts';

// Whose chart the differential belongs to, as display strings. The name comes from the Patient
// resource the browser read: it is shown, never sent anywhere and never put in the Report.

export interface PatientIdentity {
  /** The charted name, or the reference when the chart gives none. */
  name: string;
  /** "male", "born 1936-08-18", "deceased 1994-04-11, aged 57": what is known, in that order. */
  details: string[];
}

export function patientIdentity(snapshot: ChartSnapshot, patient: Report['patient']): PatientIdentity {
  const resource = snapshot.patient;
  const deceased = deceasedText(patient);
  const details = [
    resource?.gender ?? null,
    resource?.birthDate ? `born ${displayDate(resource.birthDate)}` : null,
    deceased,
  ].filter((d): d is string => Boolean(d));
  return { name: (resource ? patientName(resource) : null) ?? snapshot.patientReference, details };
}
