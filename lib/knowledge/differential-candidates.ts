import { type BedsideFindingId, type CandidateId, candidateIds } from '../contracts/ids';
// The ten candidates of the differential (clinical spec §1): label, what tells each apart at the
// bedside, and what to say when nothing in the chart supports it.

export interface CandidateDefinition {
  label: string;
  /** Bedside findings that tell this candidate apart (spec §1, last column), in asking order. */
  distinguishingFindings: readonly BedsideFindingId[];
  /** The tier a candidate never falls below on support alone (rls is the presenting question). */
  floor?: { tier: 'possible'; reason: string; citation: string };
  /** One-line reason shown when nothing supports the candidate and the chart was read completely. */
  noSupportReason: string;
  /** What to ask or examine next: shown instead when the chart could not be read completely. */
  askNext: string;
  citation: string;
  /** The presenting question (RLS): at least possible; the misclassification pitfall guards it. */
  presenting?: true;
  /**
   * Mimics RLS (IRLSSG criterion 5: symptoms not *solely accounted for* by another condition), and
   * the bedside finding that separates it from RLS (named by the misclassification pitfall). A coded
   * mimic never lowers RLS; only that finding does. PLMS is not a mimic: it accompanies RLS in up
   * to 90% of patients [2].
   */
  rlsMimic?: { separatedBy: BedsideFindingId };
}

export const candidates = {
  rls: {
    label: 'Restless legs syndrome',
    distinguishingFindings: ['urge-to-move', 'rest-induced', 'relief-by-movement', 'evening-worsening'],
    floor: {
      tier: 'possible',
      reason: 'RLS is the presenting question: at least possible until the bedside findings argue against it',
      citation: 'clinical spec §1 (tier rules)',
    },
    noSupportReason: 'No chart evidence for RLS yet: ask the four IRLSSG symptom questions',
    askNext: 'Ask the four IRLSSG symptom questions',
    citation: 'seed [1][2][3]',
    presenting: true,
  },
  plms: {
    label: 'Periodic limb movements of sleep',
    distinguishingFindings: ['unperceived-twitching', 'urge-to-move'],
    noSupportReason:
      'Nothing in the chart points to PLMS: ask a bed partner about rhythmic twitching in sleep',
    askNext: 'Ask a bed partner about rhythmic twitching in sleep',
    citation: 'seed [2]',
  },
  'nocturnal-leg-cramps': {
    label: 'Nocturnal leg cramps',
    distinguishingFindings: ['relief-by-stretching'],
    noSupportReason: 'Nothing in the chart points to leg cramps: ask about sudden painful calf contractions',
    askNext: 'Ask about sudden painful calf contractions',
    citation: 'seed [2][4]',
    rlsMimic: { separatedBy: 'relief-by-stretching' },
  },
  'peripheral-neuropathy': {
    label: 'Peripheral neuropathy',
    distinguishingFindings: ['sensory-deficit'],
    noSupportReason: 'No neuropathy, diabetes or CKD in the chart: examine sensation and reflexes',
    askNext: 'Examine sensation and reflexes',
    citation: 'seed [1][2][3]',
    rlsMimic: { separatedBy: 'sensory-deficit' },
  },
  'venous-disease': {
    label: 'Venous stasis / varicosities',
    distinguishingFindings: ['edema-varicosities', 'evening-worsening'],
    noSupportReason:
      'No varicose veins or venous insufficiency in the chart: look for varicosities and edema',
    askNext: 'Look for varicosities and edema',
    citation: 'seed [1][3][4]',
    rlsMimic: { separatedBy: 'edema-varicosities' },
  },
  'peripheral-arterial-disease': {
    label: 'Peripheral arterial disease',
    distinguishingFindings: ['claudication', 'absent-pulses'],
    noSupportReason: 'No arterial disease in the chart: ask about claudication and palpate distal pulses',
    askNext: 'Ask about claudication and palpate distal pulses',
    citation: 'seed [1][3]',
    rlsMimic: { separatedBy: 'claudication' },
  },
  'lumbar-spinal-stenosis': {
    label: 'Lumbar spinal stenosis',
    distinguishingFindings: ['relief-lumbar-flexion', 'urge-to-move', 'evening-worsening'],
    noSupportReason: 'No lumbar spinal stenosis in the chart: ask whether bending forward relieves the pain',
    askNext: 'Ask whether bending forward relieves the pain',
    citation: 'seed [3]',
    rlsMimic: { separatedBy: 'relief-lumbar-flexion' },
  },
  arthritis: {
    label: 'Arthritis',
    distinguishingFindings: ['joint-findings', 'evening-worsening'],
    noSupportReason: 'No arthritis in the chart: examine the joints',
    askNext: 'Examine the joints',
    citation: 'seed [1][3]',
    rlsMimic: { separatedBy: 'joint-findings' },
  },
  akathisia: {
    label: 'Neuroleptic-induced akathisia',
    distinguishingFindings: ['whole-body-restlessness', 'evening-worsening'],
    noSupportReason: 'No dopamine antagonist or other causative drug found: akathisia is unlikely',
    askNext: 'Akathisia is unlikely',
    citation: 'seed [1][2]',
    rlsMimic: { separatedBy: 'whole-body-restlessness' },
  },
  'positional-discomfort': {
    label: 'Positional discomfort',
    distinguishingFindings: ['relief-position-change', 'relief-by-movement'],
    noSupportReason:
      'The chart cannot show positional discomfort: ask whether a change of position relieves it',
    askNext: 'Ask whether a change of position relieves it',
    citation: 'seed [1] (IRLSSG mimic list)',
    rlsMimic: { separatedBy: 'relief-position-change' },
  },
} as const satisfies Record<CandidateId, CandidateDefinition>;

/** The candidates that mimic RLS, in display order. */
export const rlsMimicIds: readonly CandidateId[] = candidateIds.filter(
  (id) => (candidates[id] as CandidateDefinition).rlsMimic !== undefined,
);

/** The bedside finding that separates a mimic from RLS; undefined for a candidate that is no mimic. */
export function separatingFinding(id: CandidateId): BedsideFindingId | undefined {
  return (candidates[id] as CandidateDefinition).rlsMimic?.separatedBy;
}

/** The presenting candidate (RLS): the one the misclassification pitfall (criterion 5) guards. */
export const presentingCandidateId: CandidateId =
  candidateIds.find((id) => (candidates[id] as CandidateDefinition).presenting === true) ?? 'rls';

/** Reason for a candidate without support when some searches failed: absence is not a negative. */
export const incompleteChartReason = (ask: string) =>
  `Nothing found, but the chart could not be read completely (see data gaps): ${ask.charAt(0).toLowerCase()}${ask.slice(1)}`;
