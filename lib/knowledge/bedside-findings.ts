import type { BedsideFindingId } from '../contracts/ids';

// The bedside findings a clinician can record (clinical spec §1, "bedside findings that tell it
// apart"). Each defaults to unknown: an unanswered question is never a "no".

export interface BedsideFindingDefinition {
  id: BedsideFindingId;
  /** The question as a clinician reads it at the bedside. */
  question: string;
  citation: string;
}

export const bedsideFindings: readonly BedsideFindingDefinition[] = [
  {
    id: 'urge-to-move',
    question: 'Urge to move the legs, with unpleasant sensations',
    citation: 'seed [1]; IRLSSG criterion 1',
  },
  {
    id: 'evening-worsening',
    question: 'Worse in the evening or at night',
    citation: 'seed [1]; IRLSSG criterion 4',
  },
  {
    id: 'rest-induced',
    question: 'Begins or worsens at rest (sitting, lying)',
    citation: 'seed [1]; IRLSSG criterion 2',
  },
  {
    id: 'relief-by-movement',
    question: 'Relieved by walking or moving',
    citation: 'seed [1]; IRLSSG criterion 3',
  },
  {
    id: 'relief-by-stretching',
    question: 'Sudden painful calf contraction relieved by stretching that muscle',
    citation: 'seed [2][4]',
  },
  {
    id: 'claudication',
    question: 'Pain on walking that stops with rest (claudication)',
    citation: 'seed [1][3]',
  },
  {
    id: 'relief-lumbar-flexion',
    question: 'Radiating leg pain relieved by bending forward (lumbar flexion)',
    citation: 'seed [3]',
  },
  {
    id: 'whole-body-restlessness',
    question: 'Restlessness of the whole body, not focused on the legs',
    citation: 'seed [1]',
  },
  {
    id: 'unperceived-twitching',
    question: 'Rhythmic leg twitching in sleep, noticed by a bed partner, not the patient',
    citation: 'seed [2]',
  },
  {
    id: 'absent-pulses',
    question: 'Distal pulses absent (femoral, popliteal, dorsalis pedis, posterior tibial)',
    citation: 'seed [3]',
  },
  {
    id: 'edema-varicosities',
    question: 'Visible varicosities, leg edema or venous skin changes',
    citation: 'seed [1][3][4]',
  },
  { id: 'joint-findings', question: 'Joint abnormalities on examination', citation: 'seed [1][3]' },
  { id: 'sensory-deficit', question: 'Sensory deficit or abnormal reflexes', citation: 'seed [1][2][3]' },
  {
    id: 'relief-position-change',
    question: 'Relieved by a simple change of position, not by walking',
    citation: 'seed [1] (IRLSSG mimic list)',
  },
];
