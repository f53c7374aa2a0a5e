import type { FeatureModel, MedicationFeature } from '../contracts/feature-model';
import { type OffendingClassId, offendingClassIds } from '../contracts/ids';
import { conditionValueSets } from '../knowledge/conditions';
import { medicationFlagTexts } from '../knowledge/differential-recommendations';
import {
  draftOrderFactTexts,
  draftOrderRecommendation,
  draftOrderRiskConditions,
  draftOrderRiskTreatments,
  draftOrderSameClassRule,
  draftOrderSummaryFacts,
  draftOrderUncheckedText,
  draftOrderUnidentifiedText,
} from '../knowledge/draft-order-warnings';
import { uniqueSources } from './unique-sources';

// A drug about to be ordered, against the chart: warn when it is an offending drug (the same
// matching as the chart's drugs) and the chart shows RLS, leg cramps or akathisia, a current RLS
// treatment, or a current drug of the same class. Pure: the chart arrives as its FeatureModel, the
// draft as the medication features of a chart holding only that order.

export interface DraftOrderDrug {
  /** "MedicationRequest/id" of the draft. */
  reference: string;
  /** What the draft names, matched as a current order (lib/features/medications.ts). */
  medications: MedicationFeature[];
  /** Its Medication was referenced but not provided: an empty match does not mean "not offending". */
  medicationUnresolved: boolean;
}

export type DraftOrderFactKind = 'condition' | 'treatment' | 'same-class-current' | 'same-class-draft';

export interface DraftOrderFact {
  kind: DraftOrderFactKind;
  /** One line for the card's detail. */
  text: string;
  /** A few words for the card's summary. */
  short: string;
  sources: string[];
  date: string | null;
}

export interface DraftOrderClass {
  id: OffendingClassId;
  label: string;
}

interface DraftOrderDrugSummary {
  draftReference: string;
  /** As the order names it (first offending ingredient's display). */
  display: string;
  ingredients: string[];
  classes: DraftOrderClass[];
  /** Sources of the draft's drug: the order and any Medication it references. */
  sources: string[];
}

export type DraftOrderAssessment =
  | (DraftOrderDrugSummary & {
      kind: 'warning';
      facts: DraftOrderFact[];
      recommendation: string;
      citation: string;
    })
  /** Offending, none of the facts found, but the chart was not read in full. */
  | (DraftOrderDrugSummary & { kind: 'unchecked'; summary: string; detail: string; citation: string })
  /** The drug could not be identified, for a patient with the facts. */
  | { kind: 'unidentified'; draftReference: string; summary: string; detail: string; citation: string };

function isOffendingClass(id: string): id is OffendingClassId {
  return (offendingClassIds as readonly string[]).includes(id);
}

const groupLabels = new Map(conditionValueSets.map((v) => [v.group, v.label]));

function offendingClassesOf(items: readonly MedicationFeature[]): OffendingClassId[] {
  const classes = new Set<OffendingClassId>();
  for (const item of items) for (const cls of item.classes) if (isOffendingClass(cls)) classes.add(cls);
  return offendingClassIds.filter((id) => classes.has(id));
}

function offendingItems(drug: DraftOrderDrug): MedicationFeature[] {
  return drug.medications.filter((m) => m.role === 'offending' && m.status === 'current');
}

function conditionFacts(chart: FeatureModel): DraftOrderFact[] {
  const { groups, statuses } = draftOrderRiskConditions;
  return groups.flatMap((group) =>
    chart.conditions.items
      .filter((c) => c.group === group && statuses.includes(c.status))
      .map((c) => {
        const label = groupLabels.get(group) ?? group;
        return {
          kind: 'condition' as const,
          text: draftOrderFactTexts.condition(c.display || label, c.status),
          short: draftOrderSummaryFacts.condition(label),
          sources: uniqueSources(c.sources),
          date: c.date,
        };
      }),
  );
}

function treatmentFacts(chart: FeatureModel): DraftOrderFact[] {
  const { classes, unlessConditions } = draftOrderRiskTreatments;
  const blocked = chart.conditions.items.some(
    (c) => unlessConditions.includes(c.group) && c.status === 'current',
  );
  if (blocked) return [];
  const treatmentClasses: readonly string[] = classes;
  return chart.medications.items
    .filter((m) => m.status === 'current' && m.classes.some((c) => treatmentClasses.includes(c)))
    .map((m) => ({
      kind: 'treatment' as const,
      text: draftOrderFactTexts.treatment(m.display),
      short: draftOrderSummaryFacts.treatment(m.display),
      sources: uniqueSources(m.sources),
      date: m.date,
    }));
}

function sharedClassLabel(item: MedicationFeature, classes: readonly OffendingClassId[]): string | null {
  const shared = item.classes.filter(
    (c): c is OffendingClassId => isOffendingClass(c) && classes.includes(c),
  );
  return shared.length > 0 ? shared.map((c) => medicationFlagTexts(c).classLabel).join(', ') : null;
}

function sameClassFacts(
  chart: FeatureModel,
  drug: DraftOrderDrugSummary,
  otherDrafts: readonly DraftOrderDrug[],
): DraftOrderFact[] {
  const classIds = drug.classes.map((c) => c.id);
  const statuses: readonly string[] = draftOrderSameClassRule.statuses;
  const facts: DraftOrderFact[] = [];
  for (const item of chart.medications.items) {
    if (item.role !== 'offending' || !statuses.includes(item.status)) continue;
    if (drug.ingredients.includes(item.ingredient)) continue;
    const label = sharedClassLabel(item, classIds);
    if (label === null) continue;
    facts.push({
      kind: 'same-class-current',
      text: draftOrderFactTexts.sameClassCurrent(item.display, label),
      short: draftOrderSummaryFacts.sameClassCurrent(item.ingredient),
      sources: uniqueSources(item.sources),
      date: item.date,
    });
  }
  for (const other of otherDrafts) {
    if (other.reference === drug.draftReference) continue;
    for (const item of offendingItems(other)) {
      if (drug.ingredients.includes(item.ingredient)) continue;
      const label = sharedClassLabel(item, classIds);
      if (label === null) continue;
      facts.push({
        kind: 'same-class-draft',
        text: draftOrderFactTexts.sameClassDraft(item.display, label),
        short: draftOrderSummaryFacts.sameClassDraft(item.ingredient),
        sources: [other.reference],
        date: null,
      });
    }
  }
  return facts;
}

function summaryOf(drug: DraftOrderDrug, items: readonly MedicationFeature[]): DraftOrderDrugSummary {
  const classes = offendingClassesOf(items).map((id) => ({ id, label: medicationFlagTexts(id).classLabel }));
  return {
    draftReference: drug.reference,
    display: items[0]?.display ?? '',
    ingredients: items.map((m) => m.ingredient),
    classes,
    sources: uniqueSources([drug.reference, ...items.flatMap((m) => m.sources)]),
  };
}

/**
 * The assessment of each draft in `judged` (in order), or nothing for a draft that needs no card.
 * `session` is every draft of the ordering session (CDS Hooks `draftOrders`), for same-class facts.
 */
export function draftOrderAssessments(
  chart: FeatureModel,
  judged: readonly DraftOrderDrug[],
  session: readonly DraftOrderDrug[],
): DraftOrderAssessment[] {
  const patientFacts = [...conditionFacts(chart), ...treatmentFacts(chart)];
  const chartComplete = chart.conditions.search === 'complete' && chart.medications.search === 'complete';
  const assessments: DraftOrderAssessment[] = [];
  for (const drug of judged) {
    const items = offendingItems(drug);
    if (items.length === 0) {
      // Nothing matched, yet the Medication was never seen: say so, only where it would matter.
      if (drug.medicationUnresolved && drug.medications.length === 0 && patientFacts.length > 0) {
        assessments.push({
          kind: 'unidentified',
          draftReference: drug.reference,
          summary: draftOrderUnidentifiedText.summary,
          detail: draftOrderUnidentifiedText.detail,
          citation: draftOrderUnidentifiedText.citation,
        });
      }
      continue;
    }
    const summary = summaryOf(drug, items);
    const facts = [...patientFacts, ...sameClassFacts(chart, summary, session)];
    if (facts.length > 0) {
      assessments.push({
        ...summary,
        kind: 'warning',
        facts,
        recommendation: draftOrderRecommendation.text,
        citation: [
          ...new Set(
            [
              draftOrderRecommendation.citation,
              ...summary.classes.map((c) => medicationFlagTexts(c.id).citation),
            ].flatMap((c) => c.split('; ')),
          ),
        ].join('; '),
      });
    } else if (!chartComplete) {
      const labels = summary.classes.map((c) => c.label).join(', ');
      assessments.push({
        ...summary,
        kind: 'unchecked',
        summary: draftOrderUncheckedText.summary(summary.display, labels),
        detail: draftOrderUncheckedText.detail,
        citation: draftOrderUncheckedText.citation,
      });
    }
  }
  return assessments;
}
