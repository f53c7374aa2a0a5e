import type { LabValue, TsatProblem, TsatResult } from '../contracts/feature-model';
import { UCUM } from '../knowledge/code-systems';
import { type IronPanelUnit, ironPanelUnits, type TsatUnit, tsatUnits } from '../knowledge/labs';
import { chartedUnit, unitKey, unitProblem } from './ferritin';
import type { LabObservation, LabReadings } from './lab-results';
import type { ReadValue } from './observation-value';

// Transferrin saturation (clinical spec §3): measured (the TSAT LOINC codes in lib/knowledge, in percent or as a
// fraction), or calculated as serum iron / TIBC × 100 from results of the same day when no readable
// TSAT was measured that day (AASM 2024: TSAT is calculated from iron and TIBC).

/** Drops UCUM annotations ("%{saturation}" → "%"), which do not change a unit's meaning. */
function withoutAnnotations(key: string): string {
  return key.replace(/\{[^}]*\}/g, '');
}

function lookup<T extends { spellings: readonly string[] }>(table: readonly T[], value: ReadValue): T | null {
  const ucumCode = value.unitSystem === UCUM ? value.unitCode : null;
  for (const spelling of [ucumCode, value.unit, value.unitCode]) {
    const key = unitKey(spelling);
    if (key === null) continue;
    const exact = table.find((u) => u.spellings.includes(key));
    if (exact) return exact;
    const bare = withoutAnnotations(key);
    const annotated = bare && bare !== key ? table.find((u) => u.spellings.includes(bare)) : undefined;
    if (annotated) return annotated;
  }
  return null;
}

function unreadable(observation: LabObservation, problem: TsatProblem): TsatResult {
  return {
    percent: null,
    comparator: null,
    original: null,
    calculatedFrom: null,
    problem,
    sources: [observation.reference],
    date: observation.date,
  };
}

/** A measured TSAT in percent; an unknown unit or a "fraction" above 1 is reported, never guessed. */
export function measuredTsatOf(observation: LabObservation): TsatResult {
  const value = observation.value;
  if (value.kind === 'unreadable') return unreadable(observation, value.problem);
  const unit: TsatUnit | null = lookup(tsatUnits, value);
  if (!unit) return unreadable(observation, unitProblem(value));
  if (unit.kind === 'fraction' && value.value > 1) {
    return unreadable(observation, { id: 'not-a-fraction', value: value.value, unit: chartedUnit(value) });
  }
  return {
    percent: value.value * unit.toPercent,
    comparator: value.comparator,
    original: { value: value.value, unit: chartedUnit(value) },
    calculatedFrom: null,
    problem: null,
    sources: [observation.reference],
    date: observation.date,
  };
}

function labValue(observation: LabObservation, value: ReadValue): LabValue {
  return {
    value: value.value,
    unit: chartedUnit(value),
    comparator: value.comparator,
    sources: [observation.reference],
    date: observation.date,
  };
}

type PanelInput = { read: ReadValue; unit: IronPanelUnit } | { problem: TsatProblem };

function panelInput(observation: LabObservation, lab: 'iron' | 'tibc'): PanelInput {
  const value = observation.value;
  if (value.kind === 'unreadable')
    return { problem: { id: 'input-unreadable', lab, problem: value.problem } };
  const unit = lookup(ironPanelUnits, value);
  if (!unit) return { problem: { id: 'input-unreadable', lab, problem: unitProblem(value) } };
  return { read: value, unit };
}

/** iron / TIBC × 100 from two results of the same day; both units must be of the same kind. */
export function calculatedTsatOf(iron: LabObservation, tibc: LabObservation): TsatResult {
  const provenance = { sources: [iron.reference, tibc.reference], date: iron.date ?? tibc.date };
  const fail = (problem: TsatProblem): TsatResult => ({
    percent: null,
    comparator: null,
    original: null,
    calculatedFrom: null,
    problem,
    ...provenance,
  });
  const ironInput = panelInput(iron, 'iron');
  if ('problem' in ironInput) return fail(ironInput.problem);
  const tibcInput = panelInput(tibc, 'tibc');
  if ('problem' in tibcInput) return fail(tibcInput.problem);
  if (ironInput.unit.kind !== tibcInput.unit.kind) {
    return fail({
      id: 'units-differ',
      ironUnit: chartedUnit(ironInput.read),
      tibcUnit: chartedUnit(tibcInput.read),
    });
  }
  // An iron bound ("< 10") bounds the ratio the same way; a TIBC bound leaves it unbounded.
  if (tibcInput.read.comparator !== null) return fail({ id: 'bounded-tibc' });
  const tibcBase = tibcInput.read.value * tibcInput.unit.toBase;
  if (tibcBase <= 0) return fail({ id: 'zero-tibc' });
  const ironBase = ironInput.read.value * ironInput.unit.toBase;
  return {
    percent: (ironBase / tibcBase) * 100,
    comparator: ironInput.read.comparator,
    original: null,
    calculatedFrom: { iron: labValue(iron, ironInput.read), tibc: labValue(tibc, tibcInput.read) },
    problem: null,
    ...provenance,
  };
}

const dayPattern = /^\d{4}-\d{2}-\d{2}/;

/** The calendar day a result was taken, as charted (YYYY-MM-DD); null without a full date. */
function dayOf(date: string | null): string | null {
  return date && dayPattern.test(date) ? date.slice(0, 10) : null;
}

/** The newest result of each day (the lists are newest first). */
function newestByDay(observations: readonly LabObservation[]): Map<string, LabObservation> {
  const byDay = new Map<string, LabObservation>();
  for (const observation of observations) {
    const day = dayOf(observation.date);
    if (day !== null && !byDay.has(day)) byDay.set(day, observation);
  }
  return byDay;
}

interface Candidate {
  result: TsatResult;
  /** Ordering key: the day (results of one day compare equal), else the date as charted. */
  orderMs: number | null;
  /** Within a day: a readable measured TSAT, then a calculated one, then unreadable ones. */
  rank: number;
}

function orderKey(date: string | null, dateMs: number | null): number | null {
  const day = dayOf(date);
  return day ? Date.parse(day) : dateMs;
}

/**
 * Every TSAT, measured or calculated from iron and TIBC of the same day (when no readable TSAT was
 * measured that day), newest first; within a day the one the flag would use comes first.
 */
export function tsatResults(readings: LabReadings): TsatResult[] {
  const candidates: Candidate[] = (readings.series.get('tsat') ?? []).map((observation) => {
    const result = measuredTsatOf(observation);
    return {
      result,
      orderMs: orderKey(observation.date, observation.dateMs),
      rank: result.problem === null ? 0 : 3,
    };
  });
  const measuredDays = new Set(
    candidates.flatMap((c) => {
      const day = c.result.problem === null ? dayOf(c.result.date) : null;
      return day ? [day] : [];
    }),
  );
  const tibcByDay = newestByDay(readings.series.get('tibc') ?? []);
  for (const [day, iron] of newestByDay(readings.series.get('iron') ?? [])) {
    const tibc = tibcByDay.get(day);
    if (!tibc || measuredDays.has(day)) continue;
    const result = calculatedTsatOf(iron, tibc);
    candidates.push({ result, orderMs: Date.parse(day), rank: result.problem === null ? 1 : 2 });
  }
  // Stable: among equal days and ranks, the newest-first order of the series stands.
  candidates.sort((a, b) => {
    if (a.orderMs !== b.orderMs) {
      if (a.orderMs === null) return 1;
      if (b.orderMs === null) return -1;
      return b.orderMs - a.orderMs;
    }
    return a.rank - b.rank;
  });
  return candidates.map((c) => c.result);
}

/** The newest TSAT, measured or calculated from iron and TIBC of the same day; null when none. */
export function newestTsat(readings: LabReadings): TsatResult | null {
  return tsatResults(readings)[0] ?? null;
}
