import type { FeatureModel } from '../contracts/feature-model';
import type { BedsideFindingId } from '../contracts/ids';
import type { ChecklistItem } from '../contracts/report-schema';
import { checklistTexts } from '../knowledge/differential-recommendations';
import { ferritinChecklistTexts, ironReason } from '../knowledge/iron-texts';
import { uniqueSources } from './unique-sources';

// The essential evaluation (spec §5): what has been done and what is still due.

function medicationReview(features: FeatureModel): ChecklistItem {
  const texts = checklistTexts['medication-review'];
  const offending = features.medications.items.filter((m) => m.role === 'offending' && m.status !== 'past');
  const sources = uniqueSources(offending.flatMap((m) => m.sources));
  if (features.medications.search === 'complete') {
    return {
      id: 'medication-review',
      label: texts.label,
      state: 'done',
      reason: texts.done(offending.length),
      sources,
    };
  }
  const gaps = features.dataGaps
    .filter(
      (g) =>
        g.resourceType === 'MedicationStatement' ||
        g.resourceType === 'MedicationRequest' ||
        g.resourceType === 'MedicationAdministration' ||
        g.resourceType === 'Medication',
    )
    .map((g) => `${g.resourceType}: ${g.reason}${g.detail ? ` (${g.detail})` : ''}`);
  const gapText = gaps.length > 0 ? gaps.join('; ') : `medication search ${features.medications.search}`;
  return { id: 'medication-review', label: texts.label, state: 'due', reason: texts.due(gapText), sources };
}

/** Done with a current readable ferritin; due when none or an old one; not assessable when unreadable. */
function ferritin(features: FeatureModel): ChecklistItem {
  const texts = ferritinChecklistTexts;
  const sources = uniqueSources(features.iron.sources);
  const reason = ironReason(features.iron);
  const base = { id: 'ferritin' as const, label: texts.label, sources };
  switch (features.iron.ferritinState) {
    case 'current':
      return { ...base, state: 'done', reason: texts.done(reason) };
    case 'none':
    case 'stale':
      return { ...base, state: 'due', reason: texts.due(reason) };
    case 'unreadable':
    case 'search-incomplete':
      return { ...base, state: 'not-assessable', reason: texts.notAssessable(reason) };
  }
}

function examination(features: FeatureModel, id: 'vascular-assessment' | 'neurological-exam'): ChecklistItem {
  const texts = checklistTexts[id];
  const findings: readonly BedsideFindingId[] = texts.findings;
  const entered = findings.some((f) => (features.findings[f]?.answer ?? 'unknown') !== 'unknown');
  return entered
    ? { id, label: texts.label, state: 'done', reason: texts.done, sources: [] }
    : { id, label: texts.label, state: 'not-assessable', reason: texts.notAssessable, sources: [] };
}

export function checklist(features: FeatureModel): ChecklistItem[] {
  return [
    medicationReview(features),
    ferritin(features),
    examination(features, 'vascular-assessment'),
    examination(features, 'neurological-exam'),
  ];
}
