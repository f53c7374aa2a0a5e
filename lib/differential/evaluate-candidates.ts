import type { FeatureModel } from '../contracts/feature-model';
import { type CandidateId, candidateIds, type Tier } from '../contracts/ids';
import type { Candidate, Evidence } from '../contracts/report-schema';
import { bedsideFindings } from '../knowledge/bedside-findings';
import {
  type CandidateDefinition,
  candidates,
  incompleteChartReason,
} from '../knowledge/differential-candidates';
import {
  type DifferentialRule,
  differentialRules,
  type EvidenceStrength,
  evidenceStrengthOrder,
  type FactText,
  findingEvidence,
  type RuleEffect,
  topReasonText,
} from '../knowledge/differential-rules';
import { ironEvidenceText, ironStatusWords } from '../knowledge/iron-texts';
import { candidateEvaluationOrder } from './evaluation-order';
import { uniqueSources } from './unique-sources';

// The rule interpreter: reads the typed rules in lib/knowledge/differential-rules.ts and turns
// the FeatureModel into ten candidates with their evidence. Pure and deterministic.

interface ScoredEvidence {
  evidence: Evidence;
  /** What topReason quotes: a bedside finding's clause without "Clinician: ", else the text. */
  clause: string;
  effect: RuleEffect;
  strength: EvidenceStrength;
  /** A coded condition that is this candidate's own diagnosis (its rule could make it likely). */
  ownDiagnosis?: true;
}

export interface EvaluatedCandidate {
  candidate: Candidate;
  support: ScoredEvidence[];
  against: ScoredEvidence[];
  /** A current coded diagnosis (or chart drug + finding) makes it likely without bedside findings. */
  likelyFromChart: boolean;
}

const tierRank: Record<Tier, number> = { likely: 0, possible: 1, 'less-likely': 2 };
const lower: Record<Tier, Tier> = {
  likely: 'possible',
  possible: 'less-likely',
  'less-likely': 'less-likely',
};

function questionOf(id: string): string {
  return bedsideFindings.find((f) => f.id === id)?.question ?? id;
}

function answerOf(features: FeatureModel, id: keyof FeatureModel['findings']): 'yes' | 'no' | 'unknown' {
  return features.findings[id]?.answer ?? 'unknown';
}

function fromClinician(rule: DifferentialRule, finding: string, answer: 'yes' | 'no'): ScoredEvidence {
  const question = questionOf(finding);
  const asked = rule.when.kind === 'findings' || !rule.text;
  const clause = asked
    ? findingEvidence.clause(question, answer)
    : (rule.text?.({ display: question, status: answer, date: null }) ?? question);
  return {
    clause,
    evidence: {
      ruleId: rule.ruleId,
      text: asked ? findingEvidence.text(clause) : clause,
      sources: [],
      date: null,
      citation: rule.citation,
      fromClinician: true,
    },
    effect: rule.effect,
    strength: 'clinician-finding',
  };
}

function fromChart(
  rule: DifferentialRule,
  fact: FactText,
  sources: string[],
  effect: RuleEffect,
  strength: EvidenceStrength,
): ScoredEvidence {
  const text = rule.text ? rule.text(fact) : fact.display;
  return {
    clause: text,
    evidence: {
      ruleId: rule.ruleId,
      text,
      sources,
      date: fact.date,
      citation: rule.citation,
      fromClinician: false,
    },
    effect,
    strength,
  };
}

/** A `recent` use dated within `days` of now (a dose given this week, an order stopped this week). */
function givenWithin(m: FeatureModel['medications']['items'][number], days: number | undefined): boolean {
  return days !== undefined && m.status === 'recent' && m.daysAgo != null && m.daysAgo <= days;
}

/** The evidence one rule finds in the features (empty when it does not apply). */
function applyRule(
  rule: DifferentialRule,
  features: FeatureModel,
  evaluated: ReadonlyMap<CandidateId, EvaluatedCandidate>,
): ScoredEvidence[] {
  const when = rule.when;
  switch (when.kind) {
    case 'condition':
      return features.conditions.items
        .filter((c) => when.groups.includes(c.group) && (!when.statuses || when.statuses.includes(c.status)))
        .map((c) => {
          const current = c.status === 'current';
          // Only a current diagnosis makes a candidate likely; provisional, symptom and history
          // conditions support at most `possible` (spec §1).
          const effect: RuleEffect = current
            ? rule.effect
            : rule.effect === 'likely'
              ? 'possible'
              : rule.effect;
          const strength: EvidenceStrength =
            current && rule.effect === 'likely' ? 'coded-diagnosis' : 'chart-indirect';
          const item = fromChart(
            rule,
            { display: c.display, status: c.status, date: c.date, statusReason: c.statusReason },
            uniqueSources(c.sources),
            effect,
            strength,
          );
          item.evidence.conditionStatus = c.status;
          if (rule.effect === 'likely') item.ownDiagnosis = true;
          return item;
        });
    case 'medication': {
      // Parkinson's coded at all (current or history) makes its drugs no evidence of treated RLS.
      const blocked = (when.unlessConditions ?? []).some((g) =>
        features.conditions.items.some(
          (c) => c.group === g && (c.status === 'current' || c.status === 'history'),
        ),
      );
      if (blocked) return [];
      return features.medications.items
        .filter(
          (m) =>
            m.classes.some((k) => when.classes.includes(k)) &&
            (when.statuses.some((s) => s === m.status) || givenWithin(m, when.recentWithinDays)),
        )
        .map((m) =>
          fromChart(
            rule,
            { display: m.display, status: m.status, date: m.date },
            uniqueSources(m.sources),
            rule.effect,
            'chart-indirect',
          ),
        );
    }
    case 'iron': {
      const iron = features.iron;
      if (!when.statuses.some((s) => s === iron.status)) return [];
      return [
        fromChart(
          rule,
          { display: ironEvidenceText(iron), status: ironStatusWords[iron.status], date: iron.date },
          uniqueSources(iron.sources),
          rule.effect,
          'chart-indirect',
        ),
      ];
    }
    case 'sex':
      if (features.patient.sex !== when.sex) return [];
      return [
        fromChart(
          rule,
          { display: features.patient.sex, status: 'current', date: null },
          uniqueSources(features.patient.sources),
          rule.effect,
          'chart-indirect',
        ),
      ];
    case 'findings': {
      const met = when.all.filter((r) => answerOf(features, r.finding) === r.answer);
      const effect: RuleEffect = met.length === when.all.length ? rule.effect : when.partialEffect;
      return met.map((r) => ({ ...fromClinician(rule, r.finding, r.answer), effect }));
    }
    case 'finding':
      return answerOf(features, when.finding) === when.answer
        ? [fromClinician(rule, when.finding, when.answer)]
        : [];
    case 'medication-and-finding': {
      if (answerOf(features, when.finding) !== when.answer) return [];
      return features.medications.items
        .filter(
          (m) =>
            (m.status === 'current' || givenWithin(m, when.recentWithinDays)) &&
            m.classes.some((k) => when.classes.includes(k)),
        )
        .map((m) =>
          fromChart(
            rule,
            { display: m.display, status: m.status, date: m.date },
            uniqueSources(m.sources),
            rule.effect,
            'chart-indirect',
          ),
        );
    }
    case 'candidate-tier': {
      const other = evaluated.get(when.candidate);
      if (other?.candidate.tier !== when.tier) return [];
      // Rests on the same facts as the other candidate's tier (chart references, or the clinician).
      const basis = other.support.filter((e) => e.effect === when.tier).map((e) => e.evidence);
      const item = fromChart(
        rule,
        { display: other.candidate.label, status: when.tier, date: null },
        basis.flatMap((e) => e.sources),
        rule.effect,
        'chart-indirect',
      );
      item.evidence.sources = [...new Set(item.evidence.sources)];
      item.evidence.fromClinician = basis.every((e) => e.fromClinician);
      return [item];
    }
  }
}

/** Keeps one item per text, with the highest effect (a finding can be named by two rules). */
function dedupe(items: ScoredEvidence[]): ScoredEvidence[] {
  const byText = new Map<string, ScoredEvidence>();
  for (const item of items) {
    const seen = byText.get(item.evidence.text);
    if (!seen || effectRank(item.effect) < effectRank(seen.effect)) byText.set(item.evidence.text, item);
  }
  return [...byText.values()];
}

function effectRank(effect: RuleEffect): number {
  return { likely: 0, possible: 1, none: 2, against: 3 }[effect];
}

function strengthRank(s: EvidenceStrength): number {
  return evidenceStrengthOrder.indexOf(s);
}

function evaluateOne(
  id: CandidateId,
  definition: CandidateDefinition,
  features: FeatureModel,
  evaluated: ReadonlyMap<CandidateId, EvaluatedCandidate>,
): EvaluatedCandidate {
  const found = differentialRules
    .filter((r) => r.candidate === id)
    .flatMap((r) => applyRule(r, features, evaluated));
  const support = dedupe(found.filter((e) => e.effect !== 'against')).sort(
    (a, b) =>
      effectRank(a.effect) - effectRank(b.effect) || strengthRank(a.strength) - strengthRank(b.strength),
  );
  const against = dedupe(found.filter((e) => e.effect === 'against'));

  const deciding = support.find((e) => e.effect === 'likely') ?? support.find((e) => e.effect === 'possible');
  let tier: Tier = deciding ? (deciding.effect === 'likely' ? 'likely' : 'possible') : 'less-likely';
  const likelyFromChart = support.some((e) => e.effect === 'likely' && !e.evidence.fromClinician);

  // IRLSSG criterion 5 asks whether the symptoms are solely accounted for by another condition, not
  // whether one is coded (spec §1, revision 2): a coded mimic never lowers RLS here. Only bedside
  // findings against RLS do (its `against` rules); the misclassification pitfall names the mimic.
  if (tier === 'less-likely' && definition.floor) tier = definition.floor.tier;
  if (against.length > 0) tier = lower[tier];

  const supportText =
    deciding?.evidence.text ??
    (definition.floor && support.length === 0 ? definition.floor.reason : support[0]?.evidence.text);
  const firstAgainst = against[0]?.clause;
  let topReason: string;
  if (firstAgainst && tier === 'less-likely') topReason = topReasonText.against(firstAgainst);
  else if (firstAgainst && supportText) topReason = topReasonText.loweredBy(supportText, firstAgainst);
  else topReason = supportText ?? definition.floor?.reason ?? noSupportReason(definition, features);

  return {
    candidate: {
      id,
      label: definition.label,
      tier,
      topReason,
      supporting: support.map((e) => e.evidence),
      against: against.map((e) => e.evidence),
      distinguishingFindings: definition.distinguishingFindings.map((id) => ({
        id,
        question: questionOf(id),
      })),
      citation: definition.citation,
    },
    support,
    against,
    likelyFromChart,
  };
}

function noSupportReason(definition: CandidateDefinition, features: FeatureModel): string {
  const complete = features.conditions.search === 'complete' && features.medications.search === 'complete';
  return complete ? definition.noSupportReason : incompleteChartReason(definition.askNext);
}

/** Strength vector compared strongest first: counts per strength, then fewer items against. */
function strengthVector(e: EvaluatedCandidate): number[] {
  return [
    ...evidenceStrengthOrder.map((s) => e.support.filter((x) => x.strength === s).length),
    -e.against.length,
  ];
}

function compareVectors(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** All ten candidates, evaluated in dependency order, returned in display order. */
export function evaluateCandidates(features: FeatureModel): EvaluatedCandidate[] {
  const evaluated = new Map<CandidateId, EvaluatedCandidate>();
  for (const id of candidateEvaluationOrder) {
    evaluated.set(id, evaluateOne(id, candidates[id], features, evaluated));
  }
  return [...evaluated.values()].sort(
    (a, b) =>
      tierRank[a.candidate.tier] - tierRank[b.candidate.tier] ||
      compareVectors(strengthVector(a), strengthVector(b)) ||
      candidateIds.indexOf(a.candidate.id) - candidateIds.indexOf(b.candidate.id),
  );
}
