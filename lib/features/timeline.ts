import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type {
  ConditionsFeature,
  FerritinResult,
  IronFeature,
  LabValue,
  MedicationFeature,
  MedicationsFeature,
  TsatResult,
} from '../contracts/feature-model';
import { fhirDateToMs } from '../contracts/fhir-dates';
import { referenceOf, type WithId } from '../contracts/references';
import type { DrugPeriod, LabPoint, Timeline, TimelineDrug } from '../contracts/timeline-schema';
import { labProblemText } from '../knowledge/iron-texts';
import { medicationClasses } from '../knowledge/medications';
import { ironBandDefinitions, ironBandLabel, ironRoutes, onsetMarkerGroups } from '../knowledge/timeline';
import { firstText } from './fhir-values';
import type { LabReadings } from './lab-results';
import {
  currentRequestStatuses,
  currentStatementStatuses,
  longActingDoseEnd,
  yearsBefore,
} from './medications';
import { tsatResults } from './transferrin-saturation';

// The pictures' data: every ferritin and TSAT result (measured or calculated) as the iron flag
// reads it, the thresholds of the set the flag applies, each drug's orders and statements as
// periods and its administrations as single doses, and the onset of coded RLS, leg cramps and
// akathisia. Built on what the features already matched (their sources), so a drug, a condition
// or a result is never matched or read twice nor differently. Pure.

export interface TimelineInputs {
  iron: IronFeature;
  medications: MedicationsFeature;
  conditions: ConditionsFeature;
  /** The one lab pass's readings (lab-results.ts): the TSAT series, with iron and TIBC. */
  readings: LabReadings;
  /** The patient died: what was still current by its status is open at death, not ongoing. */
  deceased: boolean;
  /** The analysis time: an old active order is drawn with its own age. */
  now: Date;
}

const classLabels = new Map(medicationClasses.map((c) => [c.id, c.label]));

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

function chartedValue(value: LabValue) {
  return { value: value.value, unit: value.unit, comparator: value.comparator };
}

function ferritinPoint(result: FerritinResult, source: string): LabPoint {
  return {
    lab: 'ferritin',
    value: result.ngPerMl,
    comparator: result.comparator,
    original: result.original ? { ...result.original } : null,
    text: result.text,
    calculatedFrom: null,
    problem: result.problem ? labProblemText(result.problem, 'ferritin') : null,
    date: result.date,
    source,
    sources: [...result.sources],
  };
}

function tsatPoint(result: TsatResult, source: string): LabPoint {
  const calculated = result.calculatedFrom;
  return {
    lab: 'tsat',
    value: result.percent,
    comparator: result.comparator,
    original: result.original ? { ...result.original } : null,
    text: null,
    calculatedFrom: calculated
      ? { iron: chartedValue(calculated.iron), tibc: chartedValue(calculated.tibc) }
      : null,
    problem: result.problem ? labProblemText(result.problem, 'tsat') : null,
    date: result.date,
    source,
    sources: [...result.sources],
  };
}

function labPoints(iron: IronFeature, readings: LabReadings): LabPoint[] {
  const points: LabPoint[] = [];
  for (const result of iron.results) {
    const [source] = result.sources;
    if (source) points.push(ferritinPoint(result, source));
  }
  for (const result of tsatResults(readings)) {
    const [source] = result.sources;
    if (source) points.push(tsatPoint(result, source));
  }
  return sortByDate(points, (p) => p.date);
}

/** The bands of the threshold set the iron flag applies (adult, ESRD when coded, child). */
function bands(iron: IronFeature): Timeline['bands'] {
  return ironBandDefinitions
    .filter((band) => band.sets.includes(iron.thresholds.set))
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

/** A drug's row, from its medication feature. */
function newRow(item: MedicationFeature): TimelineDrug {
  return {
    ingredient: item.ingredient,
    role: item.role,
    classes: [...item.classes],
    classLabels: item.classes.map((id) => classLabels.get(id) ?? id),
    ironRoute: item.classes.includes('iron') ? (ironRoutes[item.ingredient] ?? null) : null,
    periods: [],
    doses: [],
  };
}

function isoDay(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 10);
}

function drugRows(
  chart: ChartSnapshot,
  medications: MedicationsFeature,
  deceased: boolean,
  now: Date,
): TimelineDrug[] {
  const rows = new Map<MedicationFeature, TimelineDrug>();
  // Which drugs each statement, order or administration stands for: the medication features'
  // sources, by type and id (local uses and withdrawn entries are never among them), so the chart's
  // entries are looked up by id without building a reference string each.
  const cited = new Map<string, Map<string, MedicationFeature[]>>();
  for (const item of medications.items) {
    rows.set(item, newRow(item));
    for (const source of item.sources) add(cited, source, item);
  }
  const citedStatements = cited.get('MedicationStatement');
  const citedRequests = cited.get('MedicationRequest');
  const citedAdministrations = cited.get('MedicationAdministration');
  const { medicationStatements: statements, medicationRequests: requests } = chart;
  const administrations = chart.medicationAdministrations;
  // Index loops, as in medications.ts: these run over every entry of a large chart, most of which
  // name no drug of the tables and are passed over with one lookup.
  for (let i = 0; citedStatements && i < statements.length; i++) {
    const statement = statements[i];
    const items = statement && citedStatements.get(statement.id);
    if (!statement || !items) continue;
    const reference = referenceOf(statement);
    for (const item of items) rows.get(item)?.periods.push(statementPeriod(statement, reference));
  }
  for (let i = 0; citedRequests && i < requests.length; i++) {
    const request = requests[i];
    const items = request && citedRequests.get(request.id);
    if (!request || !items) continue;
    const reference = referenceOf(request);
    for (const item of items) {
      const period = requestPeriod(request, reference);
      // The medication feature decides what is an old active order: every active order of that
      // drug is then old (nothing newer was charted), and is drawn so, with its own age (the
      // flag's figure is the newest order's). Undated, it keeps the flag's.
      if (item.oldActiveOrder && period.endKind === 'ongoing') {
        const orderedMs = fhirDateToMs(request.authoredOn);
        period.oldActiveOrderYears =
          orderedMs === null ? item.oldActiveOrder.years : yearsBefore(now, orderedMs);
      }
      rows.get(item)?.periods.push(period);
    }
  }
  if (citedAdministrations) {
    const byReference = new Map<string, WithId<fhir4.Medication>>();
    for (const medication of chart.medications) byReference.set(`Medication/${medication.id}`, medication);
    for (let i = 0; i < administrations.length; i++) {
      const administration = administrations[i];
      const items = administration && citedAdministrations.get(administration.id);
      if (!administration || !items) continue;
      const dose = {
        date: administration.effectiveDateTime ?? administration.effectivePeriod?.start ?? null,
        source: referenceOf(administration),
        actingUntil: isoDay(longActingDoseEnd(administration, byReference)),
      };
      for (const item of items) rows.get(item)?.doses.push({ ...dose });
    }
  }
  const firstMs = new Map<TimelineDrug, number>();
  rows.forEach((drug) => {
    if (drug.periods.length + drug.doses.length === 0) return;
    // A deceased patient takes no drug (lib/knowledge deceasedTakesNoDrug): an open entry ends at death.
    if (deceased)
      for (const period of drug.periods) if (period.endKind === 'ongoing') period.endKind = 'open-at-death';
    sortByDate(drug.periods, (p) => p.start);
    sortByDate(drug.doses, (d) => d.date);
    const dates = [drug.periods[0]?.start, drug.doses[0]?.date].map((d) => fhirDateToMs(d));
    const known = dates.filter((ms): ms is number => ms !== null);
    firstMs.set(drug, known.length > 0 ? Math.min(...known) : Number.POSITIVE_INFINITY);
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

export function timelineFeature(chart: ChartSnapshot, inputs: TimelineInputs): Timeline {
  return {
    labs: labPoints(inputs.iron, inputs.readings),
    bands: bands(inputs.iron),
    drugs: drugRows(chart, inputs.medications, inputs.deceased, inputs.now),
    onsets: onsets(chart, inputs.conditions),
    searches: {
      labs: inputs.iron.labsSearch,
      medications: inputs.medications.search,
      conditions: inputs.conditions.search,
    },
  };
}
