import type { ChartSnapshot } from '../fhir/chart-snapshot';
import { RXNORM } from '../knowledge/code-systems';
import { medicationStatusRules } from '../knowledge/medications';
import { medicationSearchCompleteness } from './completeness';
import type { MedicationFeature, MedicationStatus, MedicationsFeature } from './feature-model';
import { fhirDateToMs, isNewer, referenceKey, textsOf } from './fhir-values';
import { ingredientNameIndex, ingredientsByRxcui, type KnownIngredient } from './medication-index';

type MatchedBy = MedicationFeature['matchedBy'];

/** One statement or order, read: what it names, its status and date. */
interface MedicationUse {
  reference: string;
  medicationReference: string | null;
  status: MedicationStatus;
  date: string | null;
  display: string;
  concepts: fhir4.CodeableConcept[];
  extraTexts: string[];
}

const dayMs = 24 * 60 * 60 * 1000;

/** Never count: withdrawn, cancelled, never started, or explicitly not taken. */
const ignoredStatuses = new Set(['entered-in-error', 'cancelled', 'draft', 'not-taken']);
const currentRequestStatuses = new Set(['active', 'on-hold']);
const currentStatementStatuses = new Set(['active', 'intended', 'on-hold']);
const endedStatuses = new Set(['stopped', 'completed']);

function endedStatus(date: string | null, now: Date): MedicationStatus {
  const ms = fhirDateToMs(date);
  if (ms === null) return 'past';
  return now.getTime() - ms <= medicationStatusRules.recentWithinDays.value * dayMs ? 'recent' : 'past';
}

/** Medication[x]: the codeable concept, or the referenced Medication (contained "#id" or in the chart). */
function medicationConcepts(
  resource: fhir4.MedicationStatement | fhir4.MedicationRequest,
  medicationsByReference: ReadonlyMap<string, fhir4.Medication>,
): { concepts: fhir4.CodeableConcept[]; texts: string[]; medicationReference: string | null } {
  const concepts: fhir4.CodeableConcept[] = [];
  const texts: string[] = [];
  let medicationReference: string | null = null;
  if (resource.medicationCodeableConcept) concepts.push(resource.medicationCodeableConcept);
  const ref = resource.medicationReference;
  if (ref) {
    if (ref.display) texts.push(ref.display);
    let medication: fhir4.Medication | undefined;
    if (ref.reference?.startsWith('#')) {
      const id = ref.reference.slice(1);
      for (const contained of resource.contained ?? []) {
        if (contained.resourceType === 'Medication' && contained.id === id) medication = contained;
      }
    } else {
      const key = referenceKey(ref.reference);
      medication = key ? medicationsByReference.get(key) : undefined;
      if (medication) medicationReference = key;
    }
    if (medication?.code) concepts.push(medication.code);
    for (const ingredient of medication?.ingredient ?? []) {
      if (ingredient.itemCodeableConcept) concepts.push(ingredient.itemCodeableConcept);
      if (ingredient.itemReference?.display) texts.push(ingredient.itemReference.display);
    }
  }
  return { concepts, texts, medicationReference };
}

function chartedDisplay(concepts: readonly fhir4.CodeableConcept[], texts: readonly string[]): string {
  for (const concept of concepts) {
    const text = textsOf(concept)[0];
    if (text) return text;
  }
  return texts[0] ?? '';
}

function statementUse(
  statement: fhir4.MedicationStatement,
  medications: ReadonlyMap<string, fhir4.Medication>,
  now: Date,
): MedicationUse | null {
  if (ignoredStatuses.has(statement.status)) return null;
  const { concepts, texts, medicationReference } = medicationConcepts(statement, medications);
  const started =
    statement.effectivePeriod?.start ?? statement.effectiveDateTime ?? statement.dateAsserted ?? null;
  let status: MedicationStatus;
  let date: string | null;
  if (currentStatementStatuses.has(statement.status)) {
    status = 'current';
    date = started;
  } else {
    date =
      statement.effectivePeriod?.end ??
      statement.effectiveDateTime ??
      statement.dateAsserted ??
      statement.effectivePeriod?.start ??
      null;
    // `unknown` status: we cannot say it is being taken, so it counts as past (never current).
    status = endedStatuses.has(statement.status) ? endedStatus(date, now) : 'past';
  }
  return {
    reference: `MedicationStatement/${statement.id}`,
    medicationReference,
    status,
    date,
    display: chartedDisplay(concepts, texts),
    concepts,
    extraTexts: texts,
  };
}

function requestUse(
  request: fhir4.MedicationRequest,
  medications: ReadonlyMap<string, fhir4.Medication>,
  now: Date,
): MedicationUse | null {
  if (ignoredStatuses.has(request.status)) return null;
  const { concepts, texts, medicationReference } = medicationConcepts(request, medications);
  let status: MedicationStatus;
  let date: string | null;
  if (currentRequestStatuses.has(request.status)) {
    status = 'current';
    date = request.authoredOn ?? null;
  } else {
    date = request.dispenseRequest?.validityPeriod?.end ?? request.authoredOn ?? null;
    // MedicationRequest `unknown`: the order's state is not known, so it is not evidence of a
    // current drug; it counts as past (FHIR R4 request-status "unknown").
    status = endedStatuses.has(request.status) ? endedStatus(date, now) : 'past';
  }
  return {
    reference: `MedicationRequest/${request.id}`,
    medicationReference,
    status,
    date,
    display: chartedDisplay(concepts, texts),
    concepts,
    extraTexts: texts,
  };
}

/** The known ingredients a use names: by RxNorm code on any coding, else by name in any text. */
function ingredientsOf(
  use: MedicationUse,
  matchNames: (text: string) => readonly KnownIngredient[],
): Map<KnownIngredient, MatchedBy> {
  const found = new Map<KnownIngredient, MatchedBy>();
  const texts = [...use.extraTexts];
  for (const concept of use.concepts) {
    for (const coding of concept.coding ?? []) {
      if (coding.system === RXNORM && coding.code) {
        for (const ingredient of ingredientsByRxcui.get(coding.code) ?? []) found.set(ingredient, 'rxnorm');
      }
    }
    texts.push(...textsOf(concept));
  }
  for (const text of texts) {
    for (const ingredient of matchNames(text)) {
      if (!found.has(ingredient)) found.set(ingredient, 'name');
    }
  }
  return found;
}

const statusRank: Record<MedicationStatus, number> = { current: 3, recent: 2, past: 1 };

/** A feature being built, with its sources as a Set so merging stays linear. */
interface Accumulator {
  feature: MedicationFeature;
  sources: Set<string>;
}

function mergeInto(
  items: Map<string, Accumulator>,
  ingredient: KnownIngredient,
  matchedBy: MatchedBy,
  use: MedicationUse,
): void {
  const name = ingredient.definition.name;
  const sources = use.medicationReference ? [use.reference, use.medicationReference] : [use.reference];
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
    items.set(name, { feature, sources: new Set(sources) });
    return;
  }
  const existing = accumulator.feature;
  for (const source of sources) accumulator.sources.add(source);
  if (matchedBy === 'rxnorm') existing.matchedBy = 'rxnorm';
  // The strongest status wins (current > recent > past); within a status, the newest date.
  const stronger = statusRank[use.status] > statusRank[existing.status];
  const sameButNewer = use.status === existing.status && isNewer(use.date, existing.date);
  if (stronger || sameButNewer) {
    existing.status = use.status;
    existing.date = use.date;
    existing.display = use.display || name;
  }
}

export function medicationsFeature(chart: ChartSnapshot, now: Date): MedicationsFeature {
  const medications = new Map<string, fhir4.Medication>();
  for (const medication of chart.medications) medications.set(`Medication/${medication.id}`, medication);
  const uses: MedicationUse[] = [];
  for (const statement of chart.medicationStatements) {
    const use = statementUse(statement, medications, now);
    if (use) uses.push(use);
  }
  for (const request of chart.medicationRequests) {
    const use = requestUse(request, medications, now);
    if (use) uses.push(use);
  }
  const items = new Map<string, Accumulator>();
  const matchNames = ingredientNameIndex.matcher();
  for (const use of uses) {
    for (const [ingredient, matchedBy] of ingredientsOf(use, matchNames))
      mergeInto(items, ingredient, matchedBy, use);
  }
  return {
    search: medicationSearchCompleteness(chart.queries),
    items: [...items.values()]
      .map(({ feature, sources }) => ({ ...feature, sources: [...sources] }))
      .sort((a, b) => a.ingredient.localeCompare(b.ingredient)),
  };
}
