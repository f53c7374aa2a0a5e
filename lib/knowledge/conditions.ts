import type { ConditionGroupId, ConditionStatus, ConditionStatusReason } from '../contracts/ids';

// Condition value sets (clinical spec §4, revision 2): SNOMED CT codes and ICD-10-CM prefixes. A
// prefix matches every code below it (M48.06 matches M48.062), written with or without the dot.
// Names are matched as drug names are (word boundaries, case-insensitive) in the condition's text
// and displays, with the negation and rule-out cues below (spec §4, "Free text").

export interface ConditionValueSet {
  group: ConditionGroupId;
  label: string;
  snomed: readonly string[];
  /** ICD-10-CM code prefixes, as written in the spec (dots optional when matching). */
  icd10Prefixes: readonly string[];
  /**
   * Prefixes under `icd10Prefixes` that are not this group (E11.43 autonomic neuropathy, hand
   * osteoarthritis). A condition coded with one is not matched to the group by its name either.
   */
  icd10Excluded?: readonly string[];
  /** SNOMED CT codes that are not this group, with the same effect on name matching. */
  snomedExcluded?: readonly string[];
  /**
   * Symptom codes that point to this group (spec §1: a symptom code is not a diagnosis, it supports
   * at most `possible`). Each is also in `symptomCodes`. A project mapping, not a guideline's.
   */
  symptomIcd10Prefixes?: readonly string[];
  symptomSnomed?: readonly string[];
  /** Lower-case names matched on word boundaries in the condition's text and displays. */
  names: readonly string[];
  /**
   * Words that, in the same clause as a name, name another site or kind ("osteoarthritis of the
   * hand", "autonomic neuropathy"): the name then does not match the group.
   */
  nameExclusions?: readonly string[];
  citation: string;
  note?: string;
}

/** Every prefix from `from` to `to` that shares their stem, e.g. G60..G65 (ICD-10 ranges are per category). */
function icdRange(stemLength: number, from: number, to: number, stem: string, suffix = ''): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${stem}${String(n).padStart(stemLength, '0')}${suffix}`);
  return out;
}

/** The diabetes categories of ICD-10-CM (E12 does not exist). */
const diabetesCategories = ['E08', 'E09', 'E10', 'E11', 'E13'] as const;
const diabetesSubcodes = (subcodes: readonly string[]) =>
  diabetesCategories.flatMap((category) => subcodes.map((subcode) => `${category}.${subcode}`));

/**
 * Upper-limb sites of the M05/M06/M10/M1A site axis (5th character 1 shoulder, 2 elbow, 3 wrist,
 * 4 hand), for every subcategory: "M05.74" is rheumatoid arthritis of the hand. 0 (unspecified),
 * 5–7 (hip, knee, ankle and foot), 8 (vertebrae) and 9 (multiple sites) stay in the group.
 */
const upperLimbSiteCodes = ['M05', 'M06', 'M10', 'M1A'].flatMap((category) =>
  icdRange(1, 0, 9, '').flatMap((subcategory) =>
    ['1', '2', '3', '4'].map((site) => `${category}.${subcategory}${site}`),
  ),
);

/** Upper-limb and other sites named in the text of an arthritis entry: not a leg mimic (spec §4). */
const upperLimbSiteWords = [
  'hand',
  'hands',
  'finger',
  'fingers',
  'thumb',
  'thumbs',
  'wrist',
  'wrists',
  'elbow',
  'elbows',
  'shoulder',
  'shoulders',
  'carpometacarpal',
  'temporomandibular',
];

export const conditionValueSets: readonly ConditionValueSet[] = [
  {
    group: 'rls',
    label: 'Restless legs syndrome',
    snomed: ['32914008'],
    icd10Prefixes: ['G25.81'],
    names: [
      'restless legs',
      'restless leg',
      'restless legs syndrome',
      'restless leg syndrome',
      'willis ekbom disease',
      'willis ekbom',
      'ekbom syndrome',
      'rls',
    ],
    citation: 'seed [1][2][3]; clinical spec §4',
  },
  {
    group: 'plmd',
    label: 'Periodic limb movement disorder',
    snomed: ['418763003'],
    icd10Prefixes: ['G47.61'],
    names: [
      'periodic limb movement disorder',
      'periodic limb movements',
      'periodic limb movement',
      'periodic leg movements',
      'plmd',
      'plms',
    ],
    citation: 'seed [2]; clinical spec §4',
  },
  {
    group: 'leg-cramps',
    label: 'Leg cramps',
    snomed: ['449918009'],
    // R25.2 "Cramp and spasm" is a symptom code (spec §1): below, not here.
    icd10Prefixes: ['G47.62'],
    // R25.2 cramp and spasm; M62.831 spasm of calf, M62.838 other muscle spasm (not M62.830, back).
    symptomIcd10Prefixes: ['R25.2', 'M62.831', 'M62.838'],
    // 55300003 Cramp, 45352006 Spasm (findings): not checked against a SNOMED CT release.
    symptomSnomed: ['55300003', '45352006'],
    names: [
      'leg cramp',
      'leg cramps',
      'nocturnal leg cramp',
      'nocturnal leg cramps',
      'calf cramp',
      'calf cramps',
      'night cramps',
      'nocturnal cramps',
      'leg muscle cramps',
      'charley horse',
    ],
    citation: 'seed [2][4]; clinical spec §1 (symptom codes) and §4',
    note: 'No checkable SNOMED code for nocturnal leg cramp: matched by name until confirmed.',
  },
  {
    group: 'neuropathy',
    label: 'Peripheral neuropathy (incl. diabetic, radiculopathy)',
    snomed: ['302226006', '368581000119106', '230572002'],
    // G60–G65 polyneuropathies; diabetic .40/.41/.42/.44 (not .43, autonomic); G57 lower-limb
    // mononeuropathies; M54.1x and M51.1x radiculopathy.
    icd10Prefixes: [
      ...icdRange(2, 60, 65, 'G'),
      ...diabetesSubcodes(['40', '41', '42', '44']),
      'G57',
      'M54.1',
      'M51.1',
    ],
    icd10Excluded: diabetesSubcodes(['43']),
    // R20 disturbances of skin sensation; 91019004 Paresthesia, 44077006 Numbness, 62507009 Pins and
    // needles (findings, not checked against a SNOMED CT release).
    symptomIcd10Prefixes: ['R20'],
    symptomSnomed: ['91019004', '44077006', '62507009'],
    names: [
      'peripheral neuropathy',
      'polyneuropathy',
      'diabetic neuropathy',
      'diabetic polyneuropathy',
      'diabetic peripheral neuropathy',
      'sensory neuropathy',
      'neuropathy',
      'radiculopathy',
      'lumbar radiculopathy',
    ],
    // Autonomic, optic, cranial and upper-limb nerve entries are not a leg mimic.
    nameExclusions: ['autonomic', 'optic', 'cranial', 'ulnar', 'median', 'radial'],
    citation: 'seed [1][2][3]; clinical spec §4',
  },
  {
    group: 'varicose-veins',
    label: 'Varicose veins',
    snomed: ['72866009'],
    icd10Prefixes: ['I83'],
    // Not "varices": oesophageal and gastric varices are another disease.
    names: ['varicose veins', 'varicose vein', 'varicosities', 'varicosity'],
    nameExclusions: ['esophageal', 'oesophageal', 'gastric'],
    citation: 'seed [1][3][4]; clinical spec §4',
  },
  {
    group: 'venous-insufficiency',
    label: 'Chronic venous insufficiency',
    snomed: [],
    // I87.2 venous insufficiency, I87.0x post-thrombotic syndrome, I87.3x chronic venous hypertension.
    icd10Prefixes: ['I87.2', 'I87.0', 'I87.3'],
    names: [
      'venous insufficiency',
      'chronic venous insufficiency',
      'venous stasis',
      'post thrombotic syndrome',
      'postthrombotic syndrome',
      'postphlebitic syndrome',
      'post phlebitic syndrome',
      'chronic venous hypertension',
    ],
    citation: 'seed [1][3][4]; clinical spec §4',
    note: 'No checkable SNOMED code for chronic venous insufficiency: matched by name until confirmed.',
  },
  {
    group: 'pad',
    label: 'Peripheral arterial disease',
    snomed: ['399957001', '840580004', '400047006'],
    // I70.2x native arteries and I70.3–I70.7 bypass grafts of the extremities, I70.92 chronic total
    // occlusion of an extremity artery, I73.9, and diabetic peripheral angiopathy E08–E13 .51/.52.
    icd10Prefixes: ['I73.9', ...icdRange(1, 2, 7, 'I70.'), 'I70.92', ...diabetesSubcodes(['51', '52'])],
    names: [
      'peripheral arterial disease',
      'peripheral artery disease',
      'peripheral vascular disease',
      'peripheral arterial occlusive disease',
      'peripheral angiopathy',
      'diabetic angiopathy',
      'intermittent claudication',
      'pad',
      'pvd',
      'paod',
    ],
    citation: 'seed [1][3]; clinical spec §4',
  },
  {
    group: 'lumbar-spinal-stenosis',
    label: 'Lumbar spinal stenosis',
    snomed: ['18347007'],
    // M48.06x lumbar, M48.07 lumbosacral, M48.00 site unspecified.
    icd10Prefixes: ['M48.06', 'M48.07', 'M48.00'],
    names: [
      'lumbar spinal stenosis',
      'lumbar stenosis',
      'lumbar canal stenosis',
      'spinal stenosis',
      'neurogenic claudication',
    ],
    nameExclusions: ['cervical', 'thoracic'],
    citation: 'seed [3]; clinical spec §4',
  },
  {
    group: 'arthritis',
    label: 'Arthritis of the legs, spine or many joints',
    // 396275006 osteoarthritis, 239873007 knee OA, 239872002 hip OA, 69896004 rheumatoid arthritis.
    snomed: ['396275006', '239873007', '239872002', '69896004'],
    // M15 polyosteoarthritis, M16 hip, M17 knee, M19.x7 ankle and foot, M19.9x site unspecified;
    // M05–M06 rheumatoid, M10/M1A gout, L40.5x psoriatic arthropathy.
    icd10Prefixes: [
      'M15',
      'M16',
      'M17',
      'M19.07',
      'M19.17',
      'M19.27',
      'M19.9',
      'M05',
      'M06',
      'M10',
      'M1A',
      'L40.5',
    ],
    // Not hand, thumb, shoulder, elbow or wrist: M18 (thumb base), M19.x1–M19.x4, the upper-limb
    // sites of M05/M06/M10/M1A, L40.51 (distal interphalangeal, mostly the hands).
    icd10Excluded: [
      'M18',
      'M19.01',
      'M19.02',
      'M19.03',
      'M19.04',
      'M19.11',
      'M19.12',
      'M19.13',
      'M19.14',
      'M19.21',
      'M19.22',
      'M19.23',
      'M19.24',
      'L40.51',
      ...upperLimbSiteCodes,
    ],
    // 201834006 localized primary osteoarthritis of the hand (Synthea's osteoarthritis code).
    snomedExcluded: ['201834006'],
    names: [
      'osteoarthritis',
      'osteoarthrosis',
      'degenerative joint disease',
      'rheumatoid arthritis',
      'psoriatic arthritis',
      'gouty arthritis',
      'gout',
      'polyarthritis',
      'arthritis',
    ],
    nameExclusions: [...upperLimbSiteWords, 'septic'],
    citation: 'seed [1][3]; clinical spec §4 (legs, spine or many joints only)',
  },
  {
    group: 'drug-induced-akathisia',
    label: 'Drug-induced akathisia',
    snomed: [],
    icd10Prefixes: ['G25.71'],
    names: ['akathisia', 'drug induced akathisia', 'tardive akathisia'],
    citation: 'seed [1][2]; clinical spec §4',
    note: 'No checkable SNOMED code for drug-induced akathisia: matched by name until confirmed.',
  },
  {
    group: 'iron-deficiency',
    label: 'Iron deficiency (anemia)',
    snomed: ['87522002'],
    icd10Prefixes: ['D50', 'E61.1'],
    names: ['iron deficiency', 'iron deficiency anemia', 'iron deficiency anaemia', 'sideropenia'],
    citation: 'clinical spec §1 (RLS row, seed [1][2][3]) and §4',
  },
  {
    group: 'ckd',
    label: 'Chronic kidney disease stage 3–5',
    snomed: ['709044004', '433144002', '431857002', '433146000'],
    // N18.6 (ESRD) is in `esrd`.
    icd10Prefixes: ['N18.3', 'N18.4', 'N18.5'],
    names: ['chronic kidney disease', 'ckd', 'chronic renal failure', 'chronic renal insufficiency'],
    // Stages 1–2 are not the CKD the spec names (stage 3–5).
    nameExclusions: ['stage 1', 'stage 2', 'stage i', 'stage ii'],
    citation: 'clinical spec §1 (RLS row, seed [1][2][3]) and §4',
  },
  {
    group: 'esrd',
    label: 'End-stage renal disease',
    snomed: ['46177005'],
    icd10Prefixes: ['N18.6', 'Z99.2'],
    names: [
      'end stage renal disease',
      'end stage kidney disease',
      'esrd',
      'eskd',
      'hemodialysis',
      'haemodialysis',
      'peritoneal dialysis',
      'renal dialysis',
      'dialysis dependent',
      'dependence on dialysis',
    ],
    citation: 'clinical spec §1 (RLS row, seed [1][2][3]) and §4',
  },
  {
    group: 'pregnancy',
    label: 'Pregnancy',
    // 72892002 "normal pregnancy" is the code Synthea uses.
    snomed: ['77386006', '72892002'],
    // O00–O9A is the whole of ICD-10-CM chapter XV: every code starting with O.
    icd10Prefixes: ['Z33.1', 'Z34', 'O'],
    names: ['pregnancy', 'pregnant', 'intrauterine pregnancy'],
    nameExclusions: ['test'],
    citation: 'clinical spec §1 (RLS row, seed [1][2][3]) and §4',
  },
  {
    group: 'diabetes',
    label: 'Diabetes mellitus',
    snomed: ['44054006', '46635009', '73211009'],
    icd10Prefixes: [...diabetesCategories],
    names: ['diabetes mellitus', 'diabetes', 'diabetic', 't1dm', 't2dm'],
    nameExclusions: ['insipidus', 'gestational', 'pre diabetes', 'prediabetes', 'borderline'],
    citation: 'clinical spec §1 (neuropathy row, seed [1][2][3]) and §4',
  },
  {
    group: 'metabolic-syndrome',
    label: 'Metabolic syndrome',
    snomed: ['237602007'],
    // E88.81 is now split into subcodes: match the prefix.
    icd10Prefixes: ['E88.81'],
    names: ['metabolic syndrome', 'dysmetabolic syndrome'],
    citation: 'seed [4] (leg cramps and metabolic syndrome); clinical spec §4',
  },
  {
    group: 'dementia',
    label: 'Dementia or cognitive impairment',
    // 230265002 (familial Alzheimer's disease of early onset) is a subtype of 26929004, used by Synthea.
    snomed: ['52448006', '26929004', '386805003', '230265002'],
    // G31.0x frontotemporal, G31.83 Lewy bodies, G31.84 mild cognitive impairment.
    icd10Prefixes: ['F01', 'F02', 'F03', 'G30', 'G31.0', 'G31.83', 'G31.84', 'F06.7'],
    names: [
      'dementia',
      'alzheimer',
      'alzheimers',
      'mild cognitive impairment',
      'cognitive impairment',
      'neurocognitive disorder',
      'lewy body',
      'lewy bodies',
    ],
    citation: 'seed [1][2]; clinical spec §4, §7',
    note: 'No checkable SNOMED code for mild cognitive impairment: matched by name until confirmed. 230265002 added as an Alzheimer subtype seen in Synthea data.',
  },
  {
    group: 'parkinsons',
    label: "Parkinson's disease or parkinsonism",
    snomed: ['49049000'],
    // G20 was split in FY2024: match the prefix. G21 secondary parkinsonism.
    icd10Prefixes: ['G20', 'G21'],
    names: ['parkinson', 'parkinsons', 'parkinsonism', 'paralysis agitans'],
    // Wolff-Parkinson-White syndrome is a heart rhythm disorder.
    nameExclusions: ['wolff', 'white'],
    citation: "clinical spec §1 (RLS row: treatment without Parkinson's), §2 and §4",
  },
  {
    group: 'hypothyroidism',
    label: 'Hypothyroidism',
    snomed: ['40930008', '83664006'],
    icd10Prefixes: ['E03'],
    names: ['hypothyroidism', 'hypothyroid', 'myxedema', 'myxoedema'],
    citation: 'clinical spec §4',
  },
];

/**
 * Symptom codes (spec §1): a condition coded with one is a charted symptom, not a diagnosis, for
 * every group it is matched to by this code or by its name. ICD-10-CM chapter XVIII (R00–R99,
 * "Symptoms, signs and abnormal clinical and laboratory findings") holds the spec's R25.x, R20.x,
 * R26.x and R29.x; M62.83x (muscle spasm) and M79.6x (pain in limb) are symptom codes outside it.
 */
export const symptomCodes = {
  icd10Prefixes: ['R', 'M62.83', 'M79.6'],
  // Findings of the same kind: 55300003 Cramp, 45352006 Spasm, 91019004 Paresthesia, 44077006
  // Numbness, 62507009 Pins and needles, 10601006 Pain in lower limb. Not checked against a
  // SNOMED CT release: see test/known-gaps.md.
  snomed: ['55300003', '45352006', '91019004', '44077006', '62507009', '10601006'],
  citation: 'clinical spec §1 (revision 2: a symptom code is not a diagnosis)',
} as const;

/** Condition.clinicalStatus codes read as current, and as history. */
export const currentClinicalStatuses: readonly string[] = ['active', 'recurrence', 'relapse'];
export const historyClinicalStatuses: readonly string[] = ['inactive', 'remission', 'resolved'];
/** Verification statuses that take a condition out of the analysis. */
export const excludedVerificationStatuses: readonly string[] = ['refuted', 'entered-in-error'];
/** Verification statuses that make a condition provisional: at most `possible` (spec §1). */
export const provisionalVerificationStatuses = {
  provisional: 'verification-provisional',
  differential: 'verification-differential',
  unconfirmed: 'verification-unconfirmed',
} as const satisfies Record<string, ConditionStatusReason>;
export const confirmedVerificationStatus = 'confirmed';

/**
 * Condition.category codes (HL7 condition-category, US Core; Epic sends the same codes). An
 * encounter diagnosis may omit its clinical status; problem-list items, health concerns and
 * conditions with no category (Synthea, HAPI) follow the problem-list rules.
 */
export const conditionCategories = {
  encounterDiagnosis: 'encounter-diagnosis',
  problemListItem: 'problem-list-item',
  healthConcern: 'health-concern',
} as const;

/**
 * An encounter diagnosis without a clinical status is current when recorded within this window
 * before `now`, and history when older (spec §1, revision 2).
 */
export const encounterDiagnosisCurrentMonths = {
  value: 12,
  unit: 'months',
  citation: 'clinical spec §1 (revision 2)',
} as const;

/**
 * Cues in a condition's name (spec §4, "Free text"), matched as whole words in the same clause as
 * a group's name: before it, within `cueWindowWords` words, or right after it for "ruled out".
 * - negation: the condition is denied; that name does not count at all
 * - ruleOut: a rule-out ("r/o PAD"): provisional
 * - notThePatient: another person's condition (family history): does not count
 * - history: "history of" (ICD-10-CM Z86/Z87 "Personal history of ..." displays): at most possible
 */
export const conditionNameCues = {
  negationBefore: ['no', 'denies', 'negative for', 'ruled out'],
  negationAfter: ['ruled out'],
  // "r/o" and "rule out" are in the spec; "suspected", "possible", "probable" and "questionable"
  // are the same hedge written out (project choice).
  ruleOutBefore: ['r/o', 'rule out', 'suspected', 'possible', 'probable', 'questionable'],
  notThePatientBefore: ['family history', 'family hx', 'family h/o', 'fam hx', 'fh', 'fhx'],
  // Not in the spec's list: "history of" is read as a past condition, never as a negation.
  historyBefore: ['history of', 'personal history of', 'past history of', 'h/o', 'hx of'],
  // After the name, in its clause or opening the next ("RLS resolved", "RLS - resolved", "RLS, resolved"):
  // a past condition (project choice, as problem lists write it).
  historyAfter: ['resolved', 'in remission'],
  /** Words that end a clause, like punctuation: a cue does not reach across them. */
  clauseBreaks: ['but', 'however', 'although', 'though', 'except'],
  cueWindowWords: 6,
  citation: 'clinical spec §4 (free text: negation guard; "r/o" means a rule-out)',
} as const;

/** How evidence names a status (spec §1: provisional diagnoses and symptom codes are labelled as such). */
export const conditionStatusWords: Record<ConditionStatus, string> = {
  current: 'Coded diagnosis',
  provisional: 'Provisional diagnosis',
  symptom: 'Symptom charted',
  history: 'Coded diagnosis',
};

/** What decided the status, in the words evidence shows in brackets. */
export const conditionStatusLabels: Record<ConditionStatusReason, string> = {
  active: 'active',
  'problem-without-clinical-status': 'on the problem list without a clinical status',
  'recent-encounter-diagnosis': 'encounter diagnosis in the last 12 months',
  'verification-provisional': 'verification: provisional',
  'verification-differential': 'verification: differential, a rule-out',
  'verification-unconfirmed': 'verification: unconfirmed',
  'encounter-diagnosis-unverified': 'encounter diagnosis without a confirmed verification status',
  'rule-out-in-name': 'charted as a rule-out',
  'symptom-code': 'a symptom code, not a diagnosis',
  inactive: 'history: inactive or resolved',
  abated: 'history: resolved',
  'old-encounter-diagnosis':
    'history: encounter diagnosis without a clinical status, not recorded in the last 12 months',
  'history-in-name': 'history: the name says it is past ("history of", "resolved")',
};

/** The strength of each status when several conditions fall in one group: the strongest is kept. */
export const conditionStatusRank: Record<ConditionStatus, number> = {
  current: 3,
  provisional: 2,
  symptom: 1,
  history: 0,
};
