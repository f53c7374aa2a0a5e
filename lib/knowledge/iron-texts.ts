import type {
  FerritinResult,
  IronFeature,
  LabValue,
  LabValueProblem,
  TsatProblem,
  TsatResult,
} from '../contracts/feature-model';
import type { IronDecisionId, IronStatus, IronThresholdSet } from '../contracts/ids';
import type { IronFlag } from '../contracts/report-schema';
import { ironThresholds } from './labs';

// Every sentence about iron (clinical spec §3), built from the iron feature's facts: the flag's
// reason and recommendation, the evidence text of rule `rls.iron`, the threshold lines, the
// checklist item, the CDS card summary and the paediatric note. The features and the differential
// emit ids and values only.

const t = ironThresholds;
const low = t.ferritinLowBelow.value;
const borderline = t.ferritinBorderlineUpTo.value;
const tsatBelow = t.tsatBorderlineBelow.value;
const esrdFerritin = t.esrdFerritinBelow.value;
const esrdTsat = t.esrdTsatBelow.value;
const staleMonths = t.staleAfterMonths.value;
const causeBelow = t.ironDeficiencyCauseBelow.value;

const seed = t.ferritinLowBelow.citation;
const aasm2024 = t.ferritinBorderlineUpTo.citation;
const aga2020 = t.ironDeficiencyCauseBelow.citation;
const spec3 = 'clinical spec §3';

/** The unit the iron flag reports ferritin in; a result charted in another unit keeps its original. */
export const ferritinReportUnit = t.ferritinLowBelow.unit;

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** A value as the lab charted it (0.32 stays 0.32). */
function chartedNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function comparatorText(comparator: FerritinResult['comparator']): string {
  return comparator ? `${comparator} ` : '';
}

function onDate(date: string | null): string {
  return date ? ` on ${date.slice(0, 10)}` : ' (undated)';
}

/** Why a value could not be read, in words; `as` names what it should have been read as. */
function problemText(problem: LabValueProblem | TsatProblem, as: string): string {
  switch (problem.id) {
    case 'unknown-unit':
      return `its unit '${problem.unit}' cannot be converted to ${as}`;
    case 'no-unit':
      return `no unit is given, so the value cannot be read as ${as}`;
    case 'unreadable-text':
      return `its text "${problem.text}" is not a number with a unit`;
    case 'no-value':
      return `it has no value (status ${problem.observationStatus}${problem.absentReason ? `, data absent: ${problem.absentReason}` : ''})`;
    case 'not-a-fraction':
      return `its value ${formatNumber(problem.value)} is not a fraction, although its unit '${problem.unit}' says so`;
    case 'units-differ':
      return `serum iron is in ${problem.ironUnit} and TIBC in ${problem.tibcUnit}, units of different kinds, so no TSAT was calculated`;
    case 'input-unreadable':
      return `the ${problem.lab === 'iron' ? 'serum iron' : 'TIBC'} result of that day could not be read (${problemText(problem.problem, 'a known unit')}), so no TSAT was calculated`;
    case 'bounded-tibc':
      return 'TIBC is reported only as a bound, so no TSAT was calculated';
    case 'zero-tibc':
      return 'TIBC is zero, so no TSAT was calculated';
  }
}

/** "ferritin 32 ng/mL on 2026-09-14", "ferritin < 15 ng/mL (charted as "<15") on …". */
function describeFerritin(result: FerritinResult): string {
  const comparator = comparatorText(result.comparator);
  if (result.ngPerMl === null) return `ferritin result${onDate(result.date)}`;
  let charted = '';
  if (result.text !== null) charted = ` (charted as "${result.text}")`;
  else if (result.original && result.original.value !== result.ngPerMl) {
    charted = ` (${comparator}${chartedNumber(result.original.value)} ${result.original.unit})`;
  }
  return `ferritin ${comparator}${formatNumber(result.ngPerMl)} ${ferritinReportUnit}${charted}${onDate(result.date)}`;
}

function describeLab(name: string, lab: LabValue): string {
  return `${name} ${comparatorText(lab.comparator)}${chartedNumber(lab.value)} ${lab.unit}`;
}

/** "transferrin saturation 16% (calculated from serum iron 48 ug/dL and TIBC 300 ug/dL of that day) on …". */
function describeTsat(tsat: TsatResult): string {
  const value =
    tsat.percent === null ? '' : ` ${comparatorText(tsat.comparator)}${formatNumber(tsat.percent)}%`;
  let how = '';
  if (tsat.calculatedFrom) {
    const { iron, tibc } = tsat.calculatedFrom;
    how = ` (calculated from ${describeLab('serum iron', iron)} and ${describeLab('TIBC', tibc)} of the same day)`;
  } else if (tsat.original && tsat.percent !== null && tsat.original.value !== tsat.percent) {
    how = ` (charted as ${chartedNumber(tsat.original.value)}, unit '${tsat.original.unit}')`;
  }
  return `transferrin saturation${value}${how}${onDate(tsat.date)}`;
}

/** The TSAT as a side note, when it did not decide: said the same way for every decision. */
function tsatNote(iron: IronFeature): string {
  const tsat = iron.transferrinSaturation;
  if (!tsat) return '';
  if (iron.thresholds.set === 'child') {
    return tsat.percent === null ? '' : ` ${capitalise(describeTsat(tsat))} (TSAT is not used for children).`;
  }
  switch (iron.tsatState) {
    case 'unreadable':
      return ` The newest transferrin saturation${onDate(tsat.date)} could not be read: ${problemText(tsat.problem ?? { id: 'no-unit' }, 'a percentage')}.`;
    case 'stale':
      return ` The latest ${describeTsat(tsat)} is older than ${staleMonths} months, so it is not used.`;
    case 'below':
      return ` ${capitalise(describeTsat(tsat))} is below ${tsatBelow}%.`;
    case 'not-below':
      return ` ${capitalise(describeTsat(tsat))} is not below ${tsatBelow}%.`;
    case 'none':
      return '';
  }
}

/** What is missing about the TSAT, for the decisions that need one. */
function tsatAbsence(iron: IronFeature): string {
  const tsat = iron.transferrinSaturation;
  if (iron.tsatState === 'stale' && tsat) {
    return `the latest ${describeTsat(tsat)} is older than ${staleMonths} months`;
  }
  if (iron.tsatState === 'unreadable' && tsat) {
    return `the newest transferrin saturation${onDate(tsat.date)} could not be read (${problemText(tsat.problem ?? { id: 'no-unit' }, 'a percentage')})`;
  }
  return 'no transferrin saturation (or serum iron with TIBC of the same day) is on file';
}

function setNote(iron: IronFeature): string {
  if (iron.thresholds.set === 'child') {
    const age = iron.thresholds.ageYears;
    return ` Child${age === null ? '' : ` (age ${age})`}: the paediatric threshold (ferritin < ${low} ng/mL) is used; the adult AASM 2024 thresholds do not apply.`;
  }
  return '';
}

/** The ferritin when a TSAT decided: current, out of date, unreadable or absent. */
function ferritinAside(iron: IronFeature): string {
  const latest = iron.latest;
  switch (iron.ferritinState) {
    case 'current':
      return latest ? ` ${capitalise(describeFerritin(latest))} is not below ${low} ng/mL.` : '';
    case 'stale':
      return latest ? ` The latest ${describeFerritin(latest)} is older than ${staleMonths} months.` : '';
    case 'unreadable':
      return latest ? ` ${unreadableFerritin(iron, latest)}` : '';
    case 'none':
      return ' No ferritin is on file.';
    case 'search-incomplete':
      return ` No ferritin came back: ${searchIncomplete(iron)}`;
  }
}

function unreadableFerritin(iron: IronFeature, latest: FerritinResult): string {
  const older = iron.olderReadable
    ? ` An older result (${describeFerritin(iron.olderReadable)}) is not used as the latest.`
    : '';
  return `The newest ferritin result${onDate(latest.date)} could not be read: ${problemText(latest.problem ?? { id: 'no-unit' }, ferritinReportUnit)}.${older}`;
}

function searchIncomplete(iron: IronFeature): string {
  const details = iron.searchGaps.length > 0 ? ` (${iron.searchGaps.join('; ')})` : '';
  return `the laboratory search did not complete${details}, so a ferritin result may exist that could not be read.`;
}

/** Why the iron flag has its status, in plain words (the value against the threshold it crossed). */
export function ironReason(iron: IronFeature): string {
  const latest = iron.latest;
  const tsat = iron.transferrinSaturation;
  const ferritin = latest ? describeFerritin(latest) : 'ferritin';
  const tsatText = tsat ? describeTsat(tsat) : 'transferrin saturation';
  const main = ((): string => {
    switch (iron.decidedBy) {
      case 'ferritin-below-low':
        return `${capitalise(ferritin)} is below ${low} ng/mL.${tsatNote(iron)}`;
      case 'ferritin-borderline':
        return `${capitalise(ferritin)} is between ${low} and ${borderline} ng/mL.${tsatNote(iron)}`;
      case 'tsat-below':
        return `${capitalise(tsatText)} is below ${tsatBelow}% (AASM 2024: iron therapy is indicated whatever the ferritin).${ferritinAside(iron)}`;
      case 'ferritin-above-borderline':
        return iron.tsatState === 'not-below'
          ? `${capitalise(ferritin)} is above ${borderline} ng/mL, and ${tsatText} is not below ${tsatBelow}%.`
          : `${capitalise(ferritin)} is above ${borderline} ng/mL, but ${tsatAbsence(iron)}.`;
      case 'esrd-ferritin-and-tsat-below':
        return `ESRD is coded: ${ferritin} is below ${esrdFerritin} ng/mL and ${tsatText} is below ${esrdTsat}%.`;
      case 'esrd-tsat-needed':
        return `ESRD is coded: ${ferritin} is below ${esrdFerritin} ng/mL, but ${tsatAbsence(iron)}: the ESRD threshold needs both.`;
      case 'esrd-ferritin-not-below':
        return `ESRD is coded: ${ferritin} is not below ${esrdFerritin} ng/mL.${tsatNote(iron)}`;
      case 'esrd-tsat-not-below':
        return `ESRD is coded: ${ferritin} is below ${esrdFerritin} ng/mL, but ${tsatText} is not below ${esrdTsat}%.`;
      case 'child-ferritin-not-low':
        return `${capitalise(ferritin)} is not below ${low} ng/mL.${tsatNote(iron)}`;
      case 'ferritin-stale':
        return `The latest ${ferritin} is older than ${staleMonths} months (a project default, not a guideline number): recheck.${tsatNote(iron)}`;
      case 'newest-ferritin-unreadable':
        return latest
          ? `${unreadableFerritin(iron, latest)}${tsatNote(iron)}`
          : 'The newest ferritin result could not be read.';
      case 'lab-search-incomplete':
        return capitalise(searchIncomplete(iron));
      case 'no-ferritin':
        return `The laboratory search found no ferritin result.${tsatNote(iron)}`;
    }
  })();
  return `${main}${setNote(iron)}`;
}

/** The decisive clause, for the evidence behind rule `rls.iron` (low or borderline only). */
export function ironEvidenceText(iron: IronFeature): string {
  const latest = iron.latest;
  const tsat = iron.transferrinSaturation;
  switch (iron.decidedBy) {
    case 'tsat-below':
      return tsat ? `${describeTsat(tsat)} is below ${tsatBelow}%` : ironReason(iron);
    case 'esrd-ferritin-and-tsat-below':
      return latest && tsat
        ? `${describeFerritin(latest)} is below ${esrdFerritin} ng/mL and ${describeTsat(tsat)} is below ${esrdTsat}% (ESRD)`
        : ironReason(iron);
    case 'esrd-tsat-needed':
      return latest
        ? `${describeFerritin(latest)} is below ${esrdFerritin} ng/mL (ESRD; no current TSAT)`
        : ironReason(iron);
    case 'ferritin-below-low':
      return latest ? `${describeFerritin(latest)} is below ${low} ng/mL` : ironReason(iron);
    case 'ferritin-borderline':
      return latest
        ? `${describeFerritin(latest)} is between ${low} and ${borderline} ng/mL`
        : ironReason(iron);
    default:
      return ironReason(iron);
  }
}

/** Status words for the evidence line: "Iron low: …". */
export const ironStatusWords: Record<IronStatus, string> = {
  low: 'low',
  borderline: 'borderline',
  normal: 'not low',
  stale: 'out of date',
  missing: 'no ferritin',
  unknown: 'not known',
};

interface Advice {
  text: string;
  citations: string[];
}

/** Children are read on ferritin alone, so only adults are asked for a TSAT too. */
const orderFerritin = (set: IronThresholdSet) =>
  `order serum ferritin${set === 'child' ? '' : ' (and TSAT)'}, even if hemoglobin is normal`;

function recommendationFor(iron: IronFeature): Advice {
  const set = iron.thresholds.set;
  switch (iron.decidedBy) {
    case 'ferritin-below-low':
      if (set === 'child') {
        return {
          text: `Ferritin below ${low} ng/mL, the paediatric threshold (the seed's): iron supplementation is indicated. The adult AASM 2024 thresholds (ferritin ≤ ${borderline} ng/mL or TSAT < ${tsatBelow}%) are not used for children.`,
          citations: [seed, spec3],
        };
      }
      return {
        text:
          set === 'esrd'
            ? `Ferritin below ${low} ng/mL: iron supplementation is indicated (seed). ESRD is coded: AASM 2024 suggests IV iron when ferritin < ${esrdFerritin} ng/mL and TSAT < ${esrdTsat}%.`
            : `Ferritin below ${low} ng/mL: iron supplementation is indicated (seed). AASM 2024 supplements adults up to ferritin ≤ ${borderline} ng/mL or TSAT < ${tsatBelow}%.`,
        citations: [seed, aasm2024],
      };
    case 'ferritin-borderline': {
      const tsatMissing =
        iron.tsatState === 'below' || iron.tsatState === 'not-below'
          ? ''
          : ' No current TSAT is on file: AASM 2024 tests ferritin and TSAT together.';
      return {
        text: `Ferritin ≤ ${borderline} ng/mL or TSAT < ${tsatBelow}%: AASM 2024 suggests iron supplementation for adults with clinically significant RLS (IV iron may be considered up to 100 ng/mL). The older seed threshold is < ${low} ng/mL (still used in children).${tsatMissing}`,
        citations: [aasm2024, seed],
      };
    }
    case 'tsat-below': {
      const ferritinToo =
        iron.ferritinState === 'current'
          ? ''
          : ` Order serum ferritin as well: ${iron.ferritinState === 'stale' ? 'the latest is out of date' : iron.ferritinState === 'unreadable' ? 'the newest could not be read' : 'none is on file'}.`;
      return {
        text: `Transferrin saturation below ${tsatBelow}%: AASM 2024 suggests iron supplementation for adults with clinically significant RLS, whatever the ferritin (IV iron may be considered when ferritin is 75–100 ng/mL).${ferritinToo}`,
        citations: [aasm2024, spec3],
      };
    }
    case 'ferritin-above-borderline':
      return iron.tsatState === 'not-below'
        ? {
            text: `Ferritin above ${borderline} ng/mL and TSAT not below ${tsatBelow}%: iron supplementation is not indicated.`,
            citations: [aasm2024, seed],
          }
        : {
            text: `Ferritin above ${borderline} ng/mL, but no current TSAT is on file: AASM 2024 tests ferritin and TSAT in everyone with clinically significant RLS and supplements when TSAT < ${tsatBelow}%. Order a TSAT (or serum iron and TIBC) before ruling out iron therapy.`,
            citations: [aasm2024, seed],
          };
    case 'esrd-ferritin-and-tsat-below':
      return {
        text: `ESRD is coded: ferritin < ${esrdFerritin} ng/mL and TSAT < ${esrdTsat}%: AASM 2024 suggests IV iron (iron sucrose) for RLS in ESRD.`,
        citations: [aasm2024],
      };
    case 'esrd-tsat-needed':
      return {
        text: `ESRD is coded: AASM 2024 suggests IV iron when ferritin < ${esrdFerritin} ng/mL and TSAT < ${esrdTsat}%; order a TSAT (or serum iron and TIBC) to apply it.`,
        citations: [aasm2024],
      };
    case 'esrd-ferritin-not-below':
    case 'esrd-tsat-not-below':
      return {
        text: `ESRD is coded: the ESRD threshold for IV iron (ferritin < ${esrdFerritin} ng/mL and TSAT < ${esrdTsat}%, AASM 2024) is not met.`,
        citations: [aasm2024],
      };
    case 'child-ferritin-not-low':
      return {
        text: `Ferritin is not below ${low} ng/mL, the paediatric threshold (the seed's): iron supplementation is not indicated by ferritin. The adult AASM 2024 thresholds are not used for children.`,
        citations: [seed, spec3],
      };
    case 'ferritin-stale':
      return {
        text: `Latest ferritin is older than ${staleMonths} months (a project default, not a guideline number): ${orderFerritin(set)}.`,
        citations: [seed, `project default (${staleMonths} months)`],
      };
    case 'newest-ferritin-unreadable':
      return {
        text: 'The newest ferritin could not be read: open it in the EHR (or repeat the test); an older result is not used in its place.',
        citations: [seed, spec3],
      };
    case 'lab-search-incomplete':
      return {
        text: 'Labs could not be read from the EHR: check ferritin in the EHR directly.',
        citations: [seed],
      };
    case 'no-ferritin':
      return { text: `No ferritin in the chart: ${orderFerritin(set)}.`, citations: [seed] };
  }
}

/** The prompt texts the flag adds, keyed by prompt id. */
export const ironPromptTexts = {
  'iron-deficiency-cause': {
    text: `Ferritin below ${causeBelow} ng/mL: consider the cause of iron deficiency (e.g. blood loss); the AGA 2020 guideline uses ferritin < ${causeBelow} ng/mL for iron deficiency.`,
    citation: aga2020,
  },
} as const;

/** "a; b" + "b" → "a; b": the same source is cited once. */
function joinCitations(citations: readonly string[]): string {
  return [...new Set(citations.flatMap((c) => c.split('; ')))].join('; ');
}

/** What to do, and its citation. */
/** A deceased patient's iron result is there for review: nothing to order or start. */
export const deceasedIronRecommendation = {
  text: 'The patient is deceased: this result is shown for review only; nothing to order.',
  citation: 'clinical spec §4, revision 2 (deceased patients)',
} as const;

export function ironRecommendation(
  iron: IronFeature,
  options: { deceased?: boolean } = {},
): { recommendation: string; citation: string } {
  if (options.deceased)
    return { recommendation: deceasedIronRecommendation.text, citation: deceasedIronRecommendation.citation };
  const advice = recommendationFor(iron);
  const prompts = iron.prompts.map((id) => ironPromptTexts[id]);
  return {
    recommendation: [advice.text, ...prompts.map((p) => p.text)].join(' '),
    citation: joinCitations([...advice.citations, ...prompts.map((p) => p.citation)]),
  };
}

export interface ThresholdLine {
  id: 'seed' | 'aasm-2024' | 'esrd' | 'stale';
  text: string;
  citation: string;
}

const staleLine: ThresholdLine = {
  id: 'stale',
  text: `A ferritin older than ${staleMonths} ${t.staleAfterMonths.unit} counts as out of date (a project default, not a guideline number)`,
  citation: t.staleAfterMonths.citation,
};

/** The thresholds in words, for the set applied: the UI shows the seed's and AASM 2024's. */
export function ironThresholdLines(set: IronThresholdSet): ThresholdLine[] {
  const seedLine: ThresholdLine = {
    id: 'seed',
    text:
      set === 'child'
        ? `Paediatric threshold: ferritin < ${low} ng/mL (the seed's; used for this child)`
        : `Seed threshold: ferritin < ${low} ng/mL (iron supplementation indicated; still the paediatric threshold)`,
    citation: seed,
  };
  const adultLine: ThresholdLine = {
    id: 'aasm-2024',
    text: `AASM 2024, adults: supplement when ferritin ≤ ${borderline} ng/mL or transferrin saturation < ${tsatBelow}%${set === 'adult' ? '' : set === 'child' ? ' (not used for children)' : ' (replaced by the ESRD threshold: ESRD is coded)'}`,
    citation: aasm2024,
  };
  if (set !== 'esrd') return [seedLine, adultLine, staleLine];
  const esrdLine: ThresholdLine = {
    id: 'esrd',
    text: `AASM 2024, ESRD: IV iron when ferritin < ${esrdFerritin} ng/mL and transferrin saturation < ${esrdTsat}% (used: ESRD is coded)`,
    citation: t.esrdFerritinBelow.citation,
  };
  return [seedLine, esrdLine, adultLine, staleLine];
}

/** The thresholds applied, on one line, for the flag itself. */
export function ironThresholdSummary(set: IronThresholdSet): string {
  switch (set) {
    case 'child':
      return `Thresholds (child): ferritin < ${low} ng/mL (seed, paediatric) · the adult AASM 2024 thresholds are not used`;
    case 'esrd':
      return `Thresholds (ESRD): ferritin < ${low} ng/mL (seed) · ferritin < ${esrdFerritin} ng/mL and TSAT < ${esrdTsat}% (AASM 2024, ESRD)`;
    case 'adult':
      return `Thresholds: ferritin < ${low} ng/mL (seed) · ≤ ${borderline} ng/mL or TSAT < ${tsatBelow}% (AASM 2024, adults)`;
  }
}

/** The essential-evaluation item for ferritin (clinical spec §5). */
export const ferritinChecklistTexts = {
  label: 'Serum ferritin',
  done: (reason: string) => `Current ferritin: ${reason}`,
  due: (reason: string) => `Order serum ferritin: ${reason}`,
  notAssessable: (reason: string) => `Ferritin could not be assessed from the chart: ${reason}`,
} as const;

function formatFerritin(flag: IronFlag): string | null {
  if (flag.ferritinNgPerMl === null) return null;
  // Converted values (pmol/L) carry long fractions: one decimal is what a lab report shows.
  const value = `${flag.comparator ?? ''}${Number(flag.ferritinNgPerMl.toFixed(1))} ng/mL`;
  return flag.date ? `${value}, ${flag.date}` : value;
}

function formatTsat(flag: IronFlag): string | null {
  const tsat = flag.tsat;
  if (!tsat) return null;
  const value = `TSAT ${tsat.comparator ?? ''}${Number(tsat.percent.toFixed(1))}%${tsat.calculated ? ' calculated' : ''}`;
  return tsat.date ? `${value}, ${tsat.date.slice(0, 10)}` : value;
}

const cardHeadlines: Record<Exclude<IronStatus, 'normal'>, string> = {
  low: 'Ferritin is low',
  borderline: 'Ferritin is borderline',
  missing: 'No ferritin on file',
  stale: 'Latest ferritin is out of date',
  unknown: 'Ferritin could not be assessed',
};

const cardHeadlinesByDecision: Partial<Record<IronDecisionId, string>> = {
  'tsat-below': `Transferrin saturation is below ${tsatBelow}%`,
  'esrd-ferritin-and-tsat-below': 'ESRD: ferritin and TSAT meet the IV iron threshold',
  'esrd-tsat-needed': `ESRD: ferritin below ${esrdFerritin} ng/mL, TSAT needed`,
  'newest-ferritin-unreadable': 'Newest ferritin could not be read',
};

/** The CDS card summary (before it is fitted to 140 characters); null when the flag needs no card. */
export function ironCardSummary(flag: IronFlag): string | null {
  if (flag.status === 'normal') return null;
  const headline = (flag.decidedBy && cardHeadlinesByDecision[flag.decidedBy]) ?? cardHeadlines[flag.status];
  const value = flag.decidedBy === 'tsat-below' ? formatTsat(flag) : formatFerritin(flag);
  return `${headline}${value ? ` (${value})` : ''}: iron status matters in leg symptoms`;
}

/** The flag's headline when no ferritin value can be shown. */
export function ironNoValueHeadline(flag: IronFlag): string {
  if (flag.decidedBy === 'newest-ferritin-unreadable') return 'Newest ferritin could not be read';
  return flag.status === 'unknown' ? 'Ferritin not known' : 'No usable ferritin';
}

/** "TSAT 16% (calculated from serum iron and TIBC of the same day)", for the flag's second line. */
export function ironTsatLine(flag: IronFlag): string | null {
  const tsat = flag.tsat;
  if (!tsat) return null;
  const how = tsat.calculated ? ' (calculated from serum iron and TIBC of the same day)' : '';
  const old = tsat.current ? '' : ` — older than ${staleMonths} months, not used`;
  return `Transferrin saturation ${tsat.comparator ? `${tsat.comparator} ` : ''}${formatNumber(tsat.percent)}%${how}${old}`;
}

/** For a child: the IRLSSG paediatric criteria ask for the child's own words (a note on the report). */
export const paediatricRlsNote = {
  id: 'paediatric-rls-criteria',
  text: (ageYears: number) =>
    `Child (age ${ageYears}): the IRLSSG paediatric criteria ask for the child's own description of the leg discomfort, in their own words; record it (a note or the findings). The adult AASM 2024 iron thresholds are not used.`,
  citation: 'IRLSSG paediatric RLS criteria (Picchietti et al., Sleep Med 2013;14(12):1253–1259)',
} as const;

/** Why a ferritin or TSAT result (or the iron and TIBC of its day) could not be read, in words. */
export function labProblemText(problem: LabValueProblem | TsatProblem, lab: 'ferritin' | 'tsat'): string {
  const text = problemText(problem, lab === 'ferritin' ? ferritinReportUnit : 'a percentage');
  return capitalise(text);
}
