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

  it('evaluates RLS before PLMS (which reads it), and RLS reads no mimic (criterion 5: solely accounted for)', () => {
    const order = candidateEvaluationOrder;
    expect(order.indexOf('rls')).toBeLessThan(order.indexOf('plms'));
    const needs = candidateDependencies(differentialRules);
    expect([...(needs.get('rls') ?? [])]).toEqual([]);
    for (const mimic of rlsMimicIds) expect(needs.get(mimic)?.has('rls')).toBe(false);
  });

  it('refuses rules that read each other in a cycle', () => {
    const needs = candidateDependencies(differentialRules);
    // PLMS reads RLS; RLS reading PLMS back would close a cycle.
    needs.get('rls')?.add('plms');
    expect(() => evaluationOrder(needs)).toThrow(/cycle/);
  });
});
