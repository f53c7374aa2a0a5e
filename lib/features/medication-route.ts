import { SNOMED } from '../knowledge/code-systems';
import {
  doseFormPhrases,
  type RouteKind,
  routeWords,
  snomedRouteCodes,
} from '../knowledge/medication-routes';
import { PhraseIndex } from './phrase-index';

// Whether a medication use is local (topical, ophthalmic, otic, nasal: no flag) or systemic. The
// dosage route decides first, then the Medication's form, then the dose-form words of the product
// name; what says nothing is systemic. Words and codes come from lib/knowledge/medication-routes.ts.

const routeByCode = new Map(snomedRouteCodes.map((c) => [c.code, c.kind]));

function indexOf(table: Readonly<Record<RouteKind, readonly string[]>>): PhraseIndex<RouteKind> {
  const index = new PhraseIndex<RouteKind>();
  for (const kind of ['local', 'systemic'] as const)
    for (const phrase of table[kind]) index.add(phrase, kind);
  return index;
}

const routeWordIndex = indexOf(routeWords);
const doseFormIndex = indexOf(doseFormPhrases);

/** A systemic word anywhere wins over a local one ("… Oral Tablet" is systemic whatever else it says). */
function kindOfText(text: string | undefined, index: PhraseIndex<RouteKind>): RouteKind | null {
  if (!text) return null;
  const kinds = index.match(text);
  if (kinds.includes('systemic')) return 'systemic';
  return kinds.includes('local') ? 'local' : null;
}

/** A route concept: its SNOMED code, else the words of its text and displays. */
function routeKind(route: fhir4.CodeableConcept | undefined): RouteKind | null {
  if (!route) return null;
  const kinds: RouteKind[] = [];
  for (const coding of route.coding ?? []) {
    const byCode = coding.system === SNOMED && coding.code ? routeByCode.get(coding.code) : undefined;
    if (byCode) kinds.push(byCode);
  }
  if (kinds.length === 0) {
    for (const text of [route.text, ...(route.coding ?? []).map((c) => c.display)]) {
      const kind = kindOfText(text, routeWordIndex);
      if (kind) kinds.push(kind);
    }
  }
  if (kinds.includes('systemic')) return 'systemic';
  return kinds.includes('local') ? 'local' : null;
}

function conceptKind(concept: fhir4.CodeableConcept | undefined): RouteKind | null {
  if (!concept) return null;
  const kinds = [concept.text, ...(concept.coding ?? []).map((c) => c.display)]
    .map((text) => kindOfText(text, doseFormIndex))
    .filter((k): k is RouteKind => k !== null);
  if (kinds.includes('systemic')) return 'systemic';
  return kinds.includes('local') ? 'local' : null;
}

export interface RouteEvidence {
  /** Dosage routes (MedicationRequest.dosageInstruction, MedicationStatement.dosage, MedicationAdministration.dosage). */
  routes: readonly (fhir4.CodeableConcept | undefined)[];
  /** The Medication's form, when a Medication is referenced. */
  forms: readonly (fhir4.CodeableConcept | undefined)[];
  /** Product names: the medication concepts (codeable concept, Medication.code). */
  names: readonly (fhir4.CodeableConcept | undefined)[];
}

function firstSaying(
  items: readonly (fhir4.CodeableConcept | undefined)[],
  read: (c: fhir4.CodeableConcept | undefined) => RouteKind | null,
): RouteKind | null {
  const kinds = items.map(read).filter((k): k is RouteKind => k !== null);
  if (kinds.includes('systemic')) return 'systemic';
  return kinds.includes('local') ? 'local' : null;
}

/** True when the use is topical, ophthalmic, otic or nasal by its route, form or product name. */
export function isLocalUse(evidence: RouteEvidence): boolean {
  const kind =
    firstSaying(evidence.routes, routeKind) ??
    firstSaying(evidence.forms, conceptKind) ??
    firstSaying(evidence.names, conceptKind);
  return kind === 'local';
}
