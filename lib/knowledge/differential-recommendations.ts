import type { ConditionGroupId, OffendingClassId } from '../contracts/ids';
import { oldActiveOrder } from './medication-timing';
import { augmentationNote, medicationClasses, medicationStatusRules } from './medications';

// What the report recommends, and why: medication flags (clinical spec §2), notes, and the
// essential-evaluation checklist (§5). Class labels and the augmentation text come from the shared
// tables (medications.ts). Every iron sentence (§3) is in iron-texts.ts.

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
