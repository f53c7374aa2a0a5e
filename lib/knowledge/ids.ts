// Stable ids shared by the knowledge tables, the features and the differential.

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

/** Labs read from Observations by LOINC (clinical spec §3). */
export const labIds = ['ferritin', 'tsat', 'hemoglobin', 'iron', 'tibc', 'egfr', 'hba1c'] as const;
export type LabId = (typeof labIds)[number];
