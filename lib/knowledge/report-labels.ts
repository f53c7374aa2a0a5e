import type { Tier } from '../contracts/ids';
import type { IronFlag, MedicationFlag, Report } from '../contracts/report-schema';
import { deceasedTakesNoDrug } from './medication-timing';

// Words for the Report's enums, shared by the view and the plain-text summary so both say the same.

export const tierOrder: readonly Tier[] = ['likely', 'possible', 'less-likely'];

export const tierLabels: Record<Tier, string> = {
  likely: 'Likely',
  possible: 'Possible',
  'less-likely': 'Less likely',
};

export const medicationStatusLabels: Record<MedicationFlag['status'], string> = {
  current: 'current',
  recent: 'stopped recently',
  past: 'past',
};

export const ironStatusLabels: Record<IronFlag['status'], string> = {
  low: 'Low',
  borderline: 'Borderline',
  normal: 'Not low',
  stale: 'Out of date',
  missing: 'No ferritin in the chart',
  unknown: 'Could not read labs',
};

type DataGap = Report['dataGaps'][number];

export const gapReasonLabels: Record<DataGap['reason'], string> = {
  failed: 'could not be read',
  forbidden: 'access not granted',
  unsupported: 'not offered by this EHR',
  truncated: 'only partly read (too many results)',
};

export const resourceTypeLabels: Record<DataGap['resourceType'], string> = {
  Patient: 'Patient details',
  Condition: 'Conditions',
  Observation: 'Lab results',
  MedicationStatement: 'Medication statements',
  MedicationRequest: 'Medication orders',
  MedicationAdministration: 'Doses given (administrations)',
  Medication: 'Medication details',
};

export const checklistStateLabels: Record<Report['checklist'][number]['state'], string> = {
  done: 'Done',
  due: 'Due',
  'not-assessable': 'Not assessable from the chart',
};

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

/** "< 10 ng/mL", "71.2 ng/mL": the ferritin as the flag states it, or null when there is none. */
export function ferritinValueText(iron: IronFlag): string | null {
  if (iron.ferritinNgPerMl === null) return null;
  return `${iron.comparator ? `${iron.comparator} ` : ''}${formatNumber(iron.ferritinNgPerMl)} ng/mL`;
}

/** "charted as 160 pmol/L" when the value was converted. */
export function ferritinOriginalText(iron: IronFlag): string | null {
  if (!iron.original) return null;
  return `charted as ${iron.comparator ? `${iron.comparator} ` : ''}${formatNumber(iron.original.value)} ${iron.original.unit}`;
}

/** Group data gaps by resource type: "Medication statements: access not granted (HTTP 403)". */
export function dataGapText(gap: DataGap): string {
  const detail = gap.detail ? ` (${gap.detail})` : '';
  return `${resourceTypeLabels[gap.resourceType]}: ${gapReasonLabels[gap.reason]}${detail}`;
}

/**
 * One gap per kind of data and reason: the app asks for some data in several searches (conditions by
 * category, two lab searches), and "Lab results: access not granted" twice would read as two problems.
 * The details of the searches are kept, joined.
 */
export function mergedDataGaps(gaps: readonly DataGap[]): DataGap[] {
  const merged = new Map<string, DataGap>();
  for (const gap of gaps) {
    const key = `${gap.resourceType} ${gap.reason}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, { ...gap });
    else if (gap.detail && !seen.detail.split('; ').includes(gap.detail))
      seen.detail = seen.detail ? `${seen.detail}; ${gap.detail}` : gap.detail;
  }
  return [...merged.values()];
}

export const medicationGapTypes: readonly DataGap['resourceType'][] = [
  'MedicationStatement',
  'MedicationRequest',
  'MedicationAdministration',
  'Medication',
];

/**
 * The "nothing found" sentence for a complete medication search. When the EHR does not offer
 * MedicationStatement (Oracle Health R4), only orders were read: say so rather than claim the whole
 * medication list is clean.
 */
export function cleanMedicationText(report: Report): string {
  const statementsNotOffered = report.dataGaps.some(
    (g) => g.resourceType === 'MedicationStatement' && g.reason === 'unsupported',
  );
  return statementsNotOffered
    ? 'No current medication orders known to worsen these symptoms (medication statements are not offered by this EHR)'
    : 'No current medications known to worsen these symptoms';
}

/** The data-limits notice when the EHR returned no conditions but did return other data. */
export const noConditionsReturnedText = {
  title: 'The EHR returned no conditions for this patient.',
  body:
    'It did return labs or medications, so the problem list and diagnoses may be kept where this app ' +
    'cannot read them. Below, “no … in the chart” means none was returned, not that the patient has none: ' +
    'check the problem list in the EHR.',
} as const;

type ReportPatient = Report['patient'];

/** "deceased 1994-04-11, aged 57"; "deceased (date not recorded)"; null when the patient is not deceased. */
export function deceasedText(patient: ReportPatient): string | null {
  if (!patient.deceased) return null;
  if (!patient.deceased.date) return 'deceased (date not recorded)';
  const age = patient.ageYears === null ? '' : `, aged ${patient.ageYears}`;
  return `deceased ${patient.deceased.date}${age}`;
}

/** Above the medication flags of a deceased patient (words from lib/knowledge). */
export function deceasedMedicationsText(patient: ReportPatient): string | null {
  return patient.deceased ? deceasedTakesNoDrug.text(patient.deceased.date) : null;
}

/** The source panel while its code arrives on the first click, or when it could not be fetched. */
export const sourcePanelTexts = {
  title: 'Source',
  loading: 'Opening the source…',
  failed: 'The source panel could not be loaded. The claim rests on',
  retry: 'Try again',
  close: 'Close',
} as const;
