import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { ConditionFeature, ConditionStatus, ConditionsFeature } from '../contracts/feature-model';
import type { ConditionGroupId } from '../contracts/ids';
import { referenceOf } from '../contracts/references';
import {
  currentClinicalStatuses,
  excludedVerificationStatuses,
  historyClinicalStatuses,
} from '../knowledge/conditions';
import { searchCompleteness } from './completeness';
import { conditionGroupsOf, conditionMatcher } from './condition-index';
import { anyCode, fhirDateToMs, firstText } from './fhir-values';

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

/** A group's item being built: its sources as a Set so many conditions in one group stay linear. */
interface Accumulator {
  item: ConditionFeature;
  sources: Set<string>;
  /** `item.date` in epoch ms. */
  dateMs: number | null;
}

export function conditionsFeature(chart: ChartSnapshot): ConditionsFeature {
  const items = new Map<ConditionGroupId, Accumulator>();
  const matcher = conditionMatcher();
  const { conditions } = chart;
  // An index loop: on a large chart this long loop runs partly before it is fully optimised, where
  // for...of makes an iterator result per element.
  for (let i = 0; i < conditions.length; i++) {
    const condition = conditions[i];
    if (!condition) continue;
    // The code first: most conditions of a chart are in no group, and need not be read further.
    const groups = conditionGroupsOf(condition.code, matcher);
    if (!groups || isExcluded(condition)) continue;
    const reference = referenceOf(condition);
    const status = conditionStatus(condition);
    const date = conditionDate(condition);
    const dateMs = fhirDateToMs(date);
    const display = firstText(condition.code) ?? '';
    groups.forEach((matchedBy, group) => {
      const accumulator = items.get(group);
      if (!accumulator) {
        const item: ConditionFeature = { group, status, display, matchedBy, sources: [], date };
        items.set(group, { item, sources: new Set([reference]), dateMs });
        return;
      }
      const existing = accumulator.item;
      accumulator.sources.add(reference);
      // Current over history; within a status, the newest date (an undated one is never newer).
      const stronger = status === 'current' && existing.status === 'history';
      const sameButNewer =
        status === existing.status &&
        dateMs !== null &&
        (accumulator.dateMs === null || dateMs > accumulator.dateMs);
      if (stronger || sameButNewer) {
        existing.status = status;
        existing.display = display;
        existing.matchedBy = matchedBy;
        existing.date = date;
        accumulator.dateMs = dateMs;
      }
    });
  }
  return {
    search: searchCompleteness(chart.queries, 'Condition'),
    items: [...items.values()]
      .map(({ item, sources }) => ({ ...item, sources: [...sources] }))
      .sort((a, b) => a.group.localeCompare(b.group)),
  };
}
