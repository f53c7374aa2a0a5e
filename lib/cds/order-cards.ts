import type { DataGap, FeatureModel } from '../contracts/feature-model';
import type { DraftOrderAssessment, DraftOrderFact } from '../differential/draft-order-warnings';
import {
  draftOrderOverrideReasons,
  draftOrderSummary,
  removeDraftOrderLabel,
} from '../knowledge/draft-order-warnings';
import {
  appLink,
  type CardOptions,
  type CdsCard,
  type CdsCoding,
  type CdsSuggestion,
  dataGapsSection,
  escapeMarkdown,
  fitSummary,
  sourcesList,
  topics,
} from './cards';
import { sourceLabel } from './service-definition';

// Draft-order assessments -> CDS Hooks cards (https://cds-hooks.hl7.org/2.0/#card-attributes).
// A warning names the drug, its class and the chart facts with their FHIR references, says the
// seed's recommendation, links to the app, offers override reasons and (order-select) a
// suggestion to remove the draft. Every clinical word comes from the assessment or lib/knowledge.

/** This service's own override-reason codes (counted by the feedback endpoint). */
export const overrideReasonSystem = 'urn:x-leg-symptom-differential:override-reason';

export const overrideReasons: CdsCoding[] = draftOrderOverrideReasons.map((r) => ({
  system: overrideReasonSystem,
  code: r.code,
  display: r.display,
}));

export interface OrderCardOptions extends CardOptions {
  /** order-select offers to remove the selected draft; order-sign (the order is final) does not. */
  offerRemoval: boolean;
}

function factLine(fact: DraftOrderFact): string {
  const date = fact.date ? ` (${escapeMarkdown(fact.date)})` : '';
  const refs = fact.sources.map((s) => `\`${s.replace(/`/g, '')}\``).join(', ');
  return `- ${escapeMarkdown(fact.text)}${date}: ${refs || '(no chart resource)'}`;
}

type Gaps = { dataGaps: DataGap[]; quarantined: FeatureModel['quarantined'] };

function removalSuggestion(
  assessment: Extract<DraftOrderAssessment, { kind: 'warning' }>,
  options: CardOptions,
): CdsSuggestion {
  const label = removeDraftOrderLabel(assessment.display);
  return {
    label: fitSummary(label, 80),
    uuid: options.newId(),
    actions: [{ type: 'delete', description: label, resourceId: assessment.draftReference }],
  };
}

function warningCard(
  assessment: Extract<DraftOrderAssessment, { kind: 'warning' }>,
  gaps: Gaps,
  options: OrderCardOptions,
): CdsCard {
  const classLabels = assessment.classes.map((c) => c.label).join(', ');
  const summary = fitSummary(
    draftOrderSummary(assessment.display, classLabels, assessment.facts[0]?.short ?? ''),
  );
  const detail = [
    `**Draft order:** ${escapeMarkdown(assessment.display)} — ${escapeMarkdown(classLabels)}.`,
    '',
    '**In the chart:**',
    ...assessment.facts.map(factLine),
    '',
    escapeMarkdown(assessment.recommendation),
    '',
    `Source: ${escapeMarkdown(assessment.citation)}`,
    '',
    '**Draft order resources:**',
    sourcesList(assessment.sources),
  ].join('\n');
  const card: CdsCard = {
    uuid: options.newId(),
    summary,
    detail: detail + dataGapsSection(gaps),
    indicator: 'warning',
    source: { label: sourceLabel, topic: topics.medication },
    overrideReasons,
    links: [appLink(options)],
  };
  if (options.offerRemoval) {
    card.suggestions = [removalSuggestion(assessment, options)];
    card.selectionBehavior = 'at-most-one';
  }
  return card;
}

function infoCard(
  summary: string,
  detail: string,
  citation: string,
  sources: string[],
  gaps: Gaps,
  options: CardOptions,
): CdsCard {
  return {
    uuid: options.newId(),
    summary: fitSummary(summary),
    detail:
      [
        escapeMarkdown(detail),
        '',
        `Source: ${escapeMarkdown(citation)}`,
        '',
        '**Draft order resources:**',
        sourcesList(sources),
      ].join('\n') + dataGapsSection(gaps),
    indicator: 'info',
    source: { label: sourceLabel, topic: topics.medication },
    links: [appLink(options)],
  };
}

function cardFor(assessment: DraftOrderAssessment, gaps: Gaps, options: OrderCardOptions): CdsCard {
  if (assessment.kind === 'warning') return warningCard(assessment, gaps, options);
  const sources = assessment.kind === 'unchecked' ? assessment.sources : [assessment.draftReference];
  return infoCard(assessment.summary, assessment.detail, assessment.citation, sources, gaps, options);
}

/** One card per assessment, in order. */
export function cardsFromDraftOrderAssessments(
  assessments: readonly DraftOrderAssessment[],
  gaps: Gaps,
  options: OrderCardOptions,
): CdsCard[] {
  return assessments.map((assessment) => cardFor(assessment, gaps, options));
}
