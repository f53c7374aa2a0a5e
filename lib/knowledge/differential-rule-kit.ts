import type {
  BedsideFindingId,
  CandidateId,
  ConditionGroupId,
  ConditionStatus,
  ConditionStatusReason,
  MedicationClassId,
} from '../contracts/ids';
import { conditionStatusLabels, conditionStatusWords } from './conditions';

// The vocabulary of the tier rules (clinical spec §1): their types and the texts they share. Each
// candidate's rules are in its entry of lib/knowledge/differential-candidates.ts, interpreted by
// lib/differential/evaluate-candidates.ts. No probabilities: each rule says which tier its
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

/** A rule as written in its candidate's entry (the candidate is the entry's). */
export interface RuleDefinition {
  ruleId: string;
  when: RuleWhen;
  effect: RuleEffect;
  /** Evidence text; `findings`/`finding` rules use the finding's question instead when absent. */
  text?: (fact: FactText) => string;
  citation: string;
}

/** A rule with the candidate it belongs to, as the interpreter reads it. */
export interface DifferentialRule extends RuleDefinition {
  candidate: CandidateId;
}

export const spec1 = 'clinical spec §1';
const isCurrent = (f: FactText) => f.status === 'current';
const label = (f: FactText) => (f.statusReason ? conditionStatusLabels[f.statusReason] : f.status);
const statusWords = (f: FactText) => conditionStatusWords[f.status as ConditionStatus] ?? 'Coded';
/** A coded diagnosis of the candidate itself, labelled when it is not a current diagnosis. */
export const codedDiagnosis = (f: FactText) =>
  isCurrent(f) ? `Coded diagnosis: ${f.display}` : `${statusWords(f)}: ${f.display} (${label(f)})`;
/** A coded condition that supports the candidate indirectly. */
export const coded = (why: string) => (f: FactText) => {
  if (isCurrent(f)) return `Coded ${f.display}: ${why}`;
  if (f.status === 'history') return `Coded ${f.display} (${label(f)}): ${why}`;
  return `${statusWords(f)}: ${f.display} (${label(f)}): ${why}`;
};
export const drug = (why: string) => (f: FactText) =>
  `${f.status === 'current' ? 'Current' : 'Recent'} ${f.display}: ${why}`;

export const irlssgCriteria: readonly FindingRequirement[] = [
  { finding: 'urge-to-move', answer: 'yes' },
  { finding: 'rest-induced', answer: 'yes' },
  { finding: 'relief-by-movement', answer: 'yes' },
  { finding: 'evening-worsening', answer: 'yes' },
];

/**
 * How a bedside finding reads: the clause (the question, or "not present — …"), and the evidence
 * text that names the clinician as its source. topReason quotes the clause, not the evidence text.
 */
export const findingEvidence = {
  clause: (question: string, answer: 'yes' | 'no') =>
    answer === 'yes' ? question : `not present — ${question}`,
  text: (clause: string) => `Clinician: ${clause}`,
} as const;

/** topReason wording: the support's evidence text, and the clause of the first item against. */
export const topReasonText = {
  loweredBy: (support: string, againstClause: string) => `${support}; but ${againstClause}`,
  against: (againstClause: string) => `Against: ${againstClause}`,
} as const;
