import { candidateIds } from '../contracts/ids';
import { candidates } from './differential-candidates';
import type { DifferentialRule, RuleDefinition } from './differential-rule-kit';

// The tier rules of the differential (clinical spec §1), read off the candidate table: each
// candidate's entry holds its own rules, so a new candidate is one entry there (CONTRIBUTING.md).

export type {
  DifferentialRule,
  EvidenceStrength,
  FactText,
  FindingRequirement,
  RuleDefinition,
  RuleEffect,
  RuleWhen,
} from './differential-rule-kit';
export { evidenceStrengthOrder, findingEvidence, topReasonText } from './differential-rule-kit';

/** Every rule, candidate by candidate in display order, each in the order its entry lists them. */
export const differentialRules: readonly DifferentialRule[] = candidateIds.flatMap((candidate) =>
  (candidates[candidate].rules as readonly RuleDefinition[]).map((rule) => ({ ...rule, candidate })),
);
