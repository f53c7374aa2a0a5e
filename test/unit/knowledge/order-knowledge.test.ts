import { describe, expect, it } from 'vitest';
import { conditionGroupIds, treatmentClassIds } from '@/lib/contracts/ids';
import {
  draftOrderOverrideReasons,
  draftOrderRecommendation,
  draftOrderRiskConditions,
  draftOrderRiskTreatments,
} from '@/lib/knowledge/draft-order-warnings';
import { ironOrderLabs, ironOrderSuggestion, laboratoryProcedureCategory } from '@/lib/knowledge/iron-order';
import { labDefinitions } from '@/lib/knowledge/labs';

// The tables behind the order-hook warnings and the iron order suggestion: ids that exist, codes
// that are the labs' own, a citation on each.

describe('draft order warning tables', () => {
  it('names condition groups and treatment classes that exist, each rule with a citation', () => {
    for (const group of [...draftOrderRiskConditions.groups, ...draftOrderRiskTreatments.unlessConditions])
      expect(conditionGroupIds).toContain(group);
    for (const cls of draftOrderRiskTreatments.classes) expect(treatmentClassIds).toContain(cls);
    for (const citation of [
      draftOrderRiskConditions.citation,
      draftOrderRiskTreatments.citation,
      draftOrderRecommendation.citation,
    ])
      expect(citation).toMatch(/seed|clinical spec/);
  });

  it('offers the three override reasons, each with a unique code and a display', () => {
    expect(draftOrderOverrideReasons.map((r) => r.display)).toEqual([
      'Patient tolerates it',
      'Benefit outweighs risk',
      'Already discussed with the patient',
    ]);
    expect(new Set(draftOrderOverrideReasons.map((r) => r.code)).size).toBe(3);
  });
});

describe('iron order suggestion tables', () => {
  it('orders one code of each lab the differential reads for it (ferritin by mass, TSAT)', () => {
    expect(ironOrderLabs.map((l) => l.lab)).toEqual(['ferritin', 'tsat']);
    for (const orderable of ironOrderLabs) {
      const lab = labDefinitions.find((d) => d.id === orderable.lab);
      expect(lab?.loinc, orderable.lab).toContain(orderable.loinc);
      expect(orderable.citation).toContain('LOINC');
    }
  });

  it('is offered for missing, stale or unreadable iron only, and cites the seed', () => {
    expect([...ironOrderSuggestion.ironStatuses].sort()).toEqual(['missing', 'stale', 'unknown']);
    expect(ironOrderSuggestion.citation).toContain('seed [1][2][3]');
    expect(laboratoryProcedureCategory.system).toBe('http://snomed.info/sct');
  });
});
