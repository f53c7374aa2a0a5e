import type { FeatureModel } from '../contracts/feature-model';
import type { ConditionGroupId } from '../contracts/ids';
import type { Consideration, Pitfall } from '../contracts/report-schema';
import { presentingCandidateId, rlsMimicIds } from '../knowledge/differential-candidates';
import {
  cognitiveImpairmentConsideration,
  type PitfallDefinition,
  pitfallDefinitions,
  rlsSymptomRuleId,
} from '../knowledge/differential-pitfalls';
import type { EvaluatedCandidate } from './evaluate-candidates';
import { uniqueSources } from './unique-sources';

// Which pitfalls (spec §6) and considerations (spec §7) apply to this patient, and on what facts.

function conditionSources(features: FeatureModel, groups: readonly ConditionGroupId[]): string[] | null {
  const items = features.conditions.items.filter((c) => groups.includes(c.group));
  return items.length > 0 ? items.flatMap((c) => c.sources) : null;
}

function likelySources(candidate: EvaluatedCandidate | undefined): string[] | null {
  if (candidate?.candidate.tier !== 'likely') return null;
  return candidate.support.filter((e) => e.effect === 'likely').flatMap((e) => e.evidence.sources);
}

/** RLS symptoms entered by the clinician while a mimic is likely: the mimic's sources. */
function mimicWhileRlsSymptoms(candidates: readonly EvaluatedCandidate[]): string[] | null {
  const rls = candidates.find((c) => c.candidate.id === presentingCandidateId);
  const symptoms = rls?.support.some(
    (e) => e.evidence.fromClinician && e.evidence.ruleId === rlsSymptomRuleId,
  );
  if (!symptoms) return null;
  const mimics = candidates.filter(
    (c) => rlsMimicIds.includes(c.candidate.id) && (c.candidate.tier === 'likely' || c.likelyFromChart),
  );
  if (mimics.length === 0) return null;
  return mimics.flatMap((m) =>
    m.support.filter((e) => e.effect === 'likely').flatMap((e) => e.evidence.sources),
  );
}

/** The sources a pitfall rests on, or null when it does not apply. */
function triggered(
  definition: PitfallDefinition,
  features: FeatureModel,
  candidates: readonly EvaluatedCandidate[],
): string[] | null {
  const { when } = definition;
  return (
    (when.conditions ? conditionSources(features, when.conditions) : null) ??
    (when.candidateLikely
      ? likelySources(candidates.find((c) => c.candidate.id === when.candidateLikely))
      : null) ??
    (when.rlsSymptomsWithMimic ? mimicWhileRlsSymptoms(candidates) : null)
  );
}

export function pitfalls(features: FeatureModel, candidates: readonly EvaluatedCandidate[]): Pitfall[] {
  return pitfallDefinitions.flatMap((definition) => {
    const sources = triggered(definition, features, candidates);
    if (sources === null) return [];
    return [
      {
        id: definition.id,
        text: definition.text,
        sources: uniqueSources(sources),
        citation: definition.citation,
      },
    ];
  });
}

export function considerations(features: FeatureModel): Consideration[] {
  const c = cognitiveImpairmentConsideration;
  const sources = conditionSources(features, c.conditions);
  if (sources === null) return [];
  return [
    {
      id: c.id,
      title: c.title,
      cues: [...c.cues],
      sources: uniqueSources(sources),
      citation: c.citation,
    },
  ];
}
