import type { FeatureModel } from '../contracts/feature-model';
import { type OffendingClassId, offendingClassIds } from '../contracts/ids';
import type { IronFlag, MedicationFlag, Note } from '../contracts/report-schema';
import {
  administeredFlagRecommendation,
  augmentationRiskNote,
  flaggedMedicationStatuses,
  longActingFlagRecommendation,
  medicationFlagRecommendation,
  medicationFlagTexts,
  oldActiveOrderText,
} from '../knowledge/differential-recommendations';
import {
  ferritinReportUnit,
  ironReason,
  ironRecommendation,
  paediatricRlsNote,
} from '../knowledge/iron-texts';
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

/** The TSAT the flag shows: the newest readable one, measured or calculated. */
function tsatOf(features: FeatureModel): IronFlag['tsat'] {
  const tsat = features.iron.transferrinSaturation;
  if (!tsat || tsat.percent === null) return null;
  return {
    percent: tsat.percent,
    comparator: tsat.comparator,
    date: tsat.date,
    sources: uniqueSources(tsat.sources),
    calculated: tsat.calculatedFrom !== null,
    current: features.iron.tsatState !== 'stale',
  };
}

/** The iron flag: the feature's facts, worded by lib/knowledge/iron-texts.ts. */
export function ironFlag(features: FeatureModel): IronFlag {
  const iron = features.iron;
  const latest = iron.latest;
  const { recommendation, citation } = ironRecommendation(iron, {
    deceased: features.patient.deceased !== undefined,
  });
  const readable = latest !== null && latest.ngPerMl !== null && latest.original !== null ? latest : null;
  const showsValue = readable !== null && iron.ferritinState !== 'unreadable';
  const converted = readable !== null && readable.original?.unit !== ferritinReportUnit;
  return {
    status: iron.status,
    ferritinNgPerMl: showsValue ? readable.ngPerMl : null,
    comparator: showsValue ? readable.comparator : null,
    original: showsValue && converted ? readable.original : null,
    date: iron.date,
    sources: uniqueSources(iron.sources),
    reason: ironReason(iron),
    recommendation,
    citation,
    decidedBy: iron.decidedBy,
    thresholdSet: iron.thresholds.set,
    tsat: tsatOf(features),
    prompts: [...iron.prompts],
  };
}

/**
 * Informative notes: the augmentation risk of a current dopaminergic RLS treatment, and for a
 * child the paediatric RLS criteria (texts and citations in lib/knowledge).
 */
export function notes(features: FeatureModel): Note[] {
  const classes: readonly string[] = augmentationRiskNote.classes;
  const parkinsons = features.conditions.items.some(
    (c) =>
      augmentationRiskNote.unlessConditions.includes(c.group) &&
      (c.status === 'current' || c.status === 'history'),
  );
  // With Parkinson's coded, dopaminergic drugs treat Parkinson's: the augmentation note would be wrong advice.
  const augmentation = (parkinsons ? [] : features.medications.items)
    .filter((m) => m.status === 'current' && m.classes.some((c) => classes.includes(c)))
    .map((m) => ({
      id: `${augmentationRiskNote.id}:${m.ingredient}`,
      text: augmentationRiskNote.text(m.display),
      sources: uniqueSources(m.sources),
      date: m.date,
      citation: augmentationRiskNote.citation,
    }));
  const { set, ageYears, sources } = features.iron.thresholds;
  const paediatric =
    set === 'child' && ageYears !== null
      ? [
          {
            id: paediatricRlsNote.id,
            text: paediatricRlsNote.text(ageYears),
            sources: uniqueSources(sources),
            date: null,
            citation: paediatricRlsNote.citation,
          },
        ]
      : [];
  return [...augmentation, ...paediatric];
}
