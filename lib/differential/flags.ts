import type { FeatureModel } from '../contracts/feature-model';
import { type OffendingClassId, offendingClassIds } from '../contracts/ids';
import type { IronFlag, MedicationFlag, Note } from '../contracts/report-schema';
import {
  administeredFlagRecommendation,
  augmentationRiskNote,
  esrdIronRecommendation,
  ferritinReportUnit,
  flaggedMedicationStatuses,
  ironRecommendations,
  longActingFlagRecommendation,
  medicationFlagRecommendation,
  medicationFlagTexts,
  oldActiveOrderText,
} from '../knowledge/differential-recommendations';
import { uniqueSources } from './unique-sources';

// Medication-induced flags (spec §2), the iron flag (spec §3) and informative notes.

function isOffendingClass(id: string): id is OffendingClassId {
  return (offendingClassIds as readonly string[]).includes(id);
}

type MedicationItem = FeatureModel['medications']['items'][number];

/** What to do, from lib/knowledge: a long-acting injection, a dose given, or an order or statement. */
function recommendationFor(m: MedicationItem, status: 'current' | 'recent'): string {
  if (m.longActingUntil && status === 'current') return longActingFlagRecommendation(m.longActingUntil);
  if (m.basis === 'administration') return administeredFlagRecommendation[status];
  return medicationFlagRecommendation[status];
}

/** The additive Report fields (absent when they do not apply, so older consumers see nothing new). */
function flagExtras(m: MedicationItem): Partial<MedicationFlag> {
  const extras: Partial<MedicationFlag> = {};
  // Only a dose given is marked: an order or statement is what every flag rested on before.
  if (m.basis === 'administration') extras.basis = m.basis;
  if (m.longActingUntil) extras.longActingUntil = m.longActingUntil;
  if (m.oldActiveOrder)
    extras.confirmStillTaking = {
      since: m.oldActiveOrder.since,
      years: m.oldActiveOrder.years,
      text: oldActiveOrderText.text(m.oldActiveOrder.years),
    };
  return extras;
}

/** One flag per offending class of each current or recent drug (see knowledge for why). */
export function medicationFlags(features: FeatureModel): MedicationFlag[] {
  const flags: MedicationFlag[] = [];
  for (const m of features.medications.items) {
    if (m.role !== 'offending') continue;
    if (m.status === 'past' || !flaggedMedicationStatuses.includes(m.status)) continue;
    for (const cls of m.classes) {
      if (!isOffendingClass(cls)) continue;
      const texts = medicationFlagTexts(cls);
      flags.push({
        class: cls,
        classLabel: texts.classLabel,
        ingredient: m.ingredient,
        display: m.display,
        status: m.status,
        date: m.date,
        sources: uniqueSources(m.sources),
        recommendation: recommendationFor(m, m.status),
        citation: m.oldActiveOrder ? `${texts.citation}; ${oldActiveOrderText.citation}` : texts.citation,
        ...flagExtras(m),
      });
    }
  }
  // Current before recent, then by class order, then ingredient: stable for snapshots and tests.
  return flags.sort(
    (a, b) =>
      (a.status === b.status ? 0 : a.status === 'current' ? -1 : 1) ||
      offendingClassIds.indexOf(a.class as OffendingClassId) -
        offendingClassIds.indexOf(b.class as OffendingClassId) ||
      a.ingredient.localeCompare(b.ingredient),
  );
}

/** "a; b" + "b" → "a; b": the same source is cited once. */
function joinCitations(...citations: string[]): string {
  return [...new Set(citations.flatMap((c) => c.split('; ')))].join('; ');
}

export function ironFlag(features: FeatureModel): IronFlag {
  const iron = features.iron;
  const latest = iron.latest;
  const advice = ironRecommendations[iron.status];
  const esrd = features.conditions.items.some(
    (c) => esrdIronRecommendation.conditions.includes(c.group) && c.status === 'current',
  );
  const converted = latest !== null && latest.ngPerMl !== null && latest.original.unit !== ferritinReportUnit;
  const showsValue = iron.status !== 'missing' && iron.status !== 'unknown';
  return {
    status: iron.status,
    ferritinNgPerMl: showsValue && latest ? latest.ngPerMl : null,
    comparator: showsValue && latest ? latest.comparator : null,
    original: showsValue && converted && latest ? latest.original : null,
    date: iron.date,
    sources: uniqueSources(iron.sources),
    reason: iron.reason,
    recommendation: esrd ? `${advice.recommendation} ${esrdIronRecommendation.text}` : advice.recommendation,
    citation: esrd ? joinCitations(advice.citation, esrdIronRecommendation.citation) : advice.citation,
  };
}

/** A current dopaminergic RLS treatment: augmentation risk (the note and its citation are in lib/knowledge). */
export function notes(features: FeatureModel): Note[] {
  const classes: readonly string[] = augmentationRiskNote.classes;
  const parkinsons = features.conditions.items.some(
    (c) =>
      augmentationRiskNote.unlessConditions.includes(c.group) &&
      (c.status === 'current' || c.status === 'history'),
  );
  if (parkinsons) return [];
  return features.medications.items
    .filter((m) => m.status === 'current' && m.classes.some((c) => classes.includes(c)))
    .map((m) => ({
      id: `${augmentationRiskNote.id}:${m.ingredient}`,
      text: augmentationRiskNote.text(m.display),
      sources: uniqueSources(m.sources),
      date: m.date,
      citation: augmentationRiskNote.citation,
    }));
}
