import type { ConditionGroupId, IronStatus, OffendingClassId } from '../contracts/ids';
import { esrdIronNote, ironThresholds } from './labs';
import { oldActiveOrder } from './medication-timing';
import { augmentationNote, medicationClasses, medicationStatusRules } from './medications';

// What the report recommends, and why: medication flags (clinical spec §2), the iron flag (§3),
// notes, and the essential-evaluation checklist (§5). Class labels, thresholds and the
// augmentation and ESRD texts come from the shared tables (medications.ts, labs.ts).

/**
 * One flag per offending class of a current or recent drug: a drug in two classes (promethazine:
 * dopamine antagonist and sedating antihistamine) gets two flags, because each class has its own
 * reason to review it. Past drugs (stopped more than 90 days ago) are not flags.
 */
export const flaggedMedicationStatuses = ['current', 'recent'] as const;

/** Label and citation of an offending class, from the shared class table. */
export function medicationFlagTexts(id: OffendingClassId): { classLabel: string; citation: string } {
  const definition = medicationClasses.find((c) => c.id === id);
  return { classLabel: definition?.label ?? id, citation: definition?.citation ?? 'seed [2]' };
}

const recentDays = medicationStatusRules.recentWithinDays.value;
export const medicationFlagRecommendation = {
  current: 'Can precipitate or worsen leg symptoms: review; consider stopping or substituting.',
  recent: `Stopped within the last ${recentDays} days: it may still explain recent symptoms; avoid restarting without review.`,
} as const;

/** When the flag rests on a dose charted as given (MedicationAdministration, clinical spec §2). */
export const administeredFlagRecommendation = {
  current: 'Being given now: can precipitate or worsen leg symptoms; review whether it is needed.',
  recent: `A dose was given within the last ${recentDays} days: it may explain recent symptoms; review before it is given again.`,
} as const;

/** A long-acting injectable within its dosing interval (clinical spec §2). */
export const longActingFlagRecommendation = (until: string) =>
  `Long-acting injection: still acting until about ${until} (its dosing interval). Can precipitate or worsen leg symptoms or cause akathisia: review before the next injection.`;

/** An active order written long ago with nothing newer (clinical spec §2, "old active orders"). */
export const oldActiveOrderText = {
  text: (years: number) =>
    `Active order from ${years} year${years === 1 ? '' : 's'} ago: confirm the patient still takes it.`,
  citation: oldActiveOrder.citation,
} as const;

const low = ironThresholds.ferritinLowBelow.value;
const borderline = ironThresholds.ferritinBorderlineUpTo.value;
const tsat = ironThresholds.tsatBorderlineBelow.value;
const staleMonths = ironThresholds.staleAfterMonths.value;
const aasm2024Citation = ironThresholds.ferritinBorderlineUpTo.citation;

/** The iron flag: what to do for each status (clinical spec §3). */
export const ironRecommendations: Record<IronStatus, { recommendation: string; citation: string }> = {
  low: {
    recommendation: `Ferritin below ${low} ng/mL: iron supplementation is indicated (seed). AASM 2024 supplements adults up to ferritin ≤ ${borderline} ng/mL or TSAT < ${tsat}%.`,
    citation: `seed [1][2][3]; ${aasm2024Citation}`,
  },
  borderline: {
    recommendation: `Ferritin ≤ ${borderline} ng/mL or TSAT < ${tsat}%: AASM 2024 suggests iron supplementation for adults with clinically significant RLS (IV iron may be considered up to 100 ng/mL). The older seed threshold is < ${low} ng/mL (still used in children).`,
    citation: `${aasm2024Citation}; seed [1][2][3]`,
  },
  normal: {
    recommendation: `Ferritin above ${borderline} ng/mL and TSAT not below ${tsat}%: iron supplementation is not indicated.`,
    citation: `${aasm2024Citation}; seed [1][2][3]`,
  },
  stale: {
    recommendation: `Latest ferritin is older than ${staleMonths} months (a project default, not a guideline number): order serum ferritin (and TSAT), even if hemoglobin is normal.`,
    citation: `seed [1][2][3]; project default (${staleMonths} months)`,
  },
  missing: {
    recommendation:
      'No ferritin in the chart: order serum ferritin (and TSAT), even if hemoglobin is normal.',
    citation: 'seed [1][2][3]',
  },
  unknown: {
    recommendation: 'Labs could not be read from the EHR: check ferritin in the EHR directly.',
    citation: 'seed [1][2][3]',
  },
};

/** Added to the iron recommendation when ESRD is coded. */
export const esrdIronRecommendation = {
  text: `ESRD is coded: thresholds differ. ${esrdIronNote.text}`,
  citation: esrdIronNote.citation,
  /** Current condition groups that call for it. */
  conditions: ['esrd'] as readonly ConditionGroupId[],
} as const;

/** The unit the iron flag reports ferritin in; a result charted in another unit keeps its original. */
export const ferritinReportUnit = ironThresholds.ferritinLowBelow.unit;

/** Informative notes: not flags. */
export const augmentationRiskNote = {
  id: 'augmentation-risk',
  text: (display: string) => `Current ${display}: ${augmentationNote.text}`,
  citation: augmentationNote.citation,
  /** Treatment classes the note applies to. */
  classes: ['dopamine-agonist', 'levodopa'],
  /**
   * Not when Parkinson's disease or parkinsonism is coded (current or history): there these drugs
   * treat Parkinson's and the note is wrong advice (clinical spec §2).
   */
  unlessConditions: ['parkinsons'] as readonly ConditionGroupId[],
} as const;

/** Essential evaluation (clinical spec §5; seed [1][2][3]). */
export const checklistTexts = {
  'medication-review': {
    label: 'Medication review',
    done: (offending: number) =>
      offending === 0
        ? 'Medication searches complete: no drug that worsens leg symptoms found'
        : `Medication searches complete: ${offending} drug${offending === 1 ? '' : 's'} to review (see flags)`,
    due: (gaps: string) => `Medication list incomplete (${gaps}): review medications with the patient`,
  },
  ferritin: {
    label: 'Serum ferritin',
    done: (reason: string) => `Current ferritin: ${reason}`,
    due: (reason: string) => `Order serum ferritin: ${reason}`,
    notAssessable: (reason: string) => `Labs could not be read: ${reason}`,
  },
  'vascular-assessment': {
    label: 'Vascular assessment (pulses, varicosities, edema)',
    findings: ['absent-pulses', 'edema-varicosities'],
    done: 'Recorded at the bedside',
    notAssessable: 'The chart rarely records pulses or varicosities: examine and enter the findings',
  },
  'neurological-exam': {
    label: 'Neurological exam (neuropathy, radiculopathy)',
    findings: ['sensory-deficit'],
    done: 'Recorded at the bedside',
    notAssessable: 'The chart rarely records sensation and reflexes: examine and enter the finding',
  },
} as const;
