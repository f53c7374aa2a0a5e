import type { FeatureModel } from '../contracts/feature-model';
import type { Report } from '../contracts/report-schema';
import { checklist } from './checklist';
import { evaluateCandidates } from './evaluate-candidates';
import { ironFlag, medicationFlags, notes } from './flags';
import { considerations, pitfalls } from './pitfalls';

/**
 * FeatureModel → Report. Pure and deterministic: the same features give the same report, with
 * every claim traceable to the FHIR references its facts carry (`sources`) or to the clinician.
 */
export function buildDifferential(features: FeatureModel): Report {
  const evaluated = evaluateCandidates(features);
  return {
    schemaVersion: 1,
    generatedAt: features.now,
    patient: {
      reference: features.patient.reference,
      ageYears: features.patient.ageYears,
      sex: features.patient.sex,
      ...(features.patient.deceased ? { deceased: { ...features.patient.deceased } } : {}),
    },
    candidates: evaluated.map((e) => e.candidate),
    flags: {
      medications: medicationFlags(features),
      medicationSearch: features.medications.search,
      iron: ironFlag(features),
    },
    notes: notes(features),
    checklist: checklist(features),
    pitfalls: pitfalls(features, evaluated),
    considerations: considerations(features),
    dataGaps: features.dataGaps.map((g) => ({ ...g })),
    quarantined: features.quarantined.map((q) => ({ ...q })),
    ...(features.timeline ? { timeline: features.timeline } : {}),
  };
}
