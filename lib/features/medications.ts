import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { MedicationFeature, MedicationsFeature } from '../contracts/feature-model';
import type { MedicationStatus } from '../contracts/ids';
import { referenceKey, referenceOf, type WithId } from '../contracts/references';
import { RXNORM } from '../knowledge/code-systems';
import { medicationStatusRules } from '../knowledge/medications';
import { medicationSearchCompleteness } from './completeness';
import { fhirDateToMs, firstText } from './fhir-values';
import { ingredientNameIndex, ingredientsByRxcui, type KnownIngredient } from './medication-index';

type MatchedBy = MedicationFeature['matchedBy'];

/** A chart entry that names a medication (its own concept, or a contained or chart Medication). */
type MedicationEntry =
  | WithId<fhir4.MedicationStatement>
  | WithId<fhir4.MedicationRequest>
  | WithId<fhir4.MedicationAdministration>;

/** What a medicationReference adds: the Medication's concepts and the texts outside them. */
interface ReferencedMedication {
  concepts: fhir4.CodeableConcept[];
  /** The reference's display, ingredient references' displays. */
  texts: string[];
  /** "Medication/id" when the Medication is a resource in the chart (it is then cited too). */
  medicationReference: string | null;
}

/** One statement or order that names a known ingredient: its status and date, as merged. */
interface MedicationUse {
  reference: string;
  medicationReference: string | null;
  status: MedicationStatus;
  date: string | null;
  /** `date` in epoch ms, read once for the merge. */
  dateMs: number | null;
  display: string;
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

function endedStatus(dateMs: number | null, now: Date): MedicationStatus {
  if (dateMs === null) return 'past';
  return now.getTime() - dateMs <= medicationStatusRules.recentWithinDays.value * dayMs ? 'recent' : 'past';
}

/** The referenced Medication (contained "#id" or in the chart): its concepts and texts. */
function referencedMedication(
  resource: MedicationEntry,
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
  return { concepts, texts, medicationReference };
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
  };
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
    if (coding.system !== RXNORM || !coding.code) continue;
    for (const ingredient of ingredientsByRxcui.get(coding.code) ?? noIngredients) {
      result ??= new Map();
      result.set(ingredient, 'rxnorm');
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
    };
    const sources = new Set([use.reference]);
    if (use.medicationReference) sources.add(use.medicationReference);
    items.set(name, { feature, sources, dateMs: use.dateMs });
    return;
  }
  const existing = accumulator.feature;
  accumulator.sources.add(use.reference);
  if (use.medicationReference) accumulator.sources.add(use.medicationReference);
  if (matchedBy === 'rxnorm') existing.matchedBy = 'rxnorm';
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
    accumulator.dateMs = use.dateMs;
  }
}

function mergeAll(items: Map<string, Accumulator>, found: Found, use: MedicationUse): void {
  found.forEach((matchedBy, ingredient) => {
    mergeInto(items, ingredient, matchedBy, use);
  });
}

export function medicationsFeature(chart: ChartSnapshot, now: Date): MedicationsFeature {
  const medications = new Map<string, WithId<fhir4.Medication>>();
  for (const medication of chart.medications) medications.set(`Medication/${medication.id}`, medication);
  const items = new Map<string, Accumulator>();
  const matchNames = ingredientNameIndex.matcher();
  // Statements, then orders, each merged as it is read: a use is built only when it names a known
  // ingredient, and nothing is kept per entry.
  // Index loops: on a large chart these long loops run partly before they are fully optimised,
  // where for...of makes an iterator result per element.
  const { medicationStatements: statements, medicationRequests: requests } = chart;
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (!statement || ignoredStatuses.has(statement.status)) continue;
    const ref = statement.medicationReference;
    const referenced = ref ? referencedMedication(statement, ref, medications) : null;
    const found = ingredientsOf(statement.medicationCodeableConcept, referenced, matchNames);
    if (found) mergeAll(items, found, statementUse(statement, referenced, now));
  }
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i];
    if (!request || ignoredStatuses.has(request.status)) continue;
    const ref = request.medicationReference;
    const referenced = ref ? referencedMedication(request, ref, medications) : null;
    const found = ingredientsOf(request.medicationCodeableConcept, referenced, matchNames);
    if (found) mergeAll(items, found, requestUse(request, referenced, now));
  }
  return {
    search: medicationSearchCompleteness(chart.queries),
    items: [...items.values()]
      .map(({ feature, sources }) => ({ ...feature, sources: [...sources] }))
      .sort((a, b) => a.ingredient.localeCompare(b.ingredient)),
  };
}

/**
 * The known ingredients one entry names, matched exactly as the flags match them (so the timeline
 * and the flags never disagree on a drug); null when none, or when the entry is withdrawn.
 */
export function knownIngredientsOf(
  entry: MedicationEntry,
  medicationsByReference: ReadonlyMap<string, WithId<fhir4.Medication>>,
  matchNames: NameMatcher,
): Found | null {
  if (ignoredStatuses.has(entry.status)) return null;
  const ref = entry.medicationReference;
  const referenced = ref ? referencedMedication(entry, ref, medicationsByReference) : null;
  return ingredientsOf(entry.medicationCodeableConcept, referenced, matchNames);
}
