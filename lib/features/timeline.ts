import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type {
  ConditionsFeature,
  IronFeature,
  MedicationsFeature,
  PatientFeature,
} from '../contracts/feature-model';
import { referenceOf, type WithId } from '../contracts/references';
import type { DrugPeriod, LabPoint, Timeline, TimelineDrug } from '../contracts/timeline-schema';
import { tsatPercentUnits } from '../knowledge/labs';
import { medicationClasses, medicationStatusRules } from '../knowledge/medications';
import {
  adultFromYears,
  ironBandDefinitions,
  ironBandLabel,
  ironRoutes,
  onsetMarkerGroups,
} from '../knowledge/timeline';
import { conditionGroupsOf, conditionMatcher } from './condition-index';
import { isExcluded } from './conditions';
import { fhirDateToMs, firstText } from './fhir-values';
import { labOf, observationDate, unusableStatuses } from './lab-results';
import { ingredientNameIndex } from './medication-index';
import { currentRequestStatuses, currentStatementStatuses, knownIngredientsOf } from './medications';

// The pictures' data: every ferritin and TSAT result, the thresholds that apply, each drug's orders
// and statements as periods (administrations as single doses, when the chart has them) and the
// onset of coded RLS, leg cramps and akathisia. Pure: `now` is an argument.

/** A chart that may also hold administrations (not every surface reads them). */
export type TimelineChart = ChartSnapshot & {
  medicationAdministrations?: readonly WithId<fhir4.MedicationAdministration>[];
};

export interface TimelineInputs {
  iron: IronFeature;
  medications: MedicationsFeature;
  conditions: ConditionsFeature;
  patient: PatientFeature;
}

const classLabels = new Map(medicationClasses.map((c) => [c.id, c.label]));
/** An administration that did not happen, or was withdrawn, is no dose. */
const notGiven = new Set(['not-done', 'entered-in-error']);

function byDate<T>(dateOf: (item: T) => string | null): (a: T, b: T) => number {
  return (a, b) => {
    const x = fhirDateToMs(dateOf(a));
    const y = fhirDateToMs(dateOf(b));
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return x - y;
  };
}

function tsatPoints(chart: ChartSnapshot): LabPoint[] {
  const points: LabPoint[] = [];
  for (const observation of chart.observations) {
    if (labOf(observation) !== 'tsat' || unusableStatuses.has(observation.status)) continue;
    const quantity = observation.valueQuantity;
    if (typeof quantity?.value !== 'number') continue;
    const unit = (quantity.unit ?? quantity.code ?? '').trim();
    const percent = tsatPercentUnits.includes(unit);
    points.push({
      lab: 'tsat',
      value: percent ? quantity.value : null,
      comparator: quantity.comparator ?? null,
      original: { value: quantity.value, unit },
      problem: percent ? null : `unit '${unit}' is not a percent`,
      date: observationDate(observation),
      source: referenceOf(observation),
    });
  }
  return points;
}

function labPoints(chart: ChartSnapshot, iron: IronFeature): LabPoint[] {
  const ferritin = iron.results.flatMap((result): LabPoint[] =>
    result.sources.map((source) => ({
      lab: 'ferritin',
      value: result.ngPerMl,
      comparator: result.comparator,
      original: { ...result.original },
      problem: result.problem,
      date: result.date,
      source,
    })),
  );
  return [...ferritin, ...tsatPoints(chart)].sort(byDate((p) => p.date));
}

function bands(inputs: TimelineInputs): Timeline['bands'] {
  const age = inputs.patient.ageYears;
  const esrd = inputs.conditions.items.some((c) => c.group === 'esrd' && c.status === 'current');
  return ironBandDefinitions
    .filter((band) => {
      if (band.appliesTo === 'adult') return age === null || age >= adultFromYears.value;
      if (band.appliesTo === 'esrd') return esrd;
      return true;
    })
    .map((band) => ({
      id: band.id,
      lab: band.lab,
      limit: band.threshold.value,
      inclusive: band.inclusive,
      label: ironBandLabel(band),
      citation: band.threshold.citation,
    }));
}

/** The end of a use: current by status runs on; otherwise the charted end, or unknown. */
function ending(current: boolean, end: string | undefined): Pick<DrugPeriod, 'end' | 'endKind'> {
  if (current) return { end: null, endKind: 'ongoing' };
  return end ? { end, endKind: 'ended' } : { end: null, endKind: 'unknown' };
}

function statementPeriod(statement: fhir4.MedicationStatement, source: string): DrugPeriod {
  const start =
    statement.effectivePeriod?.start ?? statement.effectiveDateTime ?? statement.dateAsserted ?? null;
  const current = currentStatementStatuses.has(statement.status);
  return {
    source,
    kind: 'statement',
    start,
    ...ending(current, statement.effectivePeriod?.end),
    oldActiveOrderYears: null,
  };
}

function requestPeriod(request: fhir4.MedicationRequest, source: string): DrugPeriod {
  const validity = request.dispenseRequest?.validityPeriod;
  const bounds = request.dosageInstruction?.find((d) => d.timing?.repeat?.boundsPeriod)?.timing?.repeat
    ?.boundsPeriod;
  return {
    source,
    kind: 'order',
    start: validity?.start ?? bounds?.start ?? request.authoredOn ?? null,
    ...ending(currentRequestStatuses.has(request.status), validity?.end ?? bounds?.end),
    oldActiveOrderYears: null,
  };
}

/** Whole years from `fromMs` to `now` (of 365.25 days: at most a day off near an anniversary). */
function wholeYears(fromMs: number, now: Date): number {
  return Math.floor((now.getTime() - fromMs) / (365.25 * 86_400_000));
}

interface Row {
  drug: TimelineDrug;
  /** Per active order: when it was written (authoredOn, else its start). */
  written: Map<DrugPeriod, number>;
}

/** An active order written long ago with nothing newer for the drug (clinical spec §2). */
function markOldActiveOrders(row: Row, now: Date): void {
  const dates: number[] = [];
  for (const period of row.drug.periods) {
    for (const date of [period.start, period.end]) {
      const ms = fhirDateToMs(date);
      if (ms !== null) dates.push(ms);
    }
  }
  for (const dose of row.drug.doses) {
    const ms = fhirDateToMs(dose.date);
    if (ms !== null) dates.push(ms);
  }
  row.written.forEach((writtenMs, period) => {
    const years = wholeYears(writtenMs, now);
    if (years < medicationStatusRules.oldActiveOrderAfterYears.value) return;
    if (dates.some((ms) => ms > writtenMs)) return;
    period.oldActiveOrderYears = years;
  });
}

function drugRows(chart: TimelineChart, inputs: TimelineInputs, now: Date): TimelineDrug[] {
  const medications = new Map<string, WithId<fhir4.Medication>>();
  for (const medication of chart.medications) medications.set(`Medication/${medication.id}`, medication);
  const matchNames = ingredientNameIndex.matcher();
  const displays = new Map(inputs.medications.items.map((item) => [item.ingredient, item.display]));
  const rows = new Map<string, Row>();
  const rowsFor = (entry: Parameters<typeof knownIngredientsOf>[0]): Row[] => {
    const found = knownIngredientsOf(entry, medications, matchNames);
    if (!found) return [];
    return [...found.keys()].map((ingredient) => {
      const name = ingredient.definition.name;
      let row = rows.get(name);
      if (!row) {
        row = {
          drug: {
            ingredient: name,
            display: displays.get(name) ?? name,
            role: ingredient.role,
            classes: [...ingredient.classes],
            classLabels: ingredient.classes.map((id) => classLabels.get(id) ?? id),
            ironRoute: ingredient.classes.includes('iron') ? (ironRoutes[name] ?? null) : null,
            periods: [],
            doses: [],
          },
          written: new Map(),
        };
        rows.set(name, row);
      }
      return row;
    });
  };
  for (const statement of chart.medicationStatements) {
    for (const row of rowsFor(statement))
      row.drug.periods.push(statementPeriod(statement, referenceOf(statement)));
  }
  for (const request of chart.medicationRequests) {
    for (const row of rowsFor(request)) {
      const period = requestPeriod(request, referenceOf(request));
      row.drug.periods.push(period);
      const writtenMs = fhirDateToMs(request.authoredOn ?? period.start);
      if (period.endKind === 'ongoing' && writtenMs !== null) row.written.set(period, writtenMs);
    }
  }
  for (const administration of chart.medicationAdministrations ?? []) {
    if (notGiven.has(administration.status)) continue;
    const date = administration.effectiveDateTime ?? administration.effectivePeriod?.start ?? null;
    for (const row of rowsFor(administration))
      row.drug.doses.push({ date, source: referenceOf(administration) });
  }
  const firstMs = new Map<TimelineDrug, number>();
  rows.forEach((row) => {
    markOldActiveOrders(row, now);
    row.drug.periods.sort(byDate((p) => p.start));
    row.drug.doses.sort(byDate((d) => d.date));
    const dates = [row.drug.periods[0]?.start, row.drug.doses[0]?.date].map((d) => fhirDateToMs(d));
    const known = dates.filter((ms): ms is number => ms !== null);
    firstMs.set(row.drug, known.length > 0 ? Math.min(...known) : Number.POSITIVE_INFINITY);
  });
  const rank = (drug: TimelineDrug) => (drug.role === 'offending' ? 0 : 1);
  return [...firstMs.keys()].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (firstMs.get(a) ?? 0) - (firstMs.get(b) ?? 0) ||
      a.ingredient.localeCompare(b.ingredient),
  );
}

function onsets(chart: ChartSnapshot): Timeline['onsets'] {
  const matcher = conditionMatcher();
  const markers: Timeline['onsets'] = [];
  for (const condition of chart.conditions) {
    const groups = conditionGroupsOf(condition.code, matcher);
    if (!groups || isExcluded(condition)) continue;
    const onset = condition.onsetDateTime ?? condition.onsetPeriod?.start;
    for (const { group, label } of onsetMarkerGroups) {
      if (!groups.has(group)) continue;
      markers.push({
        group,
        label,
        display: firstText(condition.code) ?? label,
        date: onset ?? condition.recordedDate ?? null,
        dateKind: onset ? 'onset' : 'recorded',
        source: referenceOf(condition),
      });
    }
  }
  return markers.sort(byDate((m) => m.date));
}

export function timelineFeature(chart: TimelineChart, inputs: TimelineInputs, now: Date): Timeline {
  return {
    labs: labPoints(chart, inputs.iron),
    bands: bands(inputs),
    drugs: drugRows(chart, inputs, now),
    onsets: onsets(chart),
    searches: {
      labs: inputs.iron.labsSearch,
      medications: inputs.medications.search,
      conditions: inputs.conditions.search,
    },
  };
}
