import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { ConditionFeature, ConditionsFeature } from '../contracts/feature-model';
import { fhirDateToMs } from '../contracts/fhir-dates';
import type { ConditionGroupId, ConditionStatus, ConditionStatusReason } from '../contracts/ids';
import { referenceOf } from '../contracts/references';
import {
  conditionCategories,
  conditionStatusRank,
  confirmedVerificationStatus,
  currentClinicalStatuses,
  encounterDiagnosisCurrentMonths,
  excludedVerificationStatuses,
  historyClinicalStatuses,
  provisionalVerificationStatuses,
} from '../knowledge/conditions';
import { searchCompleteness } from './completeness';
import { conditionGroupsOf, conditionMatcher, type GroupMatch } from './condition-index';
import { anyCode, firstText } from './fhir-values';

// What makes a coded condition a current diagnosis (clinical spec §1, revision 2): verification
// confirmed (or absent on a problem-list item) and clinical status active/recurrence/relapse (or
// absent on an encounter diagnosis recorded within the last 12 months). Provisional, differential
// and unconfirmed diagnoses are `provisional`; an old encounter diagnosis without a clinical status
// is `history`; refuted and entered-in-error never count. Conditions with no category (Synthea,
// HAPI) follow the problem-list rules.

export interface StatusOf {
  status: ConditionStatus;
  reason: ConditionStatusReason;
}

function isAbated(condition: fhir4.Condition): boolean {
  return (
    condition.abatementDateTime !== undefined ||
    condition.abatementPeriod !== undefined ||
    condition.abatementAge !== undefined ||
    condition.abatementRange !== undefined ||
    condition.abatementString !== undefined
  );
}

/** An encounter diagnosis only: one that is also on the problem list follows the problem-list rules. */
function isEncounterDiagnosisOnly(condition: fhir4.Condition): boolean {
  let encounter = false;
  for (const category of condition.category ?? []) {
    const codes = anyCode(category);
    if (
      codes.includes(conditionCategories.problemListItem) ||
      codes.includes(conditionCategories.healthConcern)
    )
      return false;
    if (codes.includes(conditionCategories.encounterDiagnosis)) encounter = true;
  }
  return encounter;
}

/** The date an encounter diagnosis was recorded (else its onset): the 12-month rule reads it. */
function recordedMs(condition: fhir4.Condition): number | null {
  return fhirDateToMs(condition.recordedDate ?? condition.onsetDateTime ?? condition.onsetPeriod?.start);
}

function monthsBefore(now: Date, months: number): number {
  return Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth() - months,
    now.getUTCDate(),
    now.getUTCHours(),
    now.getUTCMinutes(),
    now.getUTCSeconds(),
    now.getUTCMilliseconds(),
  );
}

/**
 * The condition's own status, before what its name says; null when it never counts (refuted,
 * entered in error). A clinical status outside both lists (an unknown code) reads as absent.
 */
export function conditionStatus(condition: fhir4.Condition, now: Date): StatusOf | null {
  const verification = anyCode(condition.verificationStatus);
  if (verification.some((c) => excludedVerificationStatuses.includes(c))) return null;
  const encounterOnly = isEncounterDiagnosisOnly(condition);

  const clinical = anyCode(condition.clinicalStatus);
  let current: StatusOf;
  if (clinical.some((c) => currentClinicalStatuses.includes(c)))
    current = { status: 'current', reason: 'active' };
  else if (clinical.some((c) => historyClinicalStatuses.includes(c)))
    return { status: 'history', reason: 'inactive' };
  else if (isAbated(condition)) return { status: 'history', reason: 'abated' };
  else if (encounterOnly) {
    const ms = recordedMs(condition);
    if (ms === null || ms < monthsBefore(now, encounterDiagnosisCurrentMonths.value))
      return { status: 'history', reason: 'old-encounter-diagnosis' };
    current = { status: 'current', reason: 'recent-encounter-diagnosis' };
  } else current = { status: 'current', reason: 'problem-without-clinical-status' };

  for (const code of verification) {
    const reason = provisionalVerificationStatuses[code as keyof typeof provisionalVerificationStatuses];
    if (reason) return { status: 'provisional', reason };
  }
  // Verification may be absent on a problem-list item (or an uncategorised condition), not on an
  // encounter diagnosis.
  if (encounterOnly && !verification.includes(confirmedVerificationStatus))
    return { status: 'provisional', reason: 'encounter-diagnosis-unverified' };
  return current;
}

/** The status in one group: what the name says ("history of", "r/o") and a symptom code come on top. */
export function groupStatus(base: StatusOf, match: GroupMatch): StatusOf {
  if (base.status === 'history') return base;
  if (match.cue === 'history') return { status: 'history', reason: 'history-in-name' };
  if (base.status === 'provisional') return base;
  if (match.cue === 'rule-out') return { status: 'provisional', reason: 'rule-out-in-name' };
  if (match.symptom) return { status: 'symptom', reason: 'symptom-code' };
  return base;
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

export function conditionsFeature(chart: ChartSnapshot, now: Date): ConditionsFeature {
  const items = new Map<ConditionGroupId, Accumulator>();
  const matcher = conditionMatcher();
  const { conditions } = chart;
  // An index loop: on a large chart this long loop runs partly before it is fully optimised, where
  // for...of makes an iterator result per element.
  for (let i = 0; i < conditions.length; i++) {
    const condition = conditions[i];
    if (!condition) continue;
    // The code and name first: most conditions of a chart are in no group, and need not be read further.
    const groups = conditionGroupsOf(condition.code, matcher);
    if (!groups) continue;
    const base = conditionStatus(condition, now);
    if (!base) continue;
    const reference = referenceOf(condition);
    const date = conditionDate(condition);
    const dateMs = fhirDateToMs(date);
    const display = firstText(condition.code) ?? '';
    groups.forEach((match, group) => {
      const { status, reason } = groupStatus(base, match);
      const accumulator = items.get(group);
      if (!accumulator) {
        const item: ConditionFeature = {
          group,
          status,
          statusReason: reason,
          display,
          matchedBy: match.matchedBy,
          sources: [],
          date,
        };
        items.set(group, { item, sources: new Set([reference]), dateMs });
        return;
      }
      const existing = accumulator.item;
      accumulator.sources.add(reference);
      // The strongest status; within a status, the newest date (an undated one is never newer).
      const stronger = conditionStatusRank[status] > conditionStatusRank[existing.status];
      const sameButNewer =
        status === existing.status &&
        dateMs !== null &&
        (accumulator.dateMs === null || dateMs > accumulator.dateMs);
      if (stronger || sameButNewer) {
        existing.status = status;
        existing.statusReason = reason;
        existing.display = display;
        existing.matchedBy = match.matchedBy;
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
