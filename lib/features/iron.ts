import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type {
  ConditionsFeature,
  FerritinResult,
  FerritinState,
  IronFeature,
  PatientFeature,
  TsatResult,
  TsatState,
} from '../contracts/feature-model';
import { fhirDateToMs } from '../contracts/fhir-dates';
import type { IronDecisionId, IronPromptId, IronStatus, IronThresholdSet } from '../contracts/ids';
import { ironThresholds } from '../knowledge/labs';
import { searchCompleteness, searchHadGaps } from './completeness';
import { ferritinResultOf } from './ferritin';
import { type LabReadings, labValueOf } from './lab-results';
import { newestTsat } from './transferrin-saturation';

// The iron flag's facts (clinical spec §3): the status, what decided it, and the values it rests
// on. No sentence is built here: lib/knowledge/iron-texts.ts words these facts.

const t = ironThresholds;

/** A comparator keeps its bound: "<50" is read as just below 50, ">75" as just above 75. */
function boundValue(value: number, comparator: FerritinResult['comparator']): number {
  const nudge = 1e-9;
  if (comparator === '<') return value - nudge;
  if (comparator === '>') return value + nudge;
  return value;
}

/** Cutoff for staleness: `staleAfterMonths` calendar months before `now` (UTC). */
function staleCutoffMs(now: Date): number {
  return Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth() - t.staleAfterMonths.value,
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

/** What is known of the TSAT, as of `now`. */
function tsatStateOf(tsat: TsatResult | null, now: Date): TsatState {
  if (!tsat) return 'none';
  if (tsat.percent === null) return 'unreadable';
  if (!isRecent(tsat.date, now)) return 'stale';
  return boundValue(tsat.percent, tsat.comparator) < t.tsatBorderlineBelow.value ? 'below' : 'not-below';
}

/**
 * The thresholds that apply: children (under 18) first, since the adult AASM 2024 thresholds (ESRD
 * included) are adult guidance; then ESRD when a current ESRD condition is coded; else adults.
 */
function thresholdsFor(patient: PatientFeature, conditions: ConditionsFeature): IronFeature['thresholds'] {
  const age = patient.ageYears;
  if (age !== null && age < t.childAgeBelow.value) {
    return { set: 'child', sources: [...patient.sources], ageYears: age };
  }
  const esrd = conditions.items.filter((c) => c.group === 'esrd' && c.status === 'current');
  if (esrd.length > 0) return { set: 'esrd', sources: esrd.flatMap((c) => c.sources), ageYears: age };
  return { set: 'adult', sources: [], ageYears: age };
}

interface Decision {
  status: IronStatus;
  decidedBy: IronDecisionId;
}

const decision = (status: IronStatus, decidedBy: IronDecisionId): Decision => ({ status, decidedBy });

/** When no current readable ferritin decides: the ferritin state says why. */
function withoutCurrentFerritin(state: FerritinState): Decision {
  switch (state) {
    case 'current':
      // ferritinStateOf gives `current` only to a readable result.
      throw new Error('a current ferritin has a value');
    case 'stale':
      return decision('stale', 'ferritin-stale');
    case 'unreadable':
      return decision('unknown', 'newest-ferritin-unreadable');
    case 'search-incomplete':
      return decision('unknown', 'lab-search-incomplete');
    case 'none':
      return decision('missing', 'no-ferritin');
  }
}

function decide(
  set: IronThresholdSet,
  state: FerritinState,
  ngPerMl: number | null,
  tsat: TsatState,
): Decision {
  const ferritin = state === 'current' && ngPerMl !== null ? ngPerMl : null;
  if (ferritin !== null && ferritin < t.ferritinLowBelow.value) return decision('low', 'ferritin-below-low');
  if (set === 'child') {
    if (ferritin === null) return withoutCurrentFerritin(state);
    return decision('normal', 'child-ferritin-not-low');
  }
  if (set === 'esrd') {
    if (ferritin === null) return withoutCurrentFerritin(state);
    if (ferritin >= t.esrdFerritinBelow.value) return decision('normal', 'esrd-ferritin-not-below');
    if (tsat === 'below') return decision('borderline', 'esrd-ferritin-and-tsat-below');
    if (tsat === 'not-below') return decision('normal', 'esrd-tsat-not-below');
    return decision('borderline', 'esrd-tsat-needed');
  }
  // Adults (AASM 2024): ferritin ≤ the borderline bound, or a recent TSAT below the threshold
  // whatever the ferritin (even none). When both hold, the ferritin is named as the decider.
  if (ferritin !== null && ferritin <= t.ferritinBorderlineUpTo.value) {
    return decision('borderline', 'ferritin-borderline');
  }
  if (tsat === 'below') return decision('borderline', 'tsat-below');
  if (ferritin === null) return withoutCurrentFerritin(state);
  return decision('normal', 'ferritin-above-borderline');
}

function ferritinStateOf(latest: FerritinResult | null, chart: ChartSnapshot, now: Date): FerritinState {
  if (latest === null) return searchHadGaps(chart.queries, 'Observation') ? 'search-incomplete' : 'none';
  if (latest.ngPerMl === null) return 'unreadable';
  return isRecent(latest.date, now) ? 'current' : 'stale';
}

function gapDetails(chart: ChartSnapshot): string[] {
  const details = chart.queries
    .filter((q) => q.resourceType === 'Observation' && q.status !== 'ok')
    .map((q) => q.detail ?? q.status);
  return [...new Set(details)];
}

export interface IronContext {
  now: Date;
  patient: PatientFeature;
  conditions: ConditionsFeature;
}

export function ironFeature(chart: ChartSnapshot, readings: LabReadings, context: IronContext): IronFeature {
  const { now } = context;
  const results = (readings.series.get('ferritin') ?? []).map(ferritinResultOf);
  const latest = results[0] ?? null;
  const ferritinState = ferritinStateOf(latest, chart, now);
  const olderReadable =
    ferritinState === 'unreadable' ? (results.find((r) => r.ngPerMl !== null) ?? null) : null;
  const tsat = newestTsat(readings);
  const tsatState = tsatStateOf(tsat, now);
  const thresholds = thresholdsFor(context.patient, context.conditions);
  const ngPerMl = latest?.ngPerMl == null ? null : boundValue(latest.ngPerMl, latest.comparator);
  const { status, decidedBy } = decide(thresholds.set, ferritinState, ngPerMl, tsatState);

  const prompts: IronPromptId[] = [];
  if (ferritinState === 'current' && ngPerMl !== null && ngPerMl < t.ironDeficiencyCauseBelow.value) {
    prompts.push('iron-deficiency-cause');
  }
  const hemoglobinReading = readings.latest.get('hemoglobin');
  return {
    status,
    decidedBy,
    thresholds,
    ferritinState,
    latest,
    olderReadable,
    results,
    tsatState,
    transferrinSaturation: tsat,
    hemoglobin: hemoglobinReading ? labValueOf(hemoglobinReading) : null,
    prompts,
    searchGaps: ferritinState === 'search-incomplete' ? gapDetails(chart) : [],
    // Every lab and condition the flag names, so each can be opened.
    sources: [
      ...(latest?.sources ?? []),
      ...(olderReadable?.sources ?? []),
      ...(tsat?.sources ?? []),
      ...thresholds.sources,
    ],
    date: latest?.date ?? null,
    labsSearch: searchCompleteness(chart.queries, 'Observation'),
  };
}
