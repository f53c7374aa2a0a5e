import type { CandidateId, ConditionGroupId } from '../contracts/ids';

// Diagnostic pitfalls (clinical spec §6; seed [1][2][3]) and the cognitively impaired patient
// (spec §7; seed [1][2]), with when each applies, interpreted by lib/differential/pitfalls.ts.

/**
 * When a pitfall applies (any one trigger is enough):
 * - conditions: one of these condition groups is coded (any status)
 * - candidateLikely: this candidate is `likely`
 * - rlsSymptomsWithMimic: the clinician confirmed an IRLSSG criterion (evidence of `rlsSymptomRuleId`)
 *   while an RLS mimic is likely, likely from the chart, or coded (current, provisional or symptom)
 */
export interface PitfallDefinition {
  id: string;
  text: string;
  /** The text naming each mimic in the chart and the bedside question that separates it from RLS. */
  textWithMimics?: (mimics: readonly { label: string; question: string }[]) => string;
  citation: string;
  when: {
    conditions?: readonly ConditionGroupId[];
    candidateLikely?: CandidateId;
    rlsSymptomsWithMimic?: true;
  };
}

/** The rule whose clinician evidence counts as "RLS symptoms present". */
export const rlsSymptomRuleId = 'rls.irlssg-criteria';

export const pitfallDefinitions: readonly PitfallDefinition[] = [
  {
    id: 'plms-vs-rls',
    text: 'Do not confuse PLMS with RLS: PLMS movements are unperceived by the patient and have no urge to move; up to 90% of people with RLS also have PLMS.',
    citation: 'seed [2]',
    when: { conditions: ['plmd'], candidateLikely: 'rls' },
  },
  {
    id: 'venous-stasis',
    text: 'Do not overlook venous stasis, especially after prolonged standing: it mimics RLS but has no circadian pattern and does not respond to dopaminergics.',
    citation: 'seed [1][3]',
    when: { conditions: ['varicose-veins', 'venous-insufficiency'] },
  },
  {
    id: 'electrolytes-and-cramps',
    text: 'Do not assume electrolyte abnormalities cause the cramps without evidence.',
    citation: 'seed [2]',
    when: { conditions: ['leg-cramps'], candidateLikely: 'nocturnal-leg-cramps' },
  },
  {
    id: 'rls-mimic-misclassification',
    text: 'Assessing only the four RLS symptom criteria misclassifies 16% of people without RLS: exclude the mimics (IRLSSG criterion 5).',
    // Criterion 5 asks whether the symptoms are solely accounted for by another condition (spec §1,
    // revision 2): name the mimic and what separates it, never lower RLS for a coded mimic.
    textWithMimics: (mimics) =>
      `Assessing only the four RLS symptom criteria misclassifies 16% of people without RLS. IRLSSG criterion 5 asks whether the symptoms are solely accounted for by another condition, not whether one is coded: ${mimics
        .map((m) => `${m.label} (ask: ${m.question.charAt(0).toLowerCase()}${m.question.slice(1)})`)
        .join('; ')}.`,
    citation: 'seed [1] (IRLSSG criterion 5); clinical spec §1 (revision 2)',
    when: { rlsSymptomsWithMimic: true },
  },
];

export const cognitiveImpairmentConsideration = {
  id: 'cognitive-impairment',
  title: 'Cognitive impairment: look for behavioural signs of leg discomfort, worse in the evening',
  cues: [
    'Rubbing or kneading the legs',
    'Groaning while holding the legs',
    'Pacing',
    'Fidgeting',
    'Repetitive kicking',
    'Tossing and turning in bed',
    'Inability to stay seated',
  ],
  citation: 'seed [1][2]',
  /** Coded (current or history) condition groups that call for the cues. */
  conditions: ['dementia'] as readonly ConditionGroupId[],
} as const;
