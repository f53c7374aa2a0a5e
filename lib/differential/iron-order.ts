import type { Report } from '../contracts/report-schema';
import { differentialRules } from '../knowledge/differential-rules';
import { ironOrderSuggestion } from '../knowledge/iron-order';
import { uniqueSources } from './unique-sources';

// Whether the iron card should offer to order ferritin and TSAT (lib/knowledge/iron-order.ts):
// iron missing, out of date or unreadable, for a patient with RLS coded or a current offending
// drug. Read from the Report every surface gets, so patient-view needs nothing more than it has.

export interface IronOrderIndication {
  /** The chart facts that call for it (the coded condition, the current drug). */
  sources: string[];
}

/** Rules whose evidence is a coded condition of the suggestion's groups (e.g. `rls.coded`). */
const conditionRuleIds: ReadonlySet<string> = new Set(
  differentialRules
    .filter(
      (rule) =>
        rule.when.kind === 'condition' &&
        rule.when.groups.some((g) => ironOrderSuggestion.conditions.includes(g)),
    )
    .map((rule) => rule.ruleId),
);

export function ironOrderIndication(report: Report): IronOrderIndication | null {
  if (!ironOrderSuggestion.ironStatuses.includes(report.flags.iron.status)) return null;
  const coded = report.candidates
    .flatMap((c) => c.supporting)
    .filter((e) => conditionRuleIds.has(e.ruleId))
    .flatMap((e) => e.sources);
  const drugs = ironOrderSuggestion.whenOffendingDrugCurrent
    ? report.flags.medications.filter((f) => f.status === 'current').flatMap((f) => f.sources)
    : [];
  if (coded.length === 0 && drugs.length === 0) return null;
  return { sources: uniqueSources([...coded, ...drugs]) };
}
