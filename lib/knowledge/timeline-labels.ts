import type { DrugPeriod, LabPoint, OnsetMarker, TimelineDrug } from '../contracts/timeline-schema';
import { oldActiveOrderAge, oldActiveOrderText } from './timeline';

// Words for the marks of the pictures over time: the same strings in the picture (names of the
// marks, the readout line) and in its table.

/** A chart date as its day (YYYY-MM-DD), or "undated". */
export function dayText(value: string | null): string {
  return value ? value.slice(0, 10) : 'undated';
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

const labNames: Record<LabPoint['lab'], string> = { ferritin: 'Ferritin', tsat: 'TSAT' };

/** "< 10 ng/mL", "16%"; as charted when it could not be converted. */
export function labValueText(point: LabPoint): string {
  const comparator = point.comparator ? `${point.comparator} ` : '';
  if (point.value === null) {
    if (point.original) return `${comparator}${formatNumber(point.original.value)} ${point.original.unit}`;
    return point.text === null ? 'no value' : `"${point.text}"`;
  }
  const unit = point.lab === 'ferritin' ? ' ng/mL' : '%';
  return `${comparator}${formatNumber(point.value)}${unit}`;
}

/** '"<15"' for a result sent as text, "210 pmol/L" when converted to ng/mL; null otherwise. */
export function chartedAsText(point: LabPoint): string | null {
  if (point.value === null) return null;
  if (point.text !== null) return `"${point.text}"`;
  if (!point.original || point.value === point.original.value) return null;
  return `${point.comparator ? `${point.comparator} ` : ''}${formatNumber(point.original.value)} ${point.original.unit}`;
}

function chartedValueText(value: NonNullable<LabPoint['calculatedFrom']>['iron']): string {
  return `${value.comparator ? `${value.comparator} ` : ''}${formatNumber(value.value)} ${value.unit}`;
}

/** "calculated from serum iron 38 ug/dL and TIBC 450 ug/dL of the same day"; null when measured. */
export function calculatedText(point: LabPoint): string | null {
  const from = point.calculatedFrom;
  if (!from) return null;
  return `calculated from serum iron ${chartedValueText(from.iron)} and TIBC ${chartedValueText(from.tibc)} of the same day`;
}

/** "Ferritin", "TSAT", "TSAT (calculated)". */
export function labName(point: LabPoint): string {
  return point.calculatedFrom ? `${labNames[point.lab]} (calculated)` : labNames[point.lab];
}

/** What the table says of a result beside its value: why it could not be read, how it was got. */
export function labNoteText(point: LabPoint): string {
  return point.problem ?? calculatedText(point) ?? chartedAsText(point) ?? '';
}

/** "Ferritin < 10 ng/mL on 2013-03-11 (charted as …)", "TSAT 8.4% on … (calculated from …)". */
export function labPointText(point: LabPoint): string {
  const how = calculatedText(point);
  const charted = chartedAsText(point);
  const aside = how ?? (charted ? `charted as ${charted}` : null);
  return `${labNames[point.lab]} ${labValueText(point)} on ${dayText(point.date)}${aside ? ` (${aside})` : ''}`;
}

export const periodKindLabels: Record<DrugPeriod['kind'], string> = {
  order: 'order',
  statement: 'medication list',
};

/** "ongoing", "to 2016-04-15", "end not charted". */
export function periodEndText(period: DrugPeriod): string {
  if (period.endKind === 'ongoing') return 'ongoing';
  if (period.endKind === 'open-at-death') return 'open at death';
  if (period.endKind === 'ended') return `to ${dayText(period.end)}`;
  return 'end not charted';
}

export function oldOrderText(period: DrugPeriod): string | null {
  return period.oldActiveOrderYears === null ? null : oldActiveOrderText(period.oldActiveOrderYears);
}

/**
 * The drug's lane label: "<ingredient> · active order from 13 years ago", the newest old order's age
 * (the flag's figure); each bar says its own.
 */
export function laneText(drug: TimelineDrug): string {
  const ages = drug.periods.flatMap((p) => (p.oldActiveOrderYears === null ? [] : [p.oldActiveOrderYears]));
  return ages.length === 0 ? drug.ingredient : `${drug.ingredient} · ${oldActiveOrderAge(Math.min(...ages))}`;
}

export function classText(drug: TimelineDrug): string {
  return drug.classLabels.join(' · ');
}

/** "<ingredient> (<class>), order from 2021-06-07, ongoing". */
export function periodText(drug: TimelineDrug, period: DrugPeriod): string {
  const old = oldOrderText(period);
  return `${drug.ingredient} (${classText(drug)}), ${periodKindLabels[period.kind]} from ${dayText(period.start)}, ${periodEndText(period)}${old ? `; ${old}` : ''}`;
}

export function doseText(drug: TimelineDrug, dose: TimelineDrug['doses'][number]): string {
  const acting = dose.actingUntil ? `, ${actingUntilText(dose.actingUntil)}` : '';
  return `${drug.ingredient} (${classText(drug)}), given on ${dayText(dose.date)}${acting}`;
}

/** The "until" of a dose: a single dose, or a long-acting one's interval. */
export function doseEndText(dose: TimelineDrug['doses'][number]): string {
  return dose.actingUntil ? `single dose; ${actingUntilText(dose.actingUntil)}` : 'single dose';
}

/** "long-acting, until about 2026-12-09" (the end of its dosing interval). */
export function actingUntilText(until: string): string {
  return `long-acting, until about ${dayText(until)}`;
}

/** "RLS coded: Restless legs syndrome, onset 2021-08-16". */
export function onsetText(onset: OnsetMarker): string {
  return `${onset.label} coded: ${onset.display}, ${onset.dateKind === 'onset' ? 'onset' : 'recorded'} ${dayText(onset.date)}`;
}

export const ironRouteLabels: Record<NonNullable<TimelineDrug['ironRoute']>, string> = {
  oral: 'oral iron',
  intravenous: 'IV iron',
};

/**
 * What the pictures say when they have nothing to draw, and the gap note beside them. Absence is not
 * a negative: "in the chart" only when the searches that could have found it were complete.
 */
export const overTimeTexts = {
  ironEmpty: (labsComplete: boolean) =>
    `No ferritin or transferrin saturation result ${labsComplete ? 'in the chart' : 'could be read'}.`,
  labsGap: 'Lab results could not be fully read: results may be missing from this picture.',
  drugsEmpty: (medicationsComplete: boolean, conditionsComplete: boolean) => {
    if (!medicationsComplete) return 'No drug that causes, worsens or treats RLS could be read.';
    return conditionsComplete
      ? 'No drug that causes, worsens or treats RLS in the chart, and no coded RLS, leg cramps or akathisia.'
      : 'No drug that causes, worsens or treats RLS in the chart; the coded conditions could not be fully read.';
  },
  /** Null when both searches were complete. */
  drugsGap: (medicationsComplete: boolean, conditionsComplete: boolean): string | null => {
    const parts = [
      medicationsComplete
        ? null
        : 'Medications could not be fully read: drugs may be missing from this picture.',
      conditionsComplete ? null : 'Conditions could not be fully read: onset markers may be missing.',
    ].filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join(' ') : null;
  },
} as const;
