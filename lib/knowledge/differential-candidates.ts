import { type BedsideFindingId, type CandidateId, candidateIds } from '../contracts/ids';
import {
  coded,
  codedDiagnosis,
  drug,
  irlssgCriteria,
  type RuleDefinition,
  spec1,
} from './differential-rule-kit';
import { akathisiaRecentDoseWindow } from './medication-timing';

// The ten candidates of the differential (clinical spec §1): label, what tells each apart at the
// bedside, what to say when nothing in the chart supports it, and the tier rules that support it or
// argue against it (their vocabulary: differential-rule-kit.ts). A new candidate is an id in
// lib/contracts/ids.ts and an entry here.

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
  /**
   * The rules for this candidate, in the order their evidence is listed. A rule of kind
   * `candidate-tier` reads another candidate's tier: the evaluation order is computed from those.
   */
  rules: readonly RuleDefinition[];
}

export const candidates = {
  // Restless legs syndrome
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
    rules: [
      {
        ruleId: 'rls.coded',
        when: { kind: 'condition', groups: ['rls'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: `${spec1}; seed [1]`,
      },
      {
        ruleId: 'rls.irlssg-criteria',
        when: { kind: 'findings', all: irlssgCriteria, partialEffect: 'none' },
        effect: 'likely',
        citation: 'seed [1] (IRLSSG criteria 1–4)',
      },
      {
        ruleId: 'rls.iron',
        when: { kind: 'iron', statuses: ['low', 'borderline'] },
        effect: 'possible',
        // The clause is built from the iron facts in iron-texts.ts (ironEvidenceText).
        text: (f) => `Iron ${f.status}: ${f.display}`,
        citation: 'seed [1][2][3]; AASM 2024',
      },
      {
        ruleId: 'rls.iron-deficiency',
        when: { kind: 'condition', groups: ['iron-deficiency'] },
        effect: 'possible',
        text: coded('iron deficiency can cause secondary RLS'),
        citation: 'seed [1][2][3]',
      },
      {
        ruleId: 'rls.kidney-disease',
        when: { kind: 'condition', groups: ['ckd', 'esrd'] },
        effect: 'possible',
        text: coded('kidney disease can cause secondary RLS'),
        citation: `${spec1}; seed [1]`,
      },
      {
        ruleId: 'rls.pregnancy',
        when: { kind: 'condition', groups: ['pregnancy'] },
        effect: 'possible',
        text: coded('pregnancy can cause secondary RLS'),
        citation: `${spec1}; seed [1]`,
      },
      {
        ruleId: 'rls.neuropathy',
        // A charted sensory symptom (R20) is not a neuropathy that can cause secondary RLS.
        when: { kind: 'condition', groups: ['neuropathy'], statuses: ['current', 'provisional', 'history'] },
        effect: 'possible',
        text: coded('neuropathy can cause secondary RLS'),
        citation: 'seed [1][2]',
      },
      {
        ruleId: 'rls.treatment',
        when: {
          kind: 'medication',
          classes: ['dopamine-agonist', 'alpha-2-delta-ligand'],
          statuses: ['current'],
          unlessConditions: ['parkinsons'],
        },
        effect: 'possible',
        text: drug('an RLS treatment, without Parkinson’s disease in the chart'),
        citation: `${spec1}; AASM 2024`,
      },
      {
        ruleId: 'rls.against.claudication',
        when: { kind: 'finding', finding: 'claudication', answer: 'yes' },
        effect: 'against',
        text: () => 'Pain on walking (claudication): RLS is relieved by walking',
        citation: 'seed [1][3]',
      },
      {
        ruleId: 'rls.against.lumbar-flexion',
        when: { kind: 'finding', finding: 'relief-lumbar-flexion', answer: 'yes' },
        effect: 'against',
        text: () => 'Relief by bending forward points to lumbar spinal stenosis',
        citation: 'seed [3]',
      },
      {
        ruleId: 'rls.against.stretching',
        when: { kind: 'finding', finding: 'relief-by-stretching', answer: 'yes' },
        effect: 'against',
        text: () => 'Relief by stretching the muscle points to leg cramps',
        citation: 'seed [2][4]',
      },
      {
        ruleId: 'rls.against.whole-body-restlessness',
        when: { kind: 'finding', finding: 'whole-body-restlessness', answer: 'yes' },
        effect: 'against',
        text: () => 'Restlessness of the whole body, not the legs, points to akathisia',
        citation: 'seed [1]; clinical spec §1 (IRLSSG criterion 5)',
      },
      {
        ruleId: 'rls.against.position-change',
        when: { kind: 'finding', finding: 'relief-position-change', answer: 'yes' },
        effect: 'against',
        text: () => 'Relief by a simple change of position points to positional discomfort',
        citation: 'seed [1] (IRLSSG mimic list)',
      },
      ...irlssgCriteria.map(
        (c): RuleDefinition => ({
          ruleId: `rls.against.no-${c.finding}`,
          when: { kind: 'finding', finding: c.finding, answer: 'no' },
          effect: 'against',
          citation: 'seed [1] (IRLSSG criteria 1–4 all required)',
        }),
      ),
    ],
  },
  // Periodic limb movements of sleep
  plms: {
    label: 'Periodic limb movements of sleep',
    distinguishingFindings: ['unperceived-twitching', 'urge-to-move'],
    noSupportReason:
      'Nothing in the chart points to PLMS: ask a bed partner about rhythmic twitching in sleep',
    askNext: 'Ask a bed partner about rhythmic twitching in sleep',
    citation: 'seed [2]',
    rules: [
      {
        ruleId: 'plms.coded',
        when: { kind: 'condition', groups: ['plmd'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: 'seed [2]',
      },
      {
        ruleId: 'plms.defining-findings',
        when: {
          kind: 'findings',
          all: [
            { finding: 'unperceived-twitching', answer: 'yes' },
            { finding: 'urge-to-move', answer: 'no' },
          ],
          partialEffect: 'none',
        },
        effect: 'likely',
        citation: 'seed [2]',
      },
      {
        ruleId: 'plms.twitching',
        when: { kind: 'finding', finding: 'unperceived-twitching', answer: 'yes' },
        effect: 'possible',
        text: () => 'Rhythmic twitching in sleep noticed by a bed partner',
        citation: 'seed [2]',
      },
      {
        ruleId: 'plms.with-rls',
        when: { kind: 'candidate-tier', candidate: 'rls', tier: 'likely' },
        effect: 'possible',
        text: () => 'RLS is likely: up to 90% of people with RLS also have PLMS',
        citation: 'seed [2]',
      },
      {
        ruleId: 'plms.against.no-twitching',
        when: { kind: 'finding', finding: 'unperceived-twitching', answer: 'no' },
        effect: 'against',
        citation: 'seed [2]',
      },
    ],
  },
  // Nocturnal leg cramps
  'nocturnal-leg-cramps': {
    label: 'Nocturnal leg cramps',
    distinguishingFindings: ['relief-by-stretching'],
    noSupportReason: 'Nothing in the chart points to leg cramps: ask about sudden painful calf contractions',
    askNext: 'Ask about sudden painful calf contractions',
    citation: 'seed [2][4]',
    rlsMimic: { separatedBy: 'relief-by-stretching' },
    rules: [
      {
        ruleId: 'cramps.coded',
        when: { kind: 'condition', groups: ['leg-cramps'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: 'seed [2][4]',
      },
      {
        ruleId: 'cramps.stretching',
        when: {
          kind: 'findings',
          all: [{ finding: 'relief-by-stretching', answer: 'yes' }],
          partialEffect: 'none',
        },
        effect: 'likely',
        citation: 'seed [2][4]',
      },
      {
        ruleId: 'cramps.female',
        when: { kind: 'sex', sex: 'female' },
        effect: 'possible',
        text: () => 'Female sex is associated with nocturnal leg cramps',
        citation: 'seed [4]',
      },
      {
        ruleId: 'cramps.metabolic-syndrome',
        when: { kind: 'condition', groups: ['metabolic-syndrome'] },
        effect: 'possible',
        text: coded('associated with leg cramps'),
        citation: 'seed [4]',
      },
      {
        ruleId: 'cramps.venous',
        when: { kind: 'condition', groups: ['varicose-veins', 'venous-insufficiency'] },
        effect: 'possible',
        text: coded('venous disease is associated with leg cramps'),
        citation: 'seed [4]',
      },
      {
        ruleId: 'cramps.against.no-stretching',
        when: { kind: 'finding', finding: 'relief-by-stretching', answer: 'no' },
        effect: 'against',
        citation: 'seed [2][4]',
      },
    ],
  },
  // Peripheral neuropathy
  'peripheral-neuropathy': {
    label: 'Peripheral neuropathy',
    distinguishingFindings: ['sensory-deficit'],
    noSupportReason: 'No neuropathy, diabetes or CKD in the chart: examine sensation and reflexes',
    askNext: 'Examine sensation and reflexes',
    citation: 'seed [1][2][3]',
    rlsMimic: { separatedBy: 'sensory-deficit' },
    rules: [
      {
        ruleId: 'neuropathy.coded',
        when: { kind: 'condition', groups: ['neuropathy'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: 'seed [1][2][3]',
      },
      {
        ruleId: 'neuropathy.sensory-deficit',
        when: {
          kind: 'findings',
          all: [{ finding: 'sensory-deficit', answer: 'yes' }],
          partialEffect: 'none',
        },
        effect: 'likely',
        citation: 'seed [1][2][3]',
      },
      {
        ruleId: 'neuropathy.diabetes',
        when: { kind: 'condition', groups: ['diabetes'] },
        effect: 'possible',
        text: coded('diabetes is a cause of neuropathy'),
        citation: spec1,
      },
      {
        ruleId: 'neuropathy.kidney-disease',
        when: { kind: 'condition', groups: ['ckd', 'esrd'] },
        effect: 'possible',
        text: coded('kidney disease is a cause of neuropathy'),
        citation: spec1,
      },
      {
        ruleId: 'neuropathy.against.no-sensory-deficit',
        when: { kind: 'finding', finding: 'sensory-deficit', answer: 'no' },
        effect: 'against',
        citation: 'seed [1][2][3]',
      },
    ],
  },
  // Venous stasis / varicosities
  'venous-disease': {
    label: 'Venous stasis / varicosities',
    distinguishingFindings: ['edema-varicosities', 'evening-worsening'],
    noSupportReason:
      'No varicose veins or venous insufficiency in the chart: look for varicosities and edema',
    askNext: 'Look for varicosities and edema',
    citation: 'seed [1][3][4]',
    rlsMimic: { separatedBy: 'edema-varicosities' },
    rules: [
      {
        ruleId: 'venous.coded',
        when: { kind: 'condition', groups: ['varicose-veins', 'venous-insufficiency'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: 'seed [1][3][4]',
      },
      {
        ruleId: 'venous.exam',
        when: {
          kind: 'findings',
          all: [{ finding: 'edema-varicosities', answer: 'yes' }],
          partialEffect: 'none',
        },
        effect: 'likely',
        citation: 'seed [1][3][4]',
      },
      {
        ruleId: 'venous.against.no-varicosities',
        when: { kind: 'finding', finding: 'edema-varicosities', answer: 'no' },
        effect: 'against',
        citation: 'seed [1][3][4]',
      },
      {
        ruleId: 'venous.against.circadian',
        when: { kind: 'finding', finding: 'evening-worsening', answer: 'yes' },
        effect: 'against',
        text: () => 'Worse in the evening: venous symptoms have no circadian pattern',
        citation: 'seed [3]',
      },
    ],
  },
  // Peripheral arterial disease
  'peripheral-arterial-disease': {
    label: 'Peripheral arterial disease',
    distinguishingFindings: ['claudication', 'absent-pulses'],
    noSupportReason: 'No arterial disease in the chart: ask about claudication and palpate distal pulses',
    askNext: 'Ask about claudication and palpate distal pulses',
    citation: 'seed [1][3]',
    rlsMimic: { separatedBy: 'claudication' },
    rules: [
      {
        ruleId: 'pad.coded',
        when: { kind: 'condition', groups: ['pad'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: 'seed [1][3]',
      },
      {
        ruleId: 'pad.findings',
        when: {
          kind: 'findings',
          all: [
            { finding: 'claudication', answer: 'yes' },
            { finding: 'absent-pulses', answer: 'yes' },
          ],
          partialEffect: 'possible',
        },
        effect: 'likely',
        citation: 'seed [1][3]',
      },
      {
        ruleId: 'pad.against.relief-by-movement',
        when: { kind: 'finding', finding: 'relief-by-movement', answer: 'yes' },
        effect: 'against',
        text: () => 'Relieved by walking: PAD pain comes with walking (claudication)',
        citation: 'seed [1][3]',
      },
      {
        ruleId: 'pad.against.pulses-present',
        when: { kind: 'finding', finding: 'absent-pulses', answer: 'no' },
        effect: 'against',
        citation: 'seed [3]',
      },
    ],
  },
  // Lumbar spinal stenosis
  'lumbar-spinal-stenosis': {
    label: 'Lumbar spinal stenosis',
    distinguishingFindings: ['relief-lumbar-flexion', 'urge-to-move', 'evening-worsening'],
    noSupportReason: 'No lumbar spinal stenosis in the chart: ask whether bending forward relieves the pain',
    askNext: 'Ask whether bending forward relieves the pain',
    citation: 'seed [3]',
    rlsMimic: { separatedBy: 'relief-lumbar-flexion' },
    rules: [
      {
        ruleId: 'lss.coded',
        when: { kind: 'condition', groups: ['lumbar-spinal-stenosis'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: 'seed [3]',
      },
      {
        ruleId: 'lss.lumbar-flexion',
        when: {
          kind: 'findings',
          all: [{ finding: 'relief-lumbar-flexion', answer: 'yes' }],
          partialEffect: 'none',
        },
        effect: 'likely',
        citation: 'seed [3]',
      },
      {
        ruleId: 'lss.against.no-lumbar-flexion',
        when: { kind: 'finding', finding: 'relief-lumbar-flexion', answer: 'no' },
        effect: 'against',
        citation: 'seed [3]',
      },
      {
        ruleId: 'lss.against.urge',
        when: { kind: 'finding', finding: 'urge-to-move', answer: 'yes' },
        effect: 'against',
        text: () => 'An urge to move: spinal stenosis has no urge',
        citation: 'seed [3]',
      },
    ],
  },
  // Arthritis
  arthritis: {
    label: 'Arthritis',
    distinguishingFindings: ['joint-findings', 'evening-worsening'],
    noSupportReason: 'No arthritis in the chart: examine the joints',
    askNext: 'Examine the joints',
    citation: 'seed [1][3]',
    rlsMimic: { separatedBy: 'joint-findings' },
    rules: [
      {
        ruleId: 'arthritis.coded',
        when: { kind: 'condition', groups: ['arthritis'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: 'seed [1][3]',
      },
      {
        ruleId: 'arthritis.joint-findings',
        when: {
          kind: 'findings',
          all: [{ finding: 'joint-findings', answer: 'yes' }],
          partialEffect: 'none',
        },
        effect: 'likely',
        citation: 'seed [1][3]',
      },
      {
        ruleId: 'arthritis.against.no-joint-findings',
        when: { kind: 'finding', finding: 'joint-findings', answer: 'no' },
        effect: 'against',
        citation: 'seed [1][3]',
      },
      {
        ruleId: 'arthritis.against.circadian',
        when: { kind: 'finding', finding: 'evening-worsening', answer: 'yes' },
        effect: 'against',
        text: () => 'Worse in the evening: arthritis pain has no circadian rhythm',
        citation: 'seed [1][3]',
      },
    ],
  },
  // Neuroleptic-induced akathisia
  akathisia: {
    label: 'Neuroleptic-induced akathisia',
    distinguishingFindings: ['whole-body-restlessness', 'evening-worsening'],
    noSupportReason: 'No dopamine antagonist or other causative drug found: akathisia is unlikely',
    askNext: 'Akathisia is unlikely',
    citation: 'seed [1][2]',
    rlsMimic: { separatedBy: 'whole-body-restlessness' },
    rules: [
      {
        ruleId: 'akathisia.coded',
        when: { kind: 'condition', groups: ['drug-induced-akathisia'] },
        effect: 'likely',
        text: codedDiagnosis,
        citation: 'seed [1][2]',
      },
      {
        ruleId: 'akathisia.antagonist-and-restlessness',
        when: {
          kind: 'medication-and-finding',
          classes: ['dopamine-antagonist'],
          finding: 'whole-body-restlessness',
          answer: 'yes',
          // A dose given in the last 7 days (an ED droperidol, an order stopped this week) counts.
          recentWithinDays: akathisiaRecentDoseWindow.days,
        },
        effect: 'likely',
        text: (f) =>
          f.status === 'current'
            ? `Whole-body restlessness while taking ${f.display} (dopamine antagonist)`
            : `Whole-body restlessness after ${f.display} in the last ${akathisiaRecentDoseWindow.days} days (dopamine antagonist)`,
        citation: `${spec1}; seed [1][2]; ${akathisiaRecentDoseWindow.citation}`,
      },
      {
        ruleId: 'akathisia.dopamine-antagonist',
        // Current or recent (spec §1: "possible with any current or recent causative drug"): a dose given
        // in the ED, or a long-acting injection past its interval, still counts.
        when: { kind: 'medication', classes: ['dopamine-antagonist'], statuses: ['current', 'recent'] },
        effect: 'possible',
        text: drug('a dopamine antagonist, the strongest chart clue for akathisia'),
        citation: 'seed [1][2]',
      },
      {
        ruleId: 'akathisia.other-causative-drug',
        when: { kind: 'medication', classes: ['tca', 'ssri', 'lithium'], statuses: ['current'] },
        effect: 'possible',
        text: drug('a weaker association with akathisia than dopamine antagonists'),
        citation: `${spec1}; seed [2]`,
      },
      {
        ruleId: 'akathisia.restlessness',
        when: { kind: 'finding', finding: 'whole-body-restlessness', answer: 'yes' },
        effect: 'possible',
        citation: 'seed [1]',
      },
      {
        ruleId: 'akathisia.against.no-restlessness',
        when: { kind: 'finding', finding: 'whole-body-restlessness', answer: 'no' },
        effect: 'against',
        citation: 'seed [1]',
      },
      {
        ruleId: 'akathisia.against.circadian',
        when: { kind: 'finding', finding: 'evening-worsening', answer: 'yes' },
        effect: 'against',
        text: () => 'Worse in the evening: akathisia has no circadian pattern',
        citation: 'seed [1]',
      },
    ],
  },
  // Positional discomfort: nothing in the chart can show it (spec §1)
  'positional-discomfort': {
    label: 'Positional discomfort',
    distinguishingFindings: ['relief-position-change', 'relief-by-movement'],
    noSupportReason:
      'The chart cannot show positional discomfort: ask whether a change of position relieves it',
    askNext: 'Ask whether a change of position relieves it',
    citation: 'seed [1] (IRLSSG mimic list)',
    rlsMimic: { separatedBy: 'relief-position-change' },
    rules: [
      {
        ruleId: 'positional.position-change',
        when: {
          kind: 'findings',
          all: [{ finding: 'relief-position-change', answer: 'yes' }],
          partialEffect: 'none',
        },
        effect: 'likely',
        citation: 'seed [1] (IRLSSG mimic list)',
      },
      {
        ruleId: 'positional.against.no-position-change',
        when: { kind: 'finding', finding: 'relief-position-change', answer: 'no' },
        effect: 'against',
        citation: 'seed [1] (IRLSSG mimic list)',
      },
      {
        ruleId: 'positional.against.relief-by-walking',
        when: { kind: 'finding', finding: 'relief-by-movement', answer: 'yes' },
        effect: 'against',
        text: () =>
          'Relieved by walking or moving: positional discomfort is relieved by a change of position alone',
        citation: 'seed [1] (IRLSSG mimic list)',
      },
    ],
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
