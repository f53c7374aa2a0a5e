import type {
  BedsideFindingId,
  CandidateId,
  ConditionGroupId,
  ConditionStatus,
  ConditionStatusReason,
  MedicationClassId,
} from '../contracts/ids';
import { conditionStatusLabels, conditionStatusWords } from './conditions';
import { akathisiaRecentDoseWindow } from './medication-timing';

// Tier rules of the differential as data (clinical spec §1), interpreted by
// lib/differential/build-differential.ts. No probabilities: each rule says which tier its
// evidence supports, and why, with its citation.
//
// Tiers: a rule's `effect` is the highest tier its evidence can give (`likely` or `possible`),
// `none` (evidence shown, tier unchanged) or `against`. The candidate's tier is the highest
// effect among its supporting evidence (at least its floor); any evidence against lowers it one
// tier (likely → possible → less-likely); with no support it is less-likely.

export type RuleEffect = 'likely' | 'possible' | 'none' | 'against';

/**
 * Strength of supporting evidence, strongest first: a current coded diagnosis of the candidate,
 * then a bedside finding the clinician entered, then indirect chart support (risk factors,
 * causative drugs, history conditions). Candidates in the same tier are ordered by how many
 * items of each strength they have (compared strongest first), then by fewer items against,
 * then by the fixed candidate order.
 */
export const evidenceStrengthOrder = ['coded-diagnosis', 'clinician-finding', 'chart-indirect'] as const;
export type EvidenceStrength = (typeof evidenceStrengthOrder)[number];

/** What a text template can say about the fact it rests on. */
export interface FactText {
  display: string;
  /** The condition status (current, provisional, symptom, history); current / recent for medications; the iron status. */
  status: string;
  date: string | null;
  /** For conditions: what decided the status (labelled in the evidence). */
  statusReason?: ConditionStatusReason;
}

export interface FindingRequirement {
  finding: BedsideFindingId;
  answer: 'yes' | 'no';
}

export type RuleWhen =
  /**
   * A coded condition in one of the groups, with one of `statuses` (default: all). Only a `current`
   * condition gives `likely`; provisional, symptom and history give at most `possible` (spec §1).
   */
  | { kind: 'condition'; groups: readonly ConditionGroupId[]; statuses?: readonly ConditionStatus[] }
  /**
   * A medication of one of the classes, with one of the statuses, unless a condition is coded
   * (current or history). `recentWithinDays`: a `recent` use dated within that many days counts too.
   */
  | {
      kind: 'medication';
      classes: readonly MedicationClassId[];
      statuses: readonly ('current' | 'recent')[];
      unlessConditions?: readonly ConditionGroupId[];
      recentWithinDays?: number;
    }
  | { kind: 'iron'; statuses: readonly ('low' | 'borderline')[] }
  | { kind: 'sex'; sex: 'female' | 'male' }
  /** Each requirement met is shown as evidence; all met gives `effect`, fewer give `partialEffect`. */
  | { kind: 'findings'; all: readonly FindingRequirement[]; partialEffect: 'possible' | 'none' }
  /** A single bedside finding (mostly used for evidence against). */
  | { kind: 'finding'; finding: BedsideFindingId; answer: 'yes' | 'no' }
  /**
   * A current drug of the classes (or one given within `recentWithinDays`) together with a bedside
   * finding (akathisia).
   */
  | {
      kind: 'medication-and-finding';
      classes: readonly MedicationClassId[];
      finding: BedsideFindingId;
      answer: 'yes';
      recentWithinDays?: number;
    }
  /** Another candidate's tier (evaluated first: lib/differential/evaluation-order.ts). */
  | { kind: 'candidate-tier'; candidate: CandidateId; tier: 'likely' };

export interface DifferentialRule {
  ruleId: string;
  candidate: CandidateId;
  when: RuleWhen;
  effect: RuleEffect;
  /** Evidence text; `findings`/`finding` rules use the finding's question instead when absent. */
  text?: (fact: FactText) => string;
  citation: string;
}

const spec1 = 'clinical spec §1';
const isCurrent = (f: FactText) => f.status === 'current';
const label = (f: FactText) => (f.statusReason ? conditionStatusLabels[f.statusReason] : f.status);
const statusWords = (f: FactText) => conditionStatusWords[f.status as ConditionStatus] ?? 'Coded';
/** A coded diagnosis of the candidate itself, labelled when it is not a current diagnosis. */
const codedDiagnosis = (f: FactText) =>
  isCurrent(f) ? `Coded diagnosis: ${f.display}` : `${statusWords(f)}: ${f.display} (${label(f)})`;
/** A coded condition that supports the candidate indirectly. */
const coded = (why: string) => (f: FactText) => {
  if (isCurrent(f)) return `Coded ${f.display}: ${why}`;
  if (f.status === 'history') return `Coded ${f.display} (${label(f)}): ${why}`;
  return `${statusWords(f)}: ${f.display} (${label(f)}): ${why}`;
};
const drug = (why: string) => (f: FactText) =>
  `${f.status === 'current' ? 'Current' : 'Recent'} ${f.display}: ${why}`;

const irlssgCriteria: readonly FindingRequirement[] = [
  { finding: 'urge-to-move', answer: 'yes' },
  { finding: 'rest-induced', answer: 'yes' },
  { finding: 'relief-by-movement', answer: 'yes' },
  { finding: 'evening-worsening', answer: 'yes' },
];

export const differentialRules: readonly DifferentialRule[] = [
  // Restless legs syndrome
  {
    ruleId: 'rls.coded',
    candidate: 'rls',
    when: { kind: 'condition', groups: ['rls'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: `${spec1}; seed [1]`,
  },
  {
    ruleId: 'rls.irlssg-criteria',
    candidate: 'rls',
    when: { kind: 'findings', all: irlssgCriteria, partialEffect: 'none' },
    effect: 'likely',
    citation: 'seed [1] (IRLSSG criteria 1–4)',
  },
  {
    ruleId: 'rls.iron',
    candidate: 'rls',
    when: { kind: 'iron', statuses: ['low', 'borderline'] },
    effect: 'possible',
    // The clause is built from the iron facts in iron-texts.ts (ironEvidenceText).
    text: (f) => `Iron ${f.status}: ${f.display}`,
    citation: 'seed [1][2][3]; AASM 2024',
  },
  {
    ruleId: 'rls.iron-deficiency',
    candidate: 'rls',
    when: { kind: 'condition', groups: ['iron-deficiency'] },
    effect: 'possible',
    text: coded('iron deficiency can cause secondary RLS'),
    citation: 'seed [1][2][3]',
  },
  {
    ruleId: 'rls.kidney-disease',
    candidate: 'rls',
    when: { kind: 'condition', groups: ['ckd', 'esrd'] },
    effect: 'possible',
    text: coded('kidney disease can cause secondary RLS'),
    citation: `${spec1}; seed [1]`,
  },
  {
    ruleId: 'rls.pregnancy',
    candidate: 'rls',
    when: { kind: 'condition', groups: ['pregnancy'] },
    effect: 'possible',
    text: coded('pregnancy can cause secondary RLS'),
    citation: `${spec1}; seed [1]`,
  },
  {
    ruleId: 'rls.neuropathy',
    candidate: 'rls',
    // A charted sensory symptom (R20) is not a neuropathy that can cause secondary RLS.
    when: { kind: 'condition', groups: ['neuropathy'], statuses: ['current', 'provisional', 'history'] },
    effect: 'possible',
    text: coded('neuropathy can cause secondary RLS'),
    citation: 'seed [1][2]',
  },
  {
    ruleId: 'rls.treatment',
    candidate: 'rls',
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
    candidate: 'rls',
    when: { kind: 'finding', finding: 'claudication', answer: 'yes' },
    effect: 'against',
    text: () => 'Pain on walking (claudication): RLS is relieved by walking',
    citation: 'seed [1][3]',
  },
  {
    ruleId: 'rls.against.lumbar-flexion',
    candidate: 'rls',
    when: { kind: 'finding', finding: 'relief-lumbar-flexion', answer: 'yes' },
    effect: 'against',
    text: () => 'Relief by bending forward points to lumbar spinal stenosis',
    citation: 'seed [3]',
  },
  {
    ruleId: 'rls.against.stretching',
    candidate: 'rls',
    when: { kind: 'finding', finding: 'relief-by-stretching', answer: 'yes' },
    effect: 'against',
    text: () => 'Relief by stretching the muscle points to leg cramps',
    citation: 'seed [2][4]',
  },
  {
    ruleId: 'rls.against.whole-body-restlessness',
    candidate: 'rls',
    when: { kind: 'finding', finding: 'whole-body-restlessness', answer: 'yes' },
    effect: 'against',
    text: () => 'Restlessness of the whole body, not the legs, points to akathisia',
    citation: 'seed [1]; clinical spec §1 (IRLSSG criterion 5)',
  },
  {
    ruleId: 'rls.against.position-change',
    candidate: 'rls',
    when: { kind: 'finding', finding: 'relief-position-change', answer: 'yes' },
    effect: 'against',
    text: () => 'Relief by a simple change of position points to positional discomfort',
    citation: 'seed [1] (IRLSSG mimic list)',
  },
  ...irlssgCriteria.map(
    (c): DifferentialRule => ({
      ruleId: `rls.against.no-${c.finding}`,
      candidate: 'rls',
      when: { kind: 'finding', finding: c.finding, answer: 'no' },
      effect: 'against',
      citation: 'seed [1] (IRLSSG criteria 1–4 all required)',
    }),
  ),

  // Periodic limb movements of sleep
  {
    ruleId: 'plms.coded',
    candidate: 'plms',
    when: { kind: 'condition', groups: ['plmd'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: 'seed [2]',
  },
  {
    ruleId: 'plms.defining-findings',
    candidate: 'plms',
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
    candidate: 'plms',
    when: { kind: 'finding', finding: 'unperceived-twitching', answer: 'yes' },
    effect: 'possible',
    text: () => 'Rhythmic twitching in sleep noticed by a bed partner',
    citation: 'seed [2]',
  },
  {
    ruleId: 'plms.with-rls',
    candidate: 'plms',
    when: { kind: 'candidate-tier', candidate: 'rls', tier: 'likely' },
    effect: 'possible',
    text: () => 'RLS is likely: up to 90% of people with RLS also have PLMS',
    citation: 'seed [2]',
  },
  {
    ruleId: 'plms.against.no-twitching',
    candidate: 'plms',
    when: { kind: 'finding', finding: 'unperceived-twitching', answer: 'no' },
    effect: 'against',
    citation: 'seed [2]',
  },

  // Nocturnal leg cramps
  {
    ruleId: 'cramps.coded',
    candidate: 'nocturnal-leg-cramps',
    when: { kind: 'condition', groups: ['leg-cramps'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: 'seed [2][4]',
  },
  {
    ruleId: 'cramps.stretching',
    candidate: 'nocturnal-leg-cramps',
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
    candidate: 'nocturnal-leg-cramps',
    when: { kind: 'sex', sex: 'female' },
    effect: 'possible',
    text: () => 'Female sex is associated with nocturnal leg cramps',
    citation: 'seed [4]',
  },
  {
    ruleId: 'cramps.metabolic-syndrome',
    candidate: 'nocturnal-leg-cramps',
    when: { kind: 'condition', groups: ['metabolic-syndrome'] },
    effect: 'possible',
    text: coded('associated with leg cramps'),
    citation: 'seed [4]',
  },
  {
    ruleId: 'cramps.venous',
    candidate: 'nocturnal-leg-cramps',
    when: { kind: 'condition', groups: ['varicose-veins', 'venous-insufficiency'] },
    effect: 'possible',
    text: coded('venous disease is associated with leg cramps'),
    citation: 'seed [4]',
  },
  {
    ruleId: 'cramps.against.no-stretching',
    candidate: 'nocturnal-leg-cramps',
    when: { kind: 'finding', finding: 'relief-by-stretching', answer: 'no' },
    effect: 'against',
    citation: 'seed [2][4]',
  },

  // Peripheral neuropathy
  {
    ruleId: 'neuropathy.coded',
    candidate: 'peripheral-neuropathy',
    when: { kind: 'condition', groups: ['neuropathy'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: 'seed [1][2][3]',
  },
  {
    ruleId: 'neuropathy.sensory-deficit',
    candidate: 'peripheral-neuropathy',
    when: { kind: 'findings', all: [{ finding: 'sensory-deficit', answer: 'yes' }], partialEffect: 'none' },
    effect: 'likely',
    citation: 'seed [1][2][3]',
  },
  {
    ruleId: 'neuropathy.diabetes',
    candidate: 'peripheral-neuropathy',
    when: { kind: 'condition', groups: ['diabetes'] },
    effect: 'possible',
    text: coded('diabetes is a cause of neuropathy'),
    citation: spec1,
  },
  {
    ruleId: 'neuropathy.kidney-disease',
    candidate: 'peripheral-neuropathy',
    when: { kind: 'condition', groups: ['ckd', 'esrd'] },
    effect: 'possible',
    text: coded('kidney disease is a cause of neuropathy'),
    citation: spec1,
  },
  {
    ruleId: 'neuropathy.against.no-sensory-deficit',
    candidate: 'peripheral-neuropathy',
    when: { kind: 'finding', finding: 'sensory-deficit', answer: 'no' },
    effect: 'against',
    citation: 'seed [1][2][3]',
  },

  // Venous stasis / varicosities
  {
    ruleId: 'venous.coded',
    candidate: 'venous-disease',
    when: { kind: 'condition', groups: ['varicose-veins', 'venous-insufficiency'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: 'seed [1][3][4]',
  },
  {
    ruleId: 'venous.exam',
    candidate: 'venous-disease',
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
    candidate: 'venous-disease',
    when: { kind: 'finding', finding: 'edema-varicosities', answer: 'no' },
    effect: 'against',
    citation: 'seed [1][3][4]',
  },
  {
    ruleId: 'venous.against.circadian',
    candidate: 'venous-disease',
    when: { kind: 'finding', finding: 'evening-worsening', answer: 'yes' },
    effect: 'against',
    text: () => 'Worse in the evening: venous symptoms have no circadian pattern',
    citation: 'seed [3]',
  },

  // Peripheral arterial disease
  {
    ruleId: 'pad.coded',
    candidate: 'peripheral-arterial-disease',
    when: { kind: 'condition', groups: ['pad'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: 'seed [1][3]',
  },
  {
    ruleId: 'pad.findings',
    candidate: 'peripheral-arterial-disease',
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
    candidate: 'peripheral-arterial-disease',
    when: { kind: 'finding', finding: 'relief-by-movement', answer: 'yes' },
    effect: 'against',
    text: () => 'Relieved by walking: PAD pain comes with walking (claudication)',
    citation: 'seed [1][3]',
  },
  {
    ruleId: 'pad.against.pulses-present',
    candidate: 'peripheral-arterial-disease',
    when: { kind: 'finding', finding: 'absent-pulses', answer: 'no' },
    effect: 'against',
    citation: 'seed [3]',
  },

  // Lumbar spinal stenosis
  {
    ruleId: 'lss.coded',
    candidate: 'lumbar-spinal-stenosis',
    when: { kind: 'condition', groups: ['lumbar-spinal-stenosis'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: 'seed [3]',
  },
  {
    ruleId: 'lss.lumbar-flexion',
    candidate: 'lumbar-spinal-stenosis',
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
    candidate: 'lumbar-spinal-stenosis',
    when: { kind: 'finding', finding: 'relief-lumbar-flexion', answer: 'no' },
    effect: 'against',
    citation: 'seed [3]',
  },
  {
    ruleId: 'lss.against.urge',
    candidate: 'lumbar-spinal-stenosis',
    when: { kind: 'finding', finding: 'urge-to-move', answer: 'yes' },
    effect: 'against',
    text: () => 'An urge to move: spinal stenosis has no urge',
    citation: 'seed [3]',
  },

  // Arthritis
  {
    ruleId: 'arthritis.coded',
    candidate: 'arthritis',
    when: { kind: 'condition', groups: ['arthritis'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: 'seed [1][3]',
  },
  {
    ruleId: 'arthritis.joint-findings',
    candidate: 'arthritis',
    when: { kind: 'findings', all: [{ finding: 'joint-findings', answer: 'yes' }], partialEffect: 'none' },
    effect: 'likely',
    citation: 'seed [1][3]',
  },
  {
    ruleId: 'arthritis.against.no-joint-findings',
    candidate: 'arthritis',
    when: { kind: 'finding', finding: 'joint-findings', answer: 'no' },
    effect: 'against',
    citation: 'seed [1][3]',
  },
  {
    ruleId: 'arthritis.against.circadian',
    candidate: 'arthritis',
    when: { kind: 'finding', finding: 'evening-worsening', answer: 'yes' },
    effect: 'against',
    text: () => 'Worse in the evening: arthritis pain has no circadian rhythm',
    citation: 'seed [1][3]',
  },

  // Neuroleptic-induced akathisia
  {
    ruleId: 'akathisia.coded',
    candidate: 'akathisia',
    when: { kind: 'condition', groups: ['drug-induced-akathisia'] },
    effect: 'likely',
    text: codedDiagnosis,
    citation: 'seed [1][2]',
  },
  {
    ruleId: 'akathisia.antagonist-and-restlessness',
    candidate: 'akathisia',
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
    candidate: 'akathisia',
    // Current or recent (spec §1: "possible with any current or recent causative drug"): a dose given
    // in the ED, or a long-acting injection past its interval, still counts.
    when: { kind: 'medication', classes: ['dopamine-antagonist'], statuses: ['current', 'recent'] },
    effect: 'possible',
    text: drug('a dopamine antagonist, the strongest chart clue for akathisia'),
    citation: 'seed [1][2]',
  },
  {
    ruleId: 'akathisia.other-causative-drug',
    candidate: 'akathisia',
    when: { kind: 'medication', classes: ['tca', 'ssri', 'lithium'], statuses: ['current'] },
    effect: 'possible',
    text: drug('a weaker association with akathisia than dopamine antagonists'),
    citation: `${spec1}; seed [2]`,
  },
  {
    ruleId: 'akathisia.restlessness',
    candidate: 'akathisia',
    when: { kind: 'finding', finding: 'whole-body-restlessness', answer: 'yes' },
    effect: 'possible',
    citation: 'seed [1]',
  },
  {
    ruleId: 'akathisia.against.no-restlessness',
    candidate: 'akathisia',
    when: { kind: 'finding', finding: 'whole-body-restlessness', answer: 'no' },
    effect: 'against',
    citation: 'seed [1]',
  },
  {
    ruleId: 'akathisia.against.circadian',
    candidate: 'akathisia',
    when: { kind: 'finding', finding: 'evening-worsening', answer: 'yes' },
    effect: 'against',
    text: () => 'Worse in the evening: akathisia has no circadian pattern',
    citation: 'seed [1]',
  },

  // Positional discomfort: nothing in the chart can show it (spec §1)
  {
    ruleId: 'positional.position-change',
    candidate: 'positional-discomfort',
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
    candidate: 'positional-discomfort',
    when: { kind: 'finding', finding: 'relief-position-change', answer: 'no' },
    effect: 'against',
    citation: 'seed [1] (IRLSSG mimic list)',
  },
  {
    ruleId: 'positional.against.relief-by-walking',
    candidate: 'positional-discomfort',
    when: { kind: 'finding', finding: 'relief-by-movement', answer: 'yes' },
    effect: 'against',
    text: () =>
      'Relieved by walking or moving: positional discomfort is relieved by a change of position alone',
    citation: 'seed [1] (IRLSSG mimic list)',
  },
];

/** How a bedside finding reads as evidence. */
export function findingEvidenceText(question: string, answer: 'yes' | 'no'): string {
  return answer === 'yes' ? `Clinician: ${question}` : `Clinician: not present — ${question}`;
}

/** topReason wording. */
export const topReasonText = {
  loweredBy: (support: string, against: string) => `${support}; but ${against.replace(/^Clinician: /, '')}`,
  against: (against: string) => `Against: ${against.replace(/^Clinician: /, '')}`,
} as const;
