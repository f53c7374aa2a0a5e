import { type CandidateId, candidateIds } from '../contracts/ids';
import { type DifferentialRule, differentialRules } from '../knowledge/differential-rules';

// The order candidates are evaluated in, computed from what each reads of the others: a rule on
// another candidate's tier (PLMS reads RLS). RLS reads no mimic's tier: a coded mimic never lowers
// it (IRLSSG criterion 5 as "solely accounted for", spec §1 revision 2). Every candidate is
// evaluated; a cycle is a programmer error, caught when the module loads (and by a test).

/** Candidate -> the candidates whose tiers it reads. */
export function candidateDependencies(
  rules: readonly DifferentialRule[],
): Map<CandidateId, Set<CandidateId>> {
  const needs = new Map<CandidateId, Set<CandidateId>>(candidateIds.map((id) => [id, new Set()]));
  for (const rule of rules)
    if (rule.when.kind === 'candidate-tier') needs.get(rule.candidate)?.add(rule.when.candidate);
  return needs;
}

/** Dependencies first; among candidates ready at once, the display order. Throws on a cycle. */
export function evaluationOrder(needs: ReadonlyMap<CandidateId, ReadonlySet<CandidateId>>): CandidateId[] {
  const order: CandidateId[] = [];
  const done = new Set<CandidateId>();
  while (order.length < candidateIds.length) {
    const next = candidateIds.find(
      (id) => !done.has(id) && [...(needs.get(id) ?? [])].every((dependency) => done.has(dependency)),
    );
    if (next === undefined) {
      const stuck = candidateIds.filter((id) => !done.has(id));
      throw new Error(`candidate rules read each other's tiers in a cycle: ${stuck.join(', ')}`);
    }
    order.push(next);
    done.add(next);
  }
  return order;
}

export const candidateEvaluationOrder: readonly CandidateId[] = evaluationOrder(
  candidateDependencies(differentialRules),
);
