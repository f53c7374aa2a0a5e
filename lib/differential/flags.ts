import type { FeatureModel } from '../contracts/feature-model';
import { type OffendingClassId, offendingClassIds } from '../contracts/ids';
import type { IronFlag, MedicationFlag, Note } from '../contracts/report-schema';
import {
  augmentationRiskNote,
  flaggedMedicationStatuses,
  medicationFlagRecommendation,
  medicationFlagTexts,
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
        recommendation: medicationFlagRecommendation[m.status],
        citation: texts.citation,
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
  const { recommendation, citation } = ironRecommendation(iron);
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
  const augmentation = features.medications.items
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
