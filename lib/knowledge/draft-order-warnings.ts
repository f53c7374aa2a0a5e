import type { ConditionStatus } from '../contracts/feature-model';
import type { ConditionGroupId, TreatmentClassId } from '../contracts/ids';

// When a drug about to be ordered (CDS Hooks order-select / order-sign) deserves a warning, and
// what the warning says (clinical spec §2 with §1's chart evidence for RLS and akathisia). The
// drug itself is matched by the same tables and code as the chart's drugs (medications.ts via
// lib/features/medications.ts): only the chart facts that make the warning worth showing are here.

const seed2 = 'seed [2] (drugs that precipitate or worsen symptoms)';

/**
 * Coded diagnoses that make a new offending drug worth a warning: RLS, leg cramps, drug-induced
 * akathisia, current or history (a resolved RLS can come back under a serotonergic or
 * antidopaminergic drug).
 */
export const draftOrderRiskConditions: {
  groups: readonly ConditionGroupId[];
  statuses: readonly ConditionStatus[];
  citation: string;
} = {
  groups: ['rls', 'leg-cramps', 'drug-induced-akathisia'],
  statuses: ['current', 'history'],
  citation: `${seed2}; clinical spec §1 (coded RLS, leg cramps, drug-induced akathisia)`,
};

/**
 * A current RLS treatment is chart evidence of RLS (clinical spec §1, as the rule `rls.treatment`),
 * except when Parkinson's disease is coded: there these drugs treat Parkinson's.
 */
export const draftOrderRiskTreatments: {
  classes: readonly TreatmentClassId[];
  unlessConditions: readonly ConditionGroupId[];
  citation: string;
} = {
  classes: ['dopamine-agonist', 'alpha-2-delta-ligand'],
  unlessConditions: ['parkinsons'],
  citation: 'clinical spec §1 (current RLS treatment without Parkinson’s disease); AASM 2024',
};

/**
 * A current drug of the same offending class adds to the same effect. The same ingredient already
 * current (a renewal) is not a second drug and is left out.
 */
export const draftOrderSameClassRule = {
  statuses: ['current'] as const,
  citation: `${seed2}; clinical spec §2`,
};

/** What the warning recommends: the seed's advice, said for a drug not yet given. */
export const draftOrderRecommendation = {
  text: 'Can precipitate or worsen restless legs or akathisia: review the order; consider an alternative.',
  citation: seed2,
} as const;

/** How each chart fact is said in the warning (display and class labels come as charted / from medications.ts). */
export const draftOrderFactTexts = {
  condition: (display: string, status: ConditionStatus) =>
    `Coded ${display}${status === 'history' ? ' (history: inactive or resolved)' : ''}`,
  treatment: (display: string) => `Current ${display}: an RLS treatment`,
  sameClassCurrent: (display: string, classLabel: string) => `Current ${display} (${classLabel})`,
  sameClassDraft: (display: string, classLabel: string) =>
    `${display} (${classLabel}), also in this ordering session`,
} as const;

/** The card's summary: the drug and class, and the first chart fact in a few words. */
export const draftOrderSummary = (display: string, classLabels: string, firstFact: string) =>
  `${display} (${classLabels}) may worsen leg symptoms: ${firstFact}`;

/** Short forms of the facts for the summary line. */
export const draftOrderSummaryFacts = {
  condition: (label: string) => `${label.toLowerCase()} coded`,
  treatment: (display: string) => `on ${display} for RLS`,
  sameClassCurrent: (display: string) => `already on ${display}`,
  sameClassDraft: (display: string) => `${display} also being ordered`,
} as const;

/**
 * An offending drug, none of the facts found, but the chart could not be read in full: the
 * absence of RLS or akathisia in it is not a negative (shown as information, not a warning).
 */
export const draftOrderUncheckedText = {
  summary: (display: string, classLabels: string) =>
    `${display} (${classLabels}) can worsen leg symptoms; the chart could not be fully checked`,
  detail:
    'Some of the chart could not be read, so this service cannot say whether restless legs, leg cramps, akathisia or another drug of the same class is on it. Check the chart before signing.',
  citation: seed2,
} as const;

/** A draft whose drug could not be identified (its Medication was not provided), for a patient with the facts. */
export const draftOrderUnidentifiedText = {
  summary: 'The drug of a draft order could not be identified: not checked against leg symptoms',
  detail:
    'The draft order names a Medication this service was not given, so it could not check whether the drug worsens restless legs or akathisia, which this chart shows.',
  citation: seed2,
} as const;

/**
 * Reasons a clinician may give for going ahead (CDS Hooks `overrideReasons`; codes are this
 * service's own, counted by the feedback endpoint).
 */
export const draftOrderOverrideReasons = [
  { code: 'patient-tolerates', display: 'Patient tolerates it' },
  { code: 'benefit-outweighs-risk', display: 'Benefit outweighs risk' },
  { code: 'already-discussed', display: 'Already discussed with the patient' },
] as const;

/** The label of the suggestion that removes the draft (the clinician decides). */
export const removeDraftOrderLabel = (display: string) => `Remove the draft order for ${display}`;
