import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type {
  ConditionsFeature,
  IronFeature,
  MedicationFeature,
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
import { fhirDateToMs, firstText } from './fhir-values';
import type { LabReading } from './lab-results';
import { ingredientNameIndex, type KnownIngredient } from './medication-index';
import { currentRequestStatuses, currentStatementStatuses, knownIngredientsOf } from './medications';

// The pictures' data: every ferritin and TSAT result, the thresholds that apply, each drug's orders
// and statements as periods (administrations as single doses, when the chart has them) and the
// onset of coded RLS, leg cramps and akathisia. Built on what the features already matched (their
// sources), so a drug or a condition is never matched twice nor differently. Pure: `now` is an argument.

/** A chart that may also hold administrations (not every surface reads them). */
export type TimelineChart = ChartSnapshot & {
  medicationAdministrations?: readonly WithId<fhir4.MedicationAdministration>[];
};

export interface TimelineInputs {
  iron: IronFeature;
  medications: MedicationsFeature;
  conditions: ConditionsFeature;
  patient: PatientFeature;
  /** Every TSAT reading (lab-results.ts). */
  tsat: readonly LabReading[];
}

const classLabels = new Map(medicationClasses.map((c) => [c.id, c.label]));
/** An administration that did not happen, or was withdrawn, is no dose. */
const notGiven = new Set(['not-done', 'entered-in-error']);

/** Files `value` under the type and id of a "Type/id" reference. */
function add<T>(index: Map<string, Map<string, T[]>>, reference: string, value: T): void {
  const slash = reference.indexOf('/');
  const type = reference.slice(0, slash);
  const id = reference.slice(slash + 1);
  let byId = index.get(type);
  if (!byId) {
    byId = new Map();
    index.set(type, byId);
  }
  const list = byId.get(id);
  if (list) list.push(value);
  else byId.set(id, [value]);
}

/** Oldest first, undated last, ties in input order; each date read once (charts hold thousands). */
function sortByDate<T>(items: T[], dateOf: (item: T) => string | null): T[] {
  const keyed = items.map((item) => ({ item, ms: fhirDateToMs(dateOf(item)) ?? Number.POSITIVE_INFINITY }));
  keyed.sort((a, b) => (a.ms === b.ms ? 0 : a.ms < b.ms ? -1 : 1));
  keyed.forEach((k, i) => {
    items[i] = k.item;
  });
  return items;
}

function tsatPoint(reading: LabReading): LabPoint {
  const unit = (reading.unit ?? reading.unitCode ?? '').trim();
  const percent = tsatPercentUnits.includes(unit);
  return {
    lab: 'tsat',
    value: percent ? reading.value : null,
    comparator: reading.comparator,
    original: { value: reading.value, unit },
    problem: percent ? null : `unit '${unit}' is not a percent`,
    date: reading.date,
    source: reading.reference,
  };
}

function labPoints(iron: IronFeature, tsat: readonly LabReading[]): LabPoint[] {
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
  return sortByDate([...ferritin, ...tsat.map(tsatPoint)], (p) => p.date);
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

/** A drug's row, from its medication feature (or, for an administration alone, its ingredient). */
function newRow(name: string, ingredient: Pick<KnownIngredient, 'role' | 'classes'>): Row {
  return {
    drug: {
      ingredient: name,
      role: ingredient.role,
      classes: [...ingredient.classes],
      classLabels: ingredient.classes.map((id) => classLabels.get(id) ?? id),
      ironRoute: ingredient.classes.includes('iron') ? (ironRoutes[name] ?? null) : null,
      periods: [],
      doses: [],
    },
    written: new Map(),
  };
}

function drugRows(chart: TimelineChart, inputs: TimelineInputs, now: Date): TimelineDrug[] {
  const rows = new Map<string, Row>();
  // Which drugs each statement or order stands for: the medication features' sources, by type and
  // id, so the chart's entries are looked up by id without building a reference string each.
  const cited = new Map<string, Map<string, MedicationFeature[]>>();
  for (const item of inputs.medications.items) {
    rows.set(item.ingredient, newRow(item.ingredient, item));
    for (const source of item.sources) add(cited, source, item);
  }
  const citedStatements = cited.get('MedicationStatement');
  const citedRequests = cited.get('MedicationRequest');
  const { medicationStatements: statements, medicationRequests: requests } = chart;
  // Index loops, as in medications.ts: these run over every entry of a large chart, most of which
  // name no drug of the tables and are passed over with one lookup.
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    const items = statement && citedStatements?.get(statement.id);
    if (!statement || !items) continue;
    const reference = referenceOf(statement);
    for (const item of items)
      rows.get(item.ingredient)?.drug.periods.push(statementPeriod(statement, reference));
  }
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i];
    const items = request && citedRequests?.get(request.id);
    if (!request || !items) continue;
    const reference = referenceOf(request);
    for (const item of items) {
      const row = rows.get(item.ingredient);
      if (!row) continue;
      const period = requestPeriod(request, reference);
      row.drug.periods.push(period);
      const written = fhirDateToMs(request.authoredOn ?? period.start);
      if (period.endKind === 'ongoing' && written !== null) row.written.set(period, written);
    }
  }
  // Administrations, when the chart has them: matched as the flags match drugs.
  const administrations = chart.medicationAdministrations ?? [];
  if (administrations.length > 0) {
    const medications = new Map<string, WithId<fhir4.Medication>>();
    for (const medication of chart.medications) medications.set(`Medication/${medication.id}`, medication);
    const matchNames = ingredientNameIndex.matcher();
    for (const administration of administrations) {
      if (notGiven.has(administration.status)) continue;
      const found = knownIngredientsOf(administration, medications, matchNames);
      const date = administration.effectiveDateTime ?? administration.effectivePeriod?.start ?? null;
      found?.forEach((_, ingredient) => {
        const name = ingredient.definition.name;
        let row = rows.get(name);
        if (!row) {
          row = newRow(name, ingredient);
          rows.set(name, row);
        }
        row.drug.doses.push({ date, source: referenceOf(administration) });
      });
    }
  }
  const firstMs = new Map<TimelineDrug, number>();
  rows.forEach((row) => {
    if (row.drug.periods.length + row.drug.doses.length === 0) return;
    markOldActiveOrders(row, now);
    sortByDate(row.drug.periods, (p) => p.start);
    sortByDate(row.drug.doses, (d) => d.date);
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

/** Coded RLS, leg cramps and akathisia: the conditions the condition features matched in those groups. */
function onsets(chart: ChartSnapshot, conditions: ConditionsFeature): Timeline['onsets'] {
  const marked = new Map<string, Map<string, (typeof onsetMarkerGroups)[number][]>>();
  for (const item of conditions.items) {
    const marker = onsetMarkerGroups.find((m) => m.group === item.group);
    if (marker) for (const source of item.sources) add(marked, source, marker);
  }
  const markers: Timeline['onsets'] = [];
  const byId = marked.get('Condition');
  if (!byId) return markers;
  for (const condition of chart.conditions) {
    const groups = byId.get(condition.id);
    if (!groups) continue;
    const source = referenceOf(condition);
    const onset = condition.onsetDateTime ?? condition.onsetPeriod?.start;
    for (const { group, label } of groups) {
      markers.push({
        group,
        label,
        display: firstText(condition.code) ?? label,
        date: onset ?? condition.recordedDate ?? null,
        dateKind: onset ? 'onset' : 'recorded',
        source,
      });
    }
  }
  return sortByDate(markers, (m) => m.date);
}

export function timelineFeature(chart: TimelineChart, inputs: TimelineInputs, now: Date): Timeline {
  return {
    labs: labPoints(inputs.iron, inputs.tsat),
    bands: bands(inputs),
    drugs: drugRows(chart, inputs, now),
    onsets: onsets(chart, inputs.conditions),
    searches: {
      labs: inputs.iron.labsSearch,
      medications: inputs.medications.search,
      conditions: inputs.conditions.search,
    },
  };
}
