import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { MedicationFeature, MedicationsFeature } from '../contracts/feature-model';
import { fhirDateToMs } from '../contracts/fhir-dates';
import type { MedicationStatus } from '../contracts/ids';
import { referenceKey, referenceOf, type WithId } from '../contracts/references';
import { ATC, RXNORM } from '../knowledge/code-systems';
import { oldActiveOrder } from '../knowledge/medication-timing';
import { medicationStatusRules } from '../knowledge/medications';
import { medicationSearchCompleteness } from './completeness';
import { firstText } from './fhir-values';
import { longActingIntervalEnd } from './long-acting';
import {
  ingredientByAtc,
  ingredientNameIndex,
  ingredientsByRxcui,
  type KnownIngredient,
} from './medication-index';
import { isLocalUse } from './medication-route';

type MatchedBy = MedicationFeature['matchedBy'];

/** What a medicationReference adds: the Medication's concepts and the texts outside them. */
interface ReferencedMedication {
  concepts: fhir4.CodeableConcept[];
  /** The reference's display, ingredient references' displays. */
  texts: string[];
  /** "Medication/id" when the Medication is a resource in the chart (it is then cited too). */
  medicationReference: string | null;
  /** The Medication's form (read for the route). */
  form: fhir4.CodeableConcept | undefined;
}

type Basis = NonNullable<MedicationFeature['basis']>;

/** One statement or order that names a known ingredient: its status and date, as merged. */
interface MedicationUse {
  reference: string;
  medicationReference: string | null;
  status: MedicationStatus;
  date: string | null;
  /** `date` in epoch ms, read once for the merge. */
  dateMs: number | null;
  display: string;
  basis: Basis;
  /** When the record itself was written (order authored, statement asserted, dose given): for old orders. */
  recordedMs: number | null;
  /** An active or on-hold order (the only uses an old-order marker may rest on). */
  activeOrder: boolean;
  /** A long-acting injectable dose: covered until this epoch ms. */
  longActingUntilMs?: number;
}

const dayMs = 24 * 60 * 60 * 1000;
const noCodings: readonly fhir4.Coding[] = [];
const noIngredients: readonly KnownIngredient[] = [];
const noConcepts: readonly fhir4.CodeableConcept[] = [];
const noTexts: readonly string[] = [];

/** Never count: withdrawn, cancelled, never started, or explicitly not taken. */
const ignoredStatuses = new Set(['entered-in-error', 'cancelled', 'draft', 'not-taken']);
export const currentRequestStatuses: ReadonlySet<string> = new Set(['active', 'on-hold']);
export const currentStatementStatuses: ReadonlySet<string> = new Set(['active', 'intended', 'on-hold']);
const endedStatuses = new Set(['stopped', 'completed']);
/** A dose being given now: an infusion running or paused. */
const currentAdministrationStatuses = new Set(['in-progress', 'on-hold']);
/** Never count: not given, or withdrawn. */
const ignoredAdministrationStatuses = new Set(['not-done', 'entered-in-error']);

function endedStatus(dateMs: number | null, now: Date): MedicationStatus {
  if (dateMs === null) return 'past';
  return now.getTime() - dateMs <= medicationStatusRules.recentWithinDays.value * dayMs ? 'recent' : 'past';
}

/** The referenced Medication (contained "#id" or in the chart): its concepts and texts. */
function referencedMedication(
  resource:
    | WithId<fhir4.MedicationStatement>
    | WithId<fhir4.MedicationRequest>
    | WithId<fhir4.MedicationAdministration>,
  ref: fhir4.Reference,
  medicationsByReference: ReadonlyMap<string, WithId<fhir4.Medication>>,
): ReferencedMedication {
  const concepts: fhir4.CodeableConcept[] = [];
  const texts: string[] = [];
  let medicationReference: string | null = null;
  if (ref.display) texts.push(ref.display);
  let medication: fhir4.Medication | undefined;
  if (ref.reference?.startsWith('#')) {
    const id = ref.reference.slice(1);
    for (const contained of resource.contained ?? []) {
      if (contained.resourceType === 'Medication' && contained.id === id) medication = contained;
    }
  } else {
    const key = referenceKey(ref.reference);
    const referenced = key ? medicationsByReference.get(key) : undefined;
    if (referenced) medicationReference = referenceOf(referenced);
    medication = referenced;
  }
  if (medication?.code) concepts.push(medication.code);
  for (const ingredient of medication?.ingredient ?? []) {
    if (ingredient.itemCodeableConcept) concepts.push(ingredient.itemCodeableConcept);
    if (ingredient.itemReference?.display) texts.push(ingredient.itemReference.display);
  }
  return { concepts, texts, medicationReference, form: medication?.form };
}

/**
 * As charted: the first text of the first concept that has one (the medicationCodeableConcept, then
 * the referenced Medication's), else the first extra text.
 */
function chartedDisplay(
  concept: fhir4.CodeableConcept | undefined,
  referenced: ReferencedMedication | null,
): string {
  const text = firstText(concept);
  if (text) return text;
  for (const other of referenced?.concepts ?? []) {
    const otherText = firstText(other);
    if (otherText) return otherText;
  }
  return referenced?.texts[0] ?? '';
}

function statementUse(
  statement: WithId<fhir4.MedicationStatement>,
  referenced: ReferencedMedication | null,
  now: Date,
): MedicationUse {
  const started =
    statement.effectivePeriod?.start ?? statement.effectiveDateTime ?? statement.dateAsserted ?? null;
  let status: MedicationStatus;
  let date: string | null;
  let dateMs: number | null;
  if (currentStatementStatuses.has(statement.status)) {
    status = 'current';
    date = started;
    dateMs = fhirDateToMs(date);
  } else {
    date =
      statement.effectivePeriod?.end ??
      statement.effectiveDateTime ??
      statement.dateAsserted ??
      statement.effectivePeriod?.start ??
      null;
    dateMs = fhirDateToMs(date);
    // `unknown` status: we cannot say it is being taken, so it counts as past (never current).
    status = endedStatuses.has(statement.status) ? endedStatus(dateMs, now) : 'past';
  }
  return {
    reference: referenceOf(statement),
    medicationReference: referenced?.medicationReference ?? null,
    status,
    date,
    dateMs,
    display: chartedDisplay(statement.medicationCodeableConcept, referenced),
    basis: 'statement',
    recordedMs: fhirDateToMs(statement.dateAsserted) ?? fhirDateToMs(started) ?? dateMs,
    activeOrder: false,
  };
}

function requestUse(
  request: WithId<fhir4.MedicationRequest>,
  referenced: ReferencedMedication | null,
  now: Date,
): MedicationUse {
  let status: MedicationStatus;
  let date: string | null;
  let dateMs: number | null;
  if (currentRequestStatuses.has(request.status)) {
    status = 'current';
    date = request.authoredOn ?? null;
    dateMs = fhirDateToMs(date);
  } else {
    date = request.dispenseRequest?.validityPeriod?.end ?? request.authoredOn ?? null;
    dateMs = fhirDateToMs(date);
    // MedicationRequest `unknown`: the order's state is not known, so it is not evidence of a
    // current drug; it counts as past (FHIR R4 request-status "unknown").
    status = endedStatuses.has(request.status) ? endedStatus(dateMs, now) : 'past';
  }
  return {
    reference: referenceOf(request),
    medicationReference: referenced?.medicationReference ?? null,
    status,
    date,
    dateMs,
    display: chartedDisplay(request.medicationCodeableConcept, referenced),
    basis: 'order',
    recordedMs: fhirDateToMs(request.authoredOn),
    activeOrder: status === 'current',
  };
}

/** Every text that names the product: for the long-acting injectable words. */
function productTexts(
  concept: fhir4.CodeableConcept | undefined,
  referenced: ReferencedMedication | null,
): string[] {
  const texts: string[] = [];
  for (const c of [concept, ...(referenced?.concepts ?? [])]) {
    if (c?.text) texts.push(c.text);
    for (const coding of c?.coding ?? []) if (coding.display) texts.push(coding.display);
  }
  texts.push(...(referenced?.texts ?? []));
  return texts;
}

/**
 * A dose given (clinical spec §2): dated by effective[x]. Being given now (in-progress, on-hold) is
 * current; a completed or stopped dose of a long-acting injectable is current until the end of its
 * dosing interval, and then ends like a stopped drug (recent for 90 days after that end); any other
 * completed dose is recent for 90 days. `unknown` cannot say it was given: past.
 */
function administrationUse(
  administration: WithId<fhir4.MedicationAdministration>,
  referenced: ReferencedMedication | null,
  now: Date,
): MedicationUse {
  const given = administration.effectiveDateTime ?? administration.effectivePeriod?.start ?? null;
  const base = {
    reference: referenceOf(administration),
    medicationReference: referenced?.medicationReference ?? null,
    display: chartedDisplay(administration.medicationCodeableConcept, referenced),
    basis: 'administration' as const,
    activeOrder: false,
  };
  if (currentAdministrationStatuses.has(administration.status)) {
    const dateMs = fhirDateToMs(given);
    return { ...base, status: 'current', date: given, dateMs, recordedMs: dateMs };
  }
  const date = administration.effectivePeriod?.end ?? given;
  const dateMs = fhirDateToMs(date);
  if (!endedStatuses.has(administration.status) || dateMs === null) {
    return { ...base, status: 'past', date, dateMs, recordedMs: dateMs };
  }
  const coveredUntil = longActingIntervalEnd(
    productTexts(administration.medicationCodeableConcept, referenced),
    dateMs,
  );
  if (coveredUntil === null)
    return { ...base, status: endedStatus(dateMs, now), date, dateMs, recordedMs: dateMs };
  const status: MedicationStatus = now.getTime() <= coveredUntil ? 'current' : endedStatus(coveredUntil, now);
  return { ...base, status, date, dateMs, recordedMs: dateMs, longActingUntilMs: coveredUntil };
}

/** Dosage routes, the Medication's form and the product names: topical, eye, ear and nose uses are left out. */
function localUse(
  routes: readonly (fhir4.CodeableConcept | undefined)[],
  concept: fhir4.CodeableConcept | undefined,
  referenced: ReferencedMedication | null,
): boolean {
  return isLocalUse({
    routes,
    forms: [referenced?.form],
    names: [concept, ...(referenced?.concepts ?? []), ...(referenced?.texts ?? []).map((text) => ({ text }))],
  });
}

type Found = Map<KnownIngredient, MatchedBy>;

function addNamed(found: Found | null, text: string, matchNames: NameMatcher): Found | null {
  let result = found;
  for (const ingredient of matchNames(text)) {
    result ??= new Map();
    if (!result.has(ingredient)) result.set(ingredient, 'name');
  }
  return result;
}

type NameMatcher = (text: string) => readonly KnownIngredient[];

function addByCode(found: Found | null, concept: fhir4.CodeableConcept | undefined): Found | null {
  let result = found;
  for (const coding of concept?.coding ?? noCodings) {
    if (!coding.code) continue;
    if (coding.system === RXNORM) {
      for (const ingredient of ingredientsByRxcui.get(coding.code) ?? noIngredients) {
        result ??= new Map();
        result.set(ingredient, 'rxnorm');
      }
    } else if (coding.system === ATC) {
      // European EHRs send ATC: per ingredient, or a member of a wholly offending class (spec §2).
      const ingredient = ingredientByAtc(coding.code, coding.display);
      if (ingredient) {
        result ??= new Map();
        if (result.get(ingredient) !== 'rxnorm') result.set(ingredient, 'atc');
      }
    }
  }
  return result;
}

function addByConceptNames(
  found: Found | null,
  concept: fhir4.CodeableConcept | undefined,
  matchNames: NameMatcher,
): Found | null {
  let result = found;
  if (concept?.text) result = addNamed(result, concept.text, matchNames);
  for (const coding of concept?.coding ?? noCodings) {
    if (coding.display) result = addNamed(result, coding.display, matchNames);
  }
  return result;
}

/**
 * The known ingredients named, in the order found: by RxNorm code on any coding, then by name in
 * the extra texts and each concept's text and displays (the medicationCodeableConcept first, then
 * the referenced Medication's). Null when none (most entries of a chart), so nothing is built.
 */
function ingredientsOf(
  concept: fhir4.CodeableConcept | undefined,
  referenced: ReferencedMedication | null,
  matchNames: NameMatcher,
): Found | null {
  let found = addByCode(null, concept);
  for (const other of referenced?.concepts ?? noConcepts) found = addByCode(found, other);
  for (const text of referenced?.texts ?? noTexts) found = addNamed(found, text, matchNames);
  found = addByConceptNames(found, concept, matchNames);
  for (const other of referenced?.concepts ?? noConcepts) found = addByConceptNames(found, other, matchNames);
  return found;
}

const statusRank: Record<MedicationStatus, number> = { current: 3, recent: 2, past: 1 };

/** A feature being built, with its sources as a Set so merging stays linear. */
interface Accumulator {
  feature: MedicationFeature;
  sources: Set<string>;
  /** `feature.date` in epoch ms. */
  dateMs: number | null;
  /** The newest date any record of this drug was written (null while none is dated). */
  newestRecordedMs: number | null;
  /** Some current use is not an active order, or is undated: no old-order marker. */
  currentBeyondOldOrders: boolean;
  longActingUntilMs?: number;
}

const matchRank: Record<MatchedBy, number> = { rxnorm: 3, atc: 2, name: 1 };

function noteRecord(accumulator: Accumulator, use: MedicationUse): void {
  if (
    use.recordedMs !== null &&
    (accumulator.newestRecordedMs === null || use.recordedMs > accumulator.newestRecordedMs)
  )
    accumulator.newestRecordedMs = use.recordedMs;
  if (use.status === 'current' && (!use.activeOrder || use.recordedMs === null))
    accumulator.currentBeyondOldOrders = true;
}

function mergeInto(
  items: Map<string, Accumulator>,
  ingredient: KnownIngredient,
  matchedBy: MatchedBy,
  use: MedicationUse,
): void {
  const name = ingredient.definition.name;
  const accumulator = items.get(name);
  if (!accumulator) {
    const feature: MedicationFeature = {
      ingredient: name,
      classes: [...ingredient.classes],
      role: ingredient.role,
      display: use.display || name,
      status: use.status,
      matchedBy,
      sources: [],
      date: use.date,
      basis: use.basis,
    };
    const sources = new Set([use.reference]);
    if (use.medicationReference) sources.add(use.medicationReference);
    const created: Accumulator = {
      feature,
      sources,
      dateMs: use.dateMs,
      newestRecordedMs: null,
      currentBeyondOldOrders: false,
      longActingUntilMs: use.longActingUntilMs,
    };
    noteRecord(created, use);
    items.set(name, created);
    return;
  }
  const existing = accumulator.feature;
  accumulator.sources.add(use.reference);
  if (use.medicationReference) accumulator.sources.add(use.medicationReference);
  noteRecord(accumulator, use);
  if (matchRank[matchedBy] > matchRank[existing.matchedBy]) existing.matchedBy = matchedBy;
  // The strongest status wins (current > recent > past); within a status, the newest date (an
  // undated use is never newer).
  const stronger = statusRank[use.status] > statusRank[existing.status];
  const sameButNewer =
    use.status === existing.status &&
    use.dateMs !== null &&
    (accumulator.dateMs === null || use.dateMs > accumulator.dateMs);
  if (stronger || sameButNewer) {
    existing.status = use.status;
    existing.date = use.date;
    existing.display = use.display || name;
    existing.basis = use.basis;
    accumulator.dateMs = use.dateMs;
    accumulator.longActingUntilMs = use.longActingUntilMs;
  }
}

const yearMs = 365.25 * dayMs;

/** Whole years from a time to now (an order "from 12 years ago"). */
export function yearsBefore(now: Date, ms: number): number {
  return Math.floor((now.getTime() - ms) / yearMs);
}

/** The facts read off the merged uses: days since the date, the interval end, the old-order marker. */
function finish(accumulator: Accumulator, now: Date, deceased: boolean): MedicationFeature {
  const { feature, sources, dateMs } = accumulator;
  const out: MedicationFeature = { ...feature, sources: [...sources] };
  out.daysAgo = dateMs === null ? null : Math.floor((now.getTime() - dateMs) / dayMs);
  // A deceased patient takes no drug (lib/knowledge deceasedTakesNoDrug): what was open is past.
  if (deceased && feature.status !== 'past') return { ...out, status: 'past', openAtDeath: true };
  if (accumulator.longActingUntilMs !== undefined && feature.status === 'current')
    out.longActingUntil = new Date(accumulator.longActingUntilMs).toISOString().slice(0, 10);
  const newest = accumulator.newestRecordedMs;
  const windowMs = oldActiveOrder.afterYears * yearMs;
  if (
    feature.status === 'current' &&
    feature.basis === 'order' &&
    !accumulator.currentBeyondOldOrders &&
    feature.date !== null &&
    dateMs !== null &&
    newest !== null &&
    now.getTime() - newest > windowMs
  ) {
    out.oldActiveOrder = { since: feature.date, years: yearsBefore(now, dateMs) };
  }
  return out;
}

function mergeAll(items: Map<string, Accumulator>, found: Found, use: MedicationUse): void {
  found.forEach((matchedBy, ingredient) => {
    mergeInto(items, ingredient, matchedBy, use);
  });
}

export interface MedicationsFeatureOptions {
  /** The patient died: nothing is current or recent (lib/knowledge deceasedTakesNoDrug). */
  deceased?: boolean;
}

export function medicationsFeature(
  chart: ChartSnapshot,
  now: Date,
  options: MedicationsFeatureOptions = {},
): MedicationsFeature {
  const deceased = options.deceased === true;
  const medications = new Map<string, WithId<fhir4.Medication>>();
  for (const medication of chart.medications) medications.set(`Medication/${medication.id}`, medication);
  const items = new Map<string, Accumulator>();
  const matchNames = ingredientNameIndex.matcher();
  // Statements, then orders, each merged as it is read: a use is built only when it names a known
  // ingredient, and nothing is kept per entry.
  // Index loops: on a large chart these long loops run partly before they are fully optimised,
  // where for...of makes an iterator result per element.
  const { medicationStatements: statements, medicationRequests: requests } = chart;
  const administrations = chart.medicationAdministrations;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (!statement || ignoredStatuses.has(statement.status)) continue;
    const ref = statement.medicationReference;
    const referenced = ref ? referencedMedication(statement, ref, medications) : null;
    const found = ingredientsOf(statement.medicationCodeableConcept, referenced, matchNames);
    if (!found) continue;
    const routes = (statement.dosage ?? []).map((d) => d.route);
    if (localUse(routes, statement.medicationCodeableConcept, referenced)) continue;
    mergeAll(items, found, statementUse(statement, referenced, now));
  }
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i];
    if (!request || ignoredStatuses.has(request.status)) continue;
    const ref = request.medicationReference;
    const referenced = ref ? referencedMedication(request, ref, medications) : null;
    const found = ingredientsOf(request.medicationCodeableConcept, referenced, matchNames);
    if (!found) continue;
    const routes = (request.dosageInstruction ?? []).map((d) => d.route);
    if (localUse(routes, request.medicationCodeableConcept, referenced)) continue;
    mergeAll(items, found, requestUse(request, referenced, now));
  }
  for (let i = 0; i < administrations.length; i++) {
    const administration = administrations[i];
    if (!administration || ignoredAdministrationStatuses.has(administration.status)) continue;
    const ref = administration.medicationReference;
    const referenced = ref ? referencedMedication(administration, ref, medications) : null;
    const found = ingredientsOf(administration.medicationCodeableConcept, referenced, matchNames);
    if (!found) continue;
    if (localUse([administration.dosage?.route], administration.medicationCodeableConcept, referenced))
      continue;
    mergeAll(items, found, administrationUse(administration, referenced, now));
  }
  return {
    search: medicationSearchCompleteness(chart.queries),
    items: [...items.values()]
      .map((accumulator) => finish(accumulator, now, deceased))
      .sort((a, b) => a.ingredient.localeCompare(b.ingredient)),
  };
}

/**
 * When a completed or stopped dose of a long-acting injectable stops covering the patient (epoch
 * ms), read as the flags read it (the timeline draws each dose's interval); null for any other dose.
 */
export function longActingDoseEnd(
  administration: WithId<fhir4.MedicationAdministration>,
  medicationsByReference: ReadonlyMap<string, WithId<fhir4.Medication>>,
): number | null {
  if (!endedStatuses.has(administration.status)) return null;
  const ref = administration.medicationReference;
  const referenced = ref ? referencedMedication(administration, ref, medicationsByReference) : null;
  const given = administration.effectiveDateTime ?? administration.effectivePeriod?.start ?? null;
  const dateMs = fhirDateToMs(administration.effectivePeriod?.end ?? given);
  if (dateMs === null) return null;
  return longActingIntervalEnd(productTexts(administration.medicationCodeableConcept, referenced), dateMs);
}
