import type { ChartSnapshot } from '../fhir/chart-snapshot';
import {
  currentClinicalStatuses,
  excludedVerificationStatuses,
  historyClinicalStatuses,
} from '../knowledge/conditions';
import type { ConditionGroupId } from '../knowledge/ids';
import { searchCompleteness } from './completeness';
import { conditionGroupsOf, conditionTextMatcher } from './condition-index';
import type { ConditionFeature, ConditionStatus, ConditionsFeature } from './feature-model';
import { anyCode, isNewer, textsOf } from './fhir-values';

/**
 * Current or history. Without a clinicalStatus (allowed for some entries, e.g. encounter
 * diagnoses), a condition with an abatement date is history; otherwise it is read as current, as a
 * problem-list entry without status usually is. A status outside both lists (unknown code) is
 * treated the same way.
 */
export function conditionStatus(condition: fhir4.Condition): ConditionStatus {
  const codes = anyCode(condition.clinicalStatus);
  if (codes.some((c) => currentClinicalStatuses.includes(c))) return 'current';
  if (codes.some((c) => historyClinicalStatuses.includes(c))) return 'history';
  const abated =
    condition.abatementDateTime !== undefined ||
    condition.abatementPeriod !== undefined ||
    condition.abatementAge !== undefined ||
    condition.abatementRange !== undefined ||
    condition.abatementString !== undefined;
  return abated ? 'history' : 'current';
}

function isExcluded(condition: fhir4.Condition): boolean {
  return anyCode(condition.verificationStatus).some((c) => excludedVerificationStatuses.includes(c));
}

function conditionDate(condition: fhir4.Condition): string | null {
  return condition.onsetDateTime ?? condition.onsetPeriod?.start ?? condition.recordedDate ?? null;
}

export function conditionsFeature(chart: ChartSnapshot): ConditionsFeature {
  const items = new Map<ConditionGroupId, ConditionFeature>();
  // Sources as Sets while merging, so many conditions in one group stay linear.
  const sources = new Map<ConditionGroupId, Set<string>>();
  const matchText = conditionTextMatcher();
  for (const condition of chart.conditions) {
    if (isExcluded(condition)) continue;
    const groups = conditionGroupsOf(condition.code, matchText);
    if (groups.size === 0) continue;
    const reference = `Condition/${condition.id}`;
    const status = conditionStatus(condition);
    const date = conditionDate(condition);
    const display = textsOf(condition.code)[0] ?? '';
    for (const [group, matchedBy] of groups) {
      const existing = items.get(group);
      if (!existing) {
        items.set(group, { group, status, display, matchedBy, sources: [], date });
        sources.set(group, new Set([reference]));
        continue;
      }
      sources.get(group)?.add(reference);
      const stronger = status === 'current' && existing.status === 'history';
      const sameButNewer = status === existing.status && isNewer(date, existing.date);
      if (stronger || sameButNewer) Object.assign(existing, { status, display, matchedBy, date });
    }
  }
  return {
    search: searchCompleteness(chart.queries, 'Condition'),
    items: [...items.values()]
      .map((item) => ({ ...item, sources: [...(sources.get(item.group) ?? [])] }))
      .sort((a, b) => a.group.localeCompare(b.group)),
  };
}
