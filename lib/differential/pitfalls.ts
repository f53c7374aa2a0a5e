import type { FeatureModel } from '../contracts/feature-model';
import type { BedsideFindingId, CandidateId, ConditionGroupId } from '../contracts/ids';
import type { Consideration, Pitfall } from '../contracts/report-schema';
import { bedsideFindings } from '../knowledge/bedside-findings';
import { presentingCandidateId, rlsMimicIds, separatingFinding } from '../knowledge/differential-candidates';
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

interface MimicInChart {
  candidate: CandidateId;
  label: string;
  finding: BedsideFindingId;
  sources: string[];
}

/** The mimic's own diagnosis, coded and not history: it may account for the symptoms. */
const codedNow = (e: EvaluatedCandidate['support'][number]) =>
  e.ownDiagnosis === true && e.evidence.conditionStatus !== 'history';

/**
 * RLS symptoms entered by the clinician while a mimic is likely or coded: each mimic with the
 * finding that separates it and the sources it rests on; null when there is none.
 */
function mimicsWhileRlsSymptoms(candidates: readonly EvaluatedCandidate[]): MimicInChart[] | null {
  const rls = candidates.find((c) => c.candidate.id === presentingCandidateId);
  const symptoms = rls?.support.some(
    (e) => e.evidence.fromClinician && e.evidence.ruleId === rlsSymptomRuleId,
  );
  if (!symptoms) return null;
  const mimics: MimicInChart[] = [];
  for (const c of candidates) {
    const finding = separatingFinding(c.candidate.id);
    if (!finding || !rlsMimicIds.includes(c.candidate.id)) continue;
    const coded = c.support.filter(codedNow);
    if (c.candidate.tier !== 'likely' && !c.likelyFromChart && coded.length === 0) continue;
    const basis = coded.length > 0 ? coded : c.support.filter((e) => e.effect === 'likely');
    mimics.push({
      candidate: c.candidate.id,
      label: c.candidate.label,
      finding,
      sources: basis.flatMap((e) => e.evidence.sources),
    });
  }
  return mimics.length > 0 ? mimics : null;
}

function questionOf(id: BedsideFindingId): string {
  return bedsideFindings.find((f) => f.id === id)?.question ?? id;
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
      : null)
  );
}

export function pitfalls(features: FeatureModel, candidates: readonly EvaluatedCandidate[]): Pitfall[] {
  return pitfallDefinitions.flatMap((definition): Pitfall[] => {
    const mimics = definition.when.rlsSymptomsWithMimic ? mimicsWhileRlsSymptoms(candidates) : null;
    const sources = triggered(definition, features, candidates) ?? mimics?.flatMap((m) => m.sources) ?? null;
    if (sources === null) return [];
    const pitfall: Pitfall = {
      id: definition.id,
      text:
        mimics && definition.textWithMimics
          ? definition.textWithMimics(
              mimics.map((m) => ({ label: m.label, question: questionOf(m.finding) })),
            )
          : definition.text,
      sources: uniqueSources(sources),
      citation: definition.citation,
    };
    if (mimics) pitfall.mimics = mimics.map((m) => ({ candidate: m.candidate, finding: m.finding }));
    return [pitfall];
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
