import type { IronStatus } from '../features/feature-model';
import type { OffendingClassId } from './ids';

// What the report recommends, and why: medication flags (clinical spec §2), the iron flag (§3),
// notes, and the essential-evaluation checklist (§5).

const seed2 = 'seed [2] (drugs that precipitate or worsen symptoms)';
const extraClasses = 'clinical spec §2 (extra classes widely reported to worsen RLS)';
export const aasm2024Citation =
  'AASM 2024 RLS guideline (Winkelman et al., J Clin Sleep Med 2025;21(1):137–152, PMID 39324694)';

/**
 * One flag per offending class of a current or recent drug: a drug in two classes (promethazine:
 * dopamine antagonist and sedating antihistamine) gets two flags, because each class has its own
 * reason to review it. Past drugs (stopped more than 90 days ago) are not flags.
 */
export const flaggedMedicationStatuses = ['current', 'recent'] as const;

export const medicationFlagTexts: Record<OffendingClassId, { classLabel: string; citation: string }> = {
  ssri: { classLabel: 'SSRI antidepressant', citation: seed2 },
  tca: { classLabel: 'Tricyclic antidepressant', citation: seed2 },
  lithium: { classLabel: 'Lithium', citation: seed2 },
  'dopamine-antagonist': {
    classLabel: 'Dopamine antagonist (antipsychotic or antiemetic)',
    citation: 'seed [1][2]',
  },
  'sedating-antihistamine': { classLabel: 'Sedating antihistamine', citation: seed2 },
  snri: { classLabel: 'SNRI antidepressant', citation: extraClasses },
  mirtazapine: { classLabel: 'Mirtazapine', citation: extraClasses },
};

export const medicationFlagRecommendation = {
  current: 'Can precipitate or worsen leg symptoms: review; consider stopping or substituting.',
  recent:
    'Stopped within the last 90 days: it may still explain recent symptoms; avoid restarting without review.',
} as const;

/** The iron flag: what to do for each status (clinical spec §3). */
export const ironRecommendations: Record<IronStatus, { recommendation: string; citation: string }> = {
  low: {
    recommendation:
      'Ferritin below 50 ng/mL: iron supplementation is indicated (seed). AASM 2024 supplements adults up to ferritin ≤ 75 ng/mL or TSAT < 20%.',
    citation: `seed [1][2][3]; ${aasm2024Citation}`,
  },
  borderline: {
    recommendation:
      'Ferritin ≤ 75 ng/mL or TSAT < 20%: AASM 2024 suggests iron supplementation for adults with clinically significant RLS (IV iron may be considered up to 100 ng/mL). The older seed threshold is < 50 ng/mL (still used in children).',
    citation: `${aasm2024Citation}; seed [1][2][3]`,
  },
  normal: {
    recommendation: 'Ferritin above 75 ng/mL and TSAT not below 20%: iron supplementation is not indicated.',
    citation: `${aasm2024Citation}; seed [1][2][3]`,
  },
  stale: {
    recommendation:
      'Latest ferritin is older than 12 months (a project default, not a guideline number): order serum ferritin (and TSAT), even if hemoglobin is normal.',
    citation: 'seed [1][2][3]; project default (12 months)',
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
  text: 'ESRD is coded: thresholds differ (IV iron when ferritin < 200 ng/mL and TSAT < 20%).',
  citation: aasm2024Citation,
} as const;

/** Informative notes: not flags. */
export const augmentationRiskNote = {
  id: 'augmentation-risk',
  text: (display: string) =>
    `Current ${display}: AASM 2024 suggests against the standard use of dopamine agonists and levodopa because of augmentation (about 40–70% over 10 years); alpha-2-delta ligands and IV ferric carboxymaltose are the recommended options.`,
  citation: aasm2024Citation,
  /** Treatment classes the note applies to. */
  classes: ['dopamine-agonist', 'levodopa'],
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
