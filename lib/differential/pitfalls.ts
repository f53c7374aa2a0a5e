import type { FeatureModel } from '../features/feature-model';
import { rlsMimicIds } from '../knowledge/differential-candidates';
import {
  cognitiveImpairmentConsideration,
  type PitfallId,
  pitfallTexts,
} from '../knowledge/differential-pitfalls';
import type { ConditionGroupId } from '../knowledge/ids';
import type { EvaluatedCandidate } from './evaluate-candidates';
import type { CandidateId, Consideration, Pitfall } from './report-schema';

// Which pitfalls (spec §6) and considerations (spec §7) apply to this patient, and on what facts.

function conditionSources(features: FeatureModel, groups: readonly ConditionGroupId[]): string[] | null {
  const items = features.conditions.items.filter((c) => groups.includes(c.group));
  return items.length > 0 ? items.flatMap((c) => c.sources) : null;
}

export function pitfalls(features: FeatureModel, candidates: readonly EvaluatedCandidate[]): Pitfall[] {
  const known = new Set(features.knownReferences);
  const byId = (id: CandidateId) => candidates.find((c) => c.candidate.id === id);
  const likelySources = (id: CandidateId) => {
    const c = byId(id);
    return c?.candidate.tier === 'likely'
      ? c.support.filter((e) => e.effect === 'likely').flatMap((e) => e.evidence.sources)
      : null;
  };
  const applies: [PitfallId, string[] | null][] = [
    ['plms-vs-rls', conditionSources(features, ['plmd']) ?? likelySources('rls')],
    ['venous-stasis', conditionSources(features, ['varicose-veins', 'venous-insufficiency'])],
    [
      'electrolytes-and-cramps',
      conditionSources(features, ['leg-cramps']) ?? likelySources('nocturnal-leg-cramps'),
    ],
    ['rls-mimic-misclassification', mimicWhileRlsSymptoms(candidates)],
  ];
  return applies
    .filter((entry): entry is [PitfallId, string[]] => entry[1] !== null)
    .map(([id, sources]) => ({
      id,
      text: pitfallTexts[id].text,
      sources: [...new Set(sources.filter((s) => known.has(s)))],
      citation: pitfallTexts[id].citation,
    }));
}

/** RLS symptoms entered (any IRLSSG criterion answered yes) while a mimic is likely. */
function mimicWhileRlsSymptoms(candidates: readonly EvaluatedCandidate[]): string[] | null {
  const rls = candidates.find((c) => c.candidate.id === 'rls');
  const symptoms = rls?.support.some(
    (e) => e.evidence.fromClinician && e.evidence.ruleId === 'rls.irlssg-criteria',
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

export function considerations(features: FeatureModel): Consideration[] {
  const sources = conditionSources(features, ['dementia']);
  if (sources === null) return [];
  const known = new Set(features.knownReferences);
  const c = cognitiveImpairmentConsideration;
  return [
    {
      id: c.id,
      title: c.title,
      cues: [...c.cues],
      sources: [...new Set(sources.filter((s) => known.has(s)))],
      citation: c.citation,
    },
  ];
}
