import type { ConditionGroupId } from '../contracts/ids';

// Condition value sets (clinical spec §4): SNOMED CT codes and ICD-10-CM prefixes. A prefix
// matches every code below it (M48.06 matches M48.062), written with or without the dot.
// Text patterns only where no checkable SNOMED code was found (spec §4, last line).

export interface ConditionValueSet {
  group: ConditionGroupId;
  label: string;
  snomed: readonly string[];
  /** ICD-10-CM code prefixes, as written in the spec (dots optional when matching). */
  icd10Prefixes: readonly string[];
  /** Lower-case phrases matched on word boundaries in the condition's text and displays. */
  textPatterns?: readonly string[];
  citation: string;
  note?: string;
}

/** Every prefix from `from` to `to` that shares their stem, e.g. G60..G65 (ICD-10 ranges are per category). */
function icdRange(stemLength: number, from: number, to: number, stem: string, suffix = ''): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${stem}${String(n).padStart(stemLength, '0')}${suffix}`);
  return out;
}

export const conditionValueSets: readonly ConditionValueSet[] = [
  {
    group: 'rls',
    label: 'Restless legs syndrome',
    snomed: ['32914008'],
    icd10Prefixes: ['G25.81'],
    citation: 'seed [1][2][3]; clinical spec §4',
  },
  {
    group: 'plmd',
    label: 'Periodic limb movement disorder',
    snomed: ['418763003'],
    icd10Prefixes: ['G47.61'],
    citation: 'seed [2]; clinical spec §4',
  },
  {
    group: 'leg-cramps',
    label: 'Leg cramps',
    snomed: ['449918009'],
    icd10Prefixes: ['G47.62', 'R25.2'],
    textPatterns: ['nocturnal leg cramp', 'nocturnal leg cramps', 'leg cramp', 'leg cramps'],
    citation: 'seed [2][4]; clinical spec §4',
    note: 'No checkable SNOMED code for nocturnal leg cramp: matched by text until confirmed.',
  },
  {
    group: 'neuropathy',
    label: 'Peripheral neuropathy (incl. diabetic)',
    snomed: ['302226006', '368581000119106', '230572002'],
    // G60–G65; E08.4–E13.4 are the diabetic neuropathies (.4x).
    icd10Prefixes: [...icdRange(2, 60, 65, 'G'), 'E08.4', 'E09.4', 'E10.4', 'E11.4', 'E13.4'],
    citation: 'seed [1][2][3]; clinical spec §4',
  },
  {
    group: 'varicose-veins',
    label: 'Varicose veins',
    snomed: ['72866009'],
    icd10Prefixes: ['I83'],
    citation: 'seed [1][3][4]; clinical spec §4',
  },
  {
    group: 'venous-insufficiency',
    label: 'Chronic venous insufficiency',
    snomed: [],
    icd10Prefixes: ['I87.2'],
    textPatterns: ['venous insufficiency'],
    citation: 'seed [1][3][4]; clinical spec §4',
    note: 'No checkable SNOMED code for chronic venous insufficiency: matched by text until confirmed.',
  },
  {
    group: 'pad',
    label: 'Peripheral arterial disease',
    snomed: ['399957001', '840580004'],
    icd10Prefixes: ['I73.9', 'I70.2'],
    citation: 'seed [1][3]; clinical spec §4',
  },
  {
    group: 'lumbar-spinal-stenosis',
    label: 'Lumbar spinal stenosis',
    snomed: ['18347007'],
    icd10Prefixes: ['M48.06', 'M48.07'],
    citation: 'seed [3]; clinical spec §4',
  },
  {
    group: 'arthritis',
    label: 'Arthritis (osteoarthritis, rheumatoid arthritis)',
    snomed: ['396275006', '239873007', '239872002', '69896004'],
    icd10Prefixes: [...icdRange(2, 15, 19, 'M'), 'M05', 'M06'],
    citation: 'seed [1][3]; clinical spec §4',
  },
  {
    group: 'drug-induced-akathisia',
    label: 'Drug-induced akathisia',
    snomed: [],
    icd10Prefixes: ['G25.71'],
    textPatterns: ['akathisia'],
    citation: 'seed [1][2]; clinical spec §4',
    note: 'No checkable SNOMED code for drug-induced akathisia: matched by text until confirmed.',
  },
  {
    group: 'iron-deficiency',
    label: 'Iron deficiency (anemia)',
    snomed: ['87522002'],
    icd10Prefixes: ['D50', 'E61.1'],
    citation: 'clinical spec §1 (RLS row, seed [1][2][3]) and §4',
  },
  {
    group: 'ckd',
    label: 'Chronic kidney disease stage 3–5',
    snomed: ['709044004', '433144002', '431857002', '433146000'],
    icd10Prefixes: ['N18.3', 'N18.4', 'N18.5', 'N18.6'],
    citation: 'clinical spec §1 (RLS row, seed [1][2][3]) and §4',
  },
  {
    group: 'esrd',
    label: 'End-stage renal disease',
    snomed: ['46177005'],
    icd10Prefixes: ['N18.6', 'Z99.2'],
    citation: 'clinical spec §1 (RLS row, seed [1][2][3]) and §4',
  },
  {
    group: 'pregnancy',
    label: 'Pregnancy',
    // 72892002 "normal pregnancy" is the code Synthea uses.
    snomed: ['77386006', '72892002'],
    // O00–O9A is the whole of ICD-10-CM chapter XV: every code starting with O.
    icd10Prefixes: ['Z33.1', 'Z34', 'O'],
    citation: 'clinical spec §1 (RLS row, seed [1][2][3]) and §4',
  },
  {
    group: 'diabetes',
    label: 'Diabetes mellitus',
    snomed: ['44054006', '46635009', '73211009'],
    icd10Prefixes: ['E08', 'E09', 'E10', 'E11', 'E13'],
    citation: 'clinical spec §1 (neuropathy row, seed [1][2][3]) and §4',
  },
  {
    group: 'metabolic-syndrome',
    label: 'Metabolic syndrome',
    snomed: ['237602007'],
    // E88.81 is now split into subcodes: match the prefix.
    icd10Prefixes: ['E88.81'],
    citation: 'seed [4] (leg cramps and metabolic syndrome); clinical spec §4',
  },
  {
    group: 'dementia',
    label: 'Dementia or cognitive impairment',
    // 230265002 (familial Alzheimer's disease of early onset) is a subtype of 26929004, used by Synthea.
    snomed: ['52448006', '26929004', '386805003', '230265002'],
    icd10Prefixes: ['F01', 'F02', 'F03', 'G30', 'G31.84', 'F06.7'],
    textPatterns: ['mild cognitive impairment'],
    citation: 'seed [1][2]; clinical spec §4, §7',
    note: 'No checkable SNOMED code for mild cognitive impairment: matched by text until confirmed. 230265002 added as an Alzheimer subtype seen in Synthea data.',
  },
  {
    group: 'parkinsons',
    label: "Parkinson's disease",
    snomed: ['49049000'],
    // G20 was split in FY2024: match the prefix.
    icd10Prefixes: ['G20'],
    citation: "clinical spec §1 (RLS row: treatment without Parkinson's) and §4",
  },
  {
    group: 'hypothyroidism',
    label: 'Hypothyroidism',
    snomed: ['40930008', '83664006'],
    icd10Prefixes: ['E03'],
    citation: 'clinical spec §4',
  },
];

/** Clinical statuses (Condition.clinicalStatus) read as current, and as history. */
export const currentClinicalStatuses: readonly string[] = ['active', 'recurrence', 'relapse'];
export const historyClinicalStatuses: readonly string[] = ['inactive', 'remission', 'resolved'];
/** Verification statuses that take a condition out of the analysis. */
export const excludedVerificationStatuses: readonly string[] = ['refuted', 'entered-in-error'];
