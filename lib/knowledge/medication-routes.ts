// Route of a medication use (clinical spec §2, revision 2): topical, ophthalmic, otic and nasal
// forms (diphenhydramine cream, doxepin cream, eye drops, nasal sprays) act locally and are not
// flagged. The route is read, in this order, from the dosage route (codes and text), the
// Medication's form, and the dose-form words of the product name; the first that says anything
// decides, and what says nothing is taken as systemic (a flag is never dropped on a guess).

export type RouteKind = 'local' | 'systemic';

export interface RouteCode {
  code: string;
  kind: RouteKind;
  display: string;
  /** false: taken from common use, not seen in a checked list (see test/known-gaps.md). */
  verified: boolean;
}

const routeValueSet = 'HL7 FHIR route-codes value set (SNOMED CT, descendants of 284009009)';

/** SNOMED CT route codes (Dosage.route), as FHIR's route-codes value set lists them. */
export const snomedRouteCodes: readonly RouteCode[] = [
  { code: '6064005', kind: 'local', display: 'Topical route', verified: true },
  { code: '10547007', kind: 'local', display: 'Otic route', verified: true },
  { code: '54485002', kind: 'local', display: 'Ophthalmic route', verified: false },
  { code: '46713006', kind: 'local', display: 'Nasal route', verified: false },
  { code: '448598008', kind: 'local', display: 'Cutaneous route', verified: false },
  { code: '26643006', kind: 'systemic', display: 'Oral route', verified: true },
  { code: '34206005', kind: 'systemic', display: 'Subcutaneous route', verified: true },
  { code: '47625008', kind: 'systemic', display: 'Intravenous route', verified: false },
  { code: '78421000', kind: 'systemic', display: 'Intramuscular route', verified: false },
];
export const routeCodesCitation = `clinical spec §2 (route); ${routeValueSet}`;

/**
 * Words of a route's text or display (Epic and Oracle send local route codes with text such as
 * "Topical", "Both Eyes", "Each Nostril", "Left Ear"). Matched on word boundaries, case-insensitive.
 */
export const routeWords: Readonly<Record<RouteKind, readonly string[]>> = {
  local: [
    'topical',
    'topically',
    'cutaneous',
    'skin',
    'external',
    'ophthalmic',
    'eye',
    'eyes',
    'intraocular',
    'otic',
    'ear',
    'ears',
    'auricular',
    'nasal',
    'intranasal',
    'nostril',
    'nostrils',
    'nare',
    'nares',
  ],
  // "transdermal" is systemic (rotigotine patch); "nasogastric" is one word, not "nasal".
  systemic: [
    'oral',
    'po',
    'mouth',
    'intravenous',
    'iv',
    'intramuscular',
    'im',
    'subcutaneous',
    'sc',
    'subq',
    'rectal',
    'sublingual',
    'buccal',
    'transdermal',
    'enteral',
    'gastrostomy',
    'nasogastric',
    'injection',
  ],
};

/**
 * Dose-form words in a product name or a Medication's form (RxNorm names end in the dose form:
 * "… Topical Cream", "… Ophthalmic Solution", "… Nasal Spray", "… Otic Suspension"). "Nasal" alone is
 * not enough in a name ("Nasal Decongestant" tablets are oral), nor are "gel" or "drops" ("Liqui-Gels",
 * oral drops). A systemic word anywhere in the text wins: "Oral Tablet", "Injection", "Suppository".
 */
export const doseFormPhrases: Readonly<Record<RouteKind, readonly string[]>> = {
  local: [
    'topical',
    'cutaneous',
    'cream',
    'ointment',
    'lotion',
    'ophthalmic',
    'eye drops',
    'eye drop',
    'otic',
    'ear drops',
    'ear drop',
    'nasal spray',
    'nasal solution',
    'nasal suspension',
    'nasal drops',
    'nasal gel',
    'nasal powder',
    'nasal inhaler',
  ],
  systemic: [
    'oral',
    'tablet',
    'tablets',
    'capsule',
    'capsules',
    'caplet',
    'caplets',
    'injection',
    'injectable',
    'intravenous',
    'intramuscular',
    'suppository',
    'rectal',
    'sublingual',
    'transdermal',
    'syrup',
    'elixir',
    'chewable',
  ],
};

export const routeCitation =
  'clinical spec §2 (route: topical, ophthalmic, otic and nasal forms are not systemic)';
