import { z } from 'zod';
import { bedsideFindingIds } from '../knowledge/bedside-findings';

// The Report: the one output of the pure core, rendered by the UI, printed by the CLI and turned
// into cards by the CDS Hooks service. Versioned; documented in the README ("Report schema").

export const candidateIds = [
  'rls',
  'plms',
  'nocturnal-leg-cramps',
  'peripheral-neuropathy',
  'venous-disease',
  'peripheral-arterial-disease',
  'lumbar-spinal-stenosis',
  'arthritis',
  'akathisia',
  'positional-discomfort',
] as const;
export const candidateIdSchema = z.enum(candidateIds);
export type CandidateId = z.infer<typeof candidateIdSchema>;

export const tierSchema = z.enum(['likely', 'possible', 'less-likely']);
export type Tier = z.infer<typeof tierSchema>;

const isoDate = z.string().nullable();

/** One reason for or against a candidate. `sources` are FHIR references; empty when `fromClinician`. */
export const evidenceSchema = z.object({
  ruleId: z.string(),
  text: z.string(),
  sources: z.array(z.string()),
  date: isoDate,
  citation: z.string(),
  /** True when the evidence is a bedside finding the clinician entered, not a chart fact. */
  fromClinician: z.boolean(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const candidateSchema = z.object({
  id: candidateIdSchema,
  label: z.string(),
  tier: tierSchema,
  /** The strongest reason for the tier, in one line (for the collapsed row). */
  topReason: z.string(),
  supporting: z.array(evidenceSchema),
  against: z.array(evidenceSchema),
  /** Bedside findings that best tell this candidate apart: what to ask or examine next. */
  distinguishingFindings: z.array(z.object({ id: z.enum(bedsideFindingIds), question: z.string() })),
  citation: z.string(),
});
export type Candidate = z.infer<typeof candidateSchema>;

export const medicationFlagSchema = z.object({
  class: z.string(),
  classLabel: z.string(),
  ingredient: z.string(),
  display: z.string(),
  status: z.enum(['current', 'recent', 'past']),
  date: isoDate,
  sources: z.array(z.string()),
  recommendation: z.string(),
  citation: z.string(),
});
export type MedicationFlag = z.infer<typeof medicationFlagSchema>;

export const ironFlagSchema = z.object({
  status: z.enum(['low', 'borderline', 'normal', 'stale', 'missing', 'unknown']),
  ferritinNgPerMl: z.number().nullable(),
  comparator: z.enum(['<', '<=', '>=', '>']).nullable(),
  /** The value and unit as charted, when it was converted. */
  original: z.object({ value: z.number(), unit: z.string() }).nullable(),
  date: isoDate,
  sources: z.array(z.string()),
  reason: z.string(),
  recommendation: z.string(),
  citation: z.string(),
});
export type IronFlag = z.infer<typeof ironFlagSchema>;

/** Informative notes that are not flags, e.g. augmentation risk of a current dopamine agonist. */
export const noteSchema = z.object({
  id: z.string(),
  text: z.string(),
  sources: z.array(z.string()),
  date: isoDate,
  citation: z.string(),
});
export type Note = z.infer<typeof noteSchema>;

export const checklistItemSchema = z.object({
  id: z.enum(['medication-review', 'ferritin', 'vascular-assessment', 'neurological-exam']),
  label: z.string(),
  state: z.enum(['done', 'due', 'not-assessable']),
  reason: z.string(),
  sources: z.array(z.string()),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const pitfallSchema = z.object({
  id: z.string(),
  text: z.string(),
  sources: z.array(z.string()),
  citation: z.string(),
});
export type Pitfall = z.infer<typeof pitfallSchema>;

export const considerationSchema = z.object({
  id: z.string(),
  title: z.string(),
  cues: z.array(z.string()),
  sources: z.array(z.string()),
  citation: z.string(),
});
export type Consideration = z.infer<typeof considerationSchema>;

export const dataGapSchema = z.object({
  resourceType: z.enum([
    'Patient',
    'Condition',
    'Observation',
    'MedicationStatement',
    'MedicationRequest',
    'Medication',
  ]),
  reason: z.enum(['failed', 'forbidden', 'unsupported', 'truncated']),
  detail: z.string(),
});

export const reportSchema = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  patient: z.object({
    reference: z.string(),
    /** Age now; for a deceased patient, the age at death (null when the date of death is unknown). */
    ageYears: z.number().nullable(),
    sex: z.enum(['male', 'female', 'other', 'unknown']),
    /** Present only when the chart says the patient died; `date` (YYYY-MM-DD) when it gives one. */
    deceased: z.optional(z.object({ date: z.optional(z.string()) })),
  }),
  /** All ten candidates, always: ordered by tier, then strength of evidence. */
  candidates: z.array(candidateSchema).length(candidateIds.length),
  flags: z.object({
    medications: z.array(medicationFlagSchema),
    /** complete: the medication searches succeeded, so an empty list means none found. */
    medicationSearch: z.enum(['complete', 'partial', 'unavailable']),
    iron: ironFlagSchema,
  }),
  notes: z.array(noteSchema),
  checklist: z.array(checklistItemSchema),
  pitfalls: z.array(pitfallSchema),
  considerations: z.array(considerationSchema),
  dataGaps: z.array(dataGapSchema),
  quarantined: z.array(z.object({ reference: z.string(), reason: z.string() })),
});
export type Report = z.infer<typeof reportSchema>;
