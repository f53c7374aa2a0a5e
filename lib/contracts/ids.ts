// Stable ids shared by every layer: the knowledge tables, the features, the differential, the
// Report schema (its enums are built from these lists) and the surfaces. Imports nothing.

/** Medication classes that cause or worsen RLS or akathisia (clinical spec §2). */
export const offendingClassIds = [
  'ssri',
  'tca',
  'lithium',
  'dopamine-antagonist',
  'sedating-antihistamine',
  'snri',
  'mirtazapine',
] as const;
export type OffendingClassId = (typeof offendingClassIds)[number];

/** RLS treatments: informative, never offending (clinical spec §2). */
export const treatmentClassIds = ['dopamine-agonist', 'levodopa', 'alpha-2-delta-ligand', 'iron'] as const;
export type TreatmentClassId = (typeof treatmentClassIds)[number];

export type MedicationClassId = OffendingClassId | TreatmentClassId;

/** Condition groups matched by value set (clinical spec §4). Diabetic neuropathy is in `neuropathy`. */
export const conditionGroupIds = [
  'rls',
  'plmd',
  'leg-cramps',
  'neuropathy',
  'varicose-veins',
  'venous-insufficiency',
  'pad',
  'lumbar-spinal-stenosis',
  'arthritis',
  'drug-induced-akathisia',
  'iron-deficiency',
  'ckd',
  'esrd',
  'pregnancy',
  'diabetes',
  'metabolic-syndrome',
  'dementia',
  'parkinsons',
  'hypothyroidism',
] as const;
export type ConditionGroupId = (typeof conditionGroupIds)[number];

/**
 * How a coded condition counts (clinical spec §1, revision 2). Only `current` is a diagnosis that
 * can make a candidate `likely`; the others support at most `possible`:
 * - provisional: provisional, differential ("rule out") or unconfirmed
 * - symptom: a symptom code (R25.2 "Cramp and spasm", ...), not a diagnosis
 * - history: inactive/resolved, or an old encounter diagnosis without a clinical status
 */
export const conditionStatuses = ['current', 'provisional', 'symptom', 'history'] as const;
export type ConditionStatus = (typeof conditionStatuses)[number];

/** What decided a condition's status (texts in lib/knowledge/conditions.ts). */
export const conditionStatusReasons = [
  // current
  'active',
  'problem-without-clinical-status',
  'recent-encounter-diagnosis',
  // provisional
  'verification-provisional',
  'verification-differential',
  'verification-unconfirmed',
  'encounter-diagnosis-unverified',
  'rule-out-in-name',
  // symptom
  'symptom-code',
  // history
  'inactive',
  'abated',
  'old-encounter-diagnosis',
  'history-in-name',
] as const;
export type ConditionStatusReason = (typeof conditionStatusReasons)[number];

/** Labs read from Observations by LOINC (clinical spec §3). */
export const labIds = ['ferritin', 'tsat', 'hemoglobin', 'iron', 'tibc', 'egfr', 'hba1c'] as const;
export type LabId = (typeof labIds)[number];

/** The ten candidates of the differential (clinical spec §1), in their fixed display order. */
export const candidateIds = [
  'rls',
  'plms',
  'nocturnal-leg-cramps',
  'peripheral-neuropathy',
  'venous-disease',
  'peripheral-arterial-disease',
  'lumbar-spinal-stenosis',
  'arthritis',
  'akathisia',
  'positional-discomfort',
] as const;
export type CandidateId = (typeof candidateIds)[number];

export const tiers = ['likely', 'possible', 'less-likely'] as const;
export type Tier = (typeof tiers)[number];

/** The bedside findings a clinician can record (clinical spec §1); questions in lib/knowledge. */
export const bedsideFindingIds = [
  'urge-to-move',
  'evening-worsening',
  'rest-induced',
  'relief-by-movement',
  'relief-by-stretching',
  'claudication',
  'relief-lumbar-flexion',
  'whole-body-restlessness',
  'unperceived-twitching',
  'absent-pulses',
  'edema-varicosities',
  'joint-findings',
  'sensory-deficit',
  'relief-position-change',
] as const;
export type BedsideFindingId = (typeof bedsideFindingIds)[number];

export const findingAnswers = ['yes', 'no', 'unknown'] as const;
export type FindingAnswer = (typeof findingAnswers)[number];

/** What the clinician entered; missing keys mean unknown. */
export type BedsideFindingsInput = Partial<Record<BedsideFindingId, FindingAnswer>>;

/**
 * - low / borderline / normal: from the latest convertible ferritin (and TSAT, see knowledge)
 * - stale: latest ferritin older than the staleness window
 * - missing: the lab search succeeded and found no usable ferritin
 * - unknown: the lab search did not succeed, so we cannot say it is missing
 */
export const ironStatuses = ['low', 'borderline', 'normal', 'stale', 'missing', 'unknown'] as const;
export type IronStatus = (typeof ironStatuses)[number];

/** Which iron thresholds were applied (clinical spec §3): adults, ESRD, or children (under 18). */
export const ironThresholdSets = ['adult', 'esrd', 'child'] as const;
export type IronThresholdSet = (typeof ironThresholdSets)[number];

/**
 * What decided the iron status (clinical spec §3); the words for each are in
 * lib/knowledge/iron-texts.ts.
 */
export const ironDecisionIds = [
  /** Ferritin below the low threshold (every threshold set). Thresholds: lib/knowledge/labs.ts. */
  'ferritin-below-low',
  /** Adults: ferritin in the AASM 2024 borderline band. */
  'ferritin-borderline',
  /** Adults: a recent TSAT below the AASM 2024 threshold, whatever the ferritin. */
  'tsat-below',
  /** Adults: ferritin above the borderline band and no TSAT below the threshold. */
  'ferritin-above-borderline',
  /** ESRD: ferritin and TSAT both below the ESRD thresholds. */
  'esrd-ferritin-and-tsat-below',
  /** ESRD: ferritin below the ESRD threshold, but no usable TSAT to apply it with. */
  'esrd-tsat-needed',
  /** ESRD: ferritin not below the ESRD threshold. */
  'esrd-ferritin-not-below',
  /** ESRD: ferritin below the ESRD threshold, but TSAT not below it. */
  'esrd-tsat-not-below',
  /** Children: ferritin not below the paediatric threshold. */
  'child-ferritin-not-low',
  /** The latest ferritin is older than the staleness window. */
  'ferritin-stale',
  /** The newest ferritin could not be read (text, unit or no value): older ones are not used. */
  'newest-ferritin-unreadable',
  /** No ferritin came back and the lab search did not complete. */
  'lab-search-incomplete',
  /** The lab search completed and found no ferritin. */
  'no-ferritin',
] as const;
export type IronDecisionId = (typeof ironDecisionIds)[number];

/** Prompts the iron flag adds (clinical spec §3). */
export const ironPromptIds = [
  /** Ferritin below the AGA 2020 threshold: consider the cause of iron deficiency. */
  'iron-deficiency-cause',
] as const;
export type IronPromptId = (typeof ironPromptIds)[number];

export const medicationStatuses = ['current', 'recent', 'past'] as const;
export type MedicationStatus = (typeof medicationStatuses)[number];

/** Whether a group of searches gave a complete answer. Only `complete` allows a "none found" statement. */
export const completenessLevels = ['complete', 'partial', 'unavailable'] as const;
export type Completeness = (typeof completenessLevels)[number];

export const checklistItemIds = [
  'medication-review',
  'ferritin',
  'vascular-assessment',
  'neurological-exam',
] as const;
export type ChecklistItemId = (typeof checklistItemIds)[number];

/** Resource types the app reads (and so the scopes it asks for, and the sandbox grants). */
export const chartResourceTypes = [
  'Patient',
  'Condition',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'MedicationAdministration',
  'Medication',
] as const;
export type ChartResourceType = (typeof chartResourceTypes)[number];

/**
 * How one search (or read) ended. Anything but `ok` is a data gap: the absence of results from it
 * must never be shown as a negative finding.
 * - forbidden: 401/403 (scope not granted, or refused by site policy)
 * - unsupported: 404/400/405/501, or absent from the CapabilityStatement
 * - failed: network error, 5xx after retries, unparseable response
 * - truncated: results exist beyond the page bound we follow
 */
export const queryStatuses = ['ok', 'forbidden', 'unsupported', 'failed', 'truncated'] as const;
export type QueryStatus = (typeof queryStatuses)[number];
export const gapReasons = ['forbidden', 'unsupported', 'failed', 'truncated'] as const;
export type GapReason = (typeof gapReasons)[number];
