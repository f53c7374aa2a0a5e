// Diagnostic pitfalls (clinical spec §6; seed [1][2][3]) and the cognitively impaired patient
// (spec §7; seed [1][2]). When each applies is decided in lib/differential/pitfalls.ts.

export const pitfallTexts = {
  'plms-vs-rls': {
    text: 'Do not confuse PLMS with RLS: PLMS movements are unperceived by the patient and have no urge to move; up to 90% of people with RLS also have PLMS.',
    citation: 'seed [2]',
  },
  'venous-stasis': {
    text: 'Do not overlook venous stasis, especially after prolonged standing: it mimics RLS but has no circadian pattern and does not respond to dopaminergics.',
    citation: 'seed [1][3]',
  },
  'electrolytes-and-cramps': {
    text: 'Do not assume electrolyte abnormalities cause the cramps without evidence.',
    citation: 'seed [2]',
  },
  'rls-mimic-misclassification': {
    text: 'Assessing only the four RLS symptom criteria misclassifies 16% of people without RLS: exclude the mimics (IRLSSG criterion 5).',
    citation: 'seed [1] (IRLSSG criterion 5)',
  },
} as const;

export type PitfallId = keyof typeof pitfallTexts;

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
} as const;
