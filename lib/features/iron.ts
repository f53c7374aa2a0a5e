import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { FerritinResult, IronFeature, LabValue } from '../contracts/feature-model';
import type { IronStatus } from '../contracts/ids';
import { ironThresholds, tsatPercentUnits } from '../knowledge/labs';
import { searchCompleteness, searchHadGaps } from './completeness';
import { ferritinResultOf } from './ferritin';
import { fhirDateToMs } from './fhir-values';
import { type LabReading, type LabReadings, labValueOf } from './lab-results';

const { ferritinLowBelow, ferritinBorderlineUpTo, tsatBorderlineBelow, staleAfterMonths } = ironThresholds;

/** A comparator keeps its bound: "<50" is read as just below 50, ">75" as just above 75. */
function boundValue(value: number, comparator: FerritinResult['comparator']): number {
  const nudge = 1e-9;
  if (comparator === '<') return value - nudge;
  if (comparator === '>') return value + nudge;
  return value;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function describeFerritin(result: FerritinResult): string {
  const ng = result.ngPerMl ?? result.original.value;
  const comparator = result.comparator ? `${result.comparator} ` : '';
  const unit = result.original.unit;
  const converted =
    result.ngPerMl !== null && result.ngPerMl !== result.original.value
      ? ` (${comparator}${formatNumber(result.original.value)} ${unit})`
      : '';
  const date = result.date ? ` on ${result.date.slice(0, 10)}` : ' (undated)';
  return `ferritin ${comparator}${formatNumber(ng)} ng/mL${converted}${date}`;
}

function describeLab(name: string, lab: LabValue): string {
  const comparator = lab.comparator ? `${lab.comparator} ` : '';
  const date = lab.date ? ` on ${lab.date.slice(0, 10)}` : '';
  return `${name} ${comparator}${formatNumber(lab.value)}${lab.unit === '%' ? '%' : ` ${lab.unit}`}${date}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Cutoff for staleness: `staleAfterMonths` calendar months before `now` (UTC). */
function staleCutoffMs(now: Date): number {
  return Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth() - staleAfterMonths.value,
    now.getUTCDate(),
    now.getUTCHours(),
    now.getUTCMinutes(),
    now.getUTCSeconds(),
    now.getUTCMilliseconds(),
  );
}

function isRecent(date: string | null, now: Date): boolean {
  const ms = fhirDateToMs(date);
  return ms !== null && ms >= staleCutoffMs(now);
}

/** A TSAT that can decide: the latest, in percent and within the staleness window. */
function decidingTsat(latest: LabReading | undefined, now: Date): LabValue | null {
  if (!latest || !isRecent(latest.date, now)) return null;
  const unit = (latest.unit ?? latest.unitCode ?? '').trim();
  return tsatPercentUnits.includes(unit) ? labValueOf(latest) : null;
}

function statusFromFerritin(ngPerMl: number): 'low' | 'borderline' | 'normal' {
  if (ngPerMl < ferritinLowBelow.value) return 'low';
  if (ngPerMl <= ferritinBorderlineUpTo.value) return 'borderline';
  return 'normal';
}

function gapDetail(chart: ChartSnapshot): string {
  const details = chart.queries
    .filter((q) => q.resourceType === 'Observation' && q.status !== 'ok')
    .map((q) => q.detail ?? q.status);
  return details.length > 0 ? ` (${[...new Set(details)].join('; ')})` : '';
}

export function ironFeature(chart: ChartSnapshot, readings: LabReadings, now: Date): IronFeature {
  const results = readings.ferritin.map(ferritinResultOf);
  const latest = results.find((r) => r.ngPerMl !== null) ?? null;
  const tsatReading = readings.latest.get('tsat');
  const hemoglobinReading = readings.latest.get('hemoglobin');
  const base = {
    latest,
    results,
    transferrinSaturation: tsatReading ? labValueOf(tsatReading) : null,
    hemoglobin: hemoglobinReading ? labValueOf(hemoglobinReading) : null,
    labsSearch: searchCompleteness(chart.queries, 'Observation'),
  };
  const done = (status: IronStatus, reason: string, sources: string[] = [], date: string | null = null) => ({
    ...base,
    status,
    reason,
    sources,
    date,
  });

  if (latest === null || latest.ngPerMl === null) {
    const unconvertible = results.find((r) => r.problem !== null);
    const aside = unconvertible ? ` A ferritin result was found but not used: ${unconvertible.problem}.` : '';
    const asideSources = unconvertible ? unconvertible.sources : [];
    if (searchHadGaps(chart.queries, 'Observation')) {
      return done(
        'unknown',
        `The laboratory search did not complete${gapDetail(chart)}, so a ferritin result may exist that could not be read.${aside}`,
        asideSources,
      );
    }
    return done(
      'missing',
      unconvertible
        ? `No usable ferritin result in the chart.${aside}`
        : 'The laboratory search found no ferritin result.',
      asideSources,
    );
  }

  const described = describeFerritin(latest);
  if (!isRecent(latest.date, now)) {
    return done(
      'stale',
      `The latest ${described} is older than ${staleAfterMonths.value} months (a project default, not a guideline number): recheck.`,
      latest.sources,
      latest.date,
    );
  }

  const ferritinStatus = statusFromFerritin(boundValue(latest.ngPerMl, latest.comparator));
  if (ferritinStatus === 'low') {
    return done(
      'low',
      `${capitalise(described)} is below ${ferritinLowBelow.value} ng/mL.`,
      latest.sources,
      latest.date,
    );
  }
  if (ferritinStatus === 'borderline') {
    return done(
      'borderline',
      `${capitalise(described)} is between ${ferritinLowBelow.value} and ${ferritinBorderlineUpTo.value} ng/mL.`,
      latest.sources,
      latest.date,
    );
  }
  const tsat = decidingTsat(tsatReading, now);
  if (tsat && boundValue(tsat.value, tsat.comparator) < tsatBorderlineBelow.value) {
    return done(
      'borderline',
      `${capitalise(described)} is above ${ferritinBorderlineUpTo.value} ng/mL, but ${describeLab('transferrin saturation', tsat)} is below ${tsatBorderlineBelow.value}%.`,
      [...latest.sources, ...tsat.sources],
      latest.date,
    );
  }
  const tsatNote = tsat
    ? `, and ${describeLab('transferrin saturation', tsat)} is not below ${tsatBorderlineBelow.value}%`
    : '';
  return done(
    'normal',
    `${capitalise(described)} is above ${ferritinBorderlineUpTo.value} ng/mL${tsatNote}.`,
    latest.sources,
    latest.date,
  );
}
