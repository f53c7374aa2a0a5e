import { describe, expect, it } from 'vitest';
import { candidateIds } from '@/lib/contracts/ids';
import {
  candidateDependencies,
  candidateEvaluationOrder,
  evaluationOrder,
} from '@/lib/differential/evaluation-order';
import { rlsMimicIds } from '@/lib/knowledge/differential-candidates';
import { differentialRules } from '@/lib/knowledge/differential-rules';

describe('the evaluation order is computed from what candidates read of each other', () => {
  it('evaluates every candidate once, each after the ones it reads', () => {
    expect([...candidateEvaluationOrder].sort()).toEqual([...candidateIds].sort());
    const needs = candidateDependencies(differentialRules);
    for (const [id, dependencies] of needs)
      for (const dependency of dependencies)
        expect(candidateEvaluationOrder.indexOf(dependency)).toBeLessThan(
          candidateEvaluationOrder.indexOf(id),
        );
  });

  it('reads the mimics before RLS (criterion 5) and RLS before PLMS', () => {
    const order = candidateEvaluationOrder;
    for (const mimic of rlsMimicIds) expect(order.indexOf(mimic)).toBeLessThan(order.indexOf('rls'));
    expect(order.indexOf('rls')).toBeLessThan(order.indexOf('plms'));
  });

  it('refuses rules that read each other in a cycle', () => {
    const needs = candidateDependencies(differentialRules);
    needs.get('nocturnal-leg-cramps')?.add('plms');
    expect(() => evaluationOrder(needs)).toThrow(/cycle/);
  });
});
