import { z } from 'zod';
import {
  bedsideFindingIds,
  candidateIds,
  chartResourceTypes,
  checklistItemIds,
  completenessLevels,
  conditionStatuses,
  gapReasons,
  ironDecisionIds,
  ironPromptIds,
  ironStatuses,
  ironThresholdSets,
  medicationStatuses,
  offendingClassIds,
  tiers,
} from './ids';
import { timelineSchema } from './timeline-schema';

// The Report: the one output of the pure core, rendered by the UI, printed by the CLI and turned
// into cards by the CDS Hooks service. Versioned; documented in the README ("Report schema").

export const candidateIdSchema = z.enum(candidateIds);

export const tierSchema = z.enum(tiers);

const isoDate = z.string().nullable();

/** One reason for or against a candidate. `sources` are FHIR references; empty when `fromClinician`. */
/**
 * Rule ids read "<candidate short name>.<rule>" (e.g. "rls.coded", "rls.against.claudication"): the
 * pattern catches ids written by hand that no rule emits (e.g. "rls-coded").
 */
export const ruleIdSchema = z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'not a rule id');

export const evidenceSchema = z.object({
  ruleId: ruleIdSchema,
  text: z.string(),
  sources: z.array(z.string()),
  date: isoDate,
  citation: z.string(),
  /** True when the evidence is a bedside finding the clinician entered, not a chart fact. */
  fromClinician: z.boolean(),
  /**
   * On evidence from a coded condition: how it counts (clinical spec §1). Only `current` can make
   * a candidate likely; `provisional` (provisional, differential, unconfirmed, rule-out), `symptom`
   * (a symptom code such as R25.2) and `history` support at most possible. Optional (additive).
   */
  conditionStatus: z.enum(conditionStatuses).optional(),
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
  class: z.enum(offendingClassIds),
  classLabel: z.string(),
  ingredient: z.string(),
  display: z.string(),
  status: z.enum(medicationStatuses),
  date: isoDate,
  sources: z.array(z.string()),
  recommendation: z.string(),
  citation: z.string(),
  /** `administration`: the status rests on a dose charted as given (MedicationAdministration). */
  basis: z.enum(['administration']).optional(),
  /** A long-acting injectable: current until this date (the end of its dosing interval after `date`). */
  longActingUntil: z.string().optional(),
  /** Current only by an active order written `years` ago (`since`) with nothing newer: confirm it. */
  confirmStillTaking: z.object({ since: z.string(), years: z.number(), text: z.string() }).optional(),
});
export type MedicationFlag = z.infer<typeof medicationFlagSchema>;

const comparatorSchema = z.enum(['<', '<=', '>=', '>']).nullable();

/** The TSAT the iron flag looked at (schemaVersion 1, additive). */
export const ironTsatSchema = z.object({
  percent: z.number(),
  comparator: comparatorSchema,
  date: isoDate,
  /** The TSAT Observation, or the iron and TIBC Observations it was calculated from. */
  sources: z.array(z.string()),
  /** True when calculated from serum iron and TIBC of the same day (no TSAT measured that day). */
  calculated: z.boolean(),
  /** False when older than the staleness window: shown, not used. */
  current: z.boolean(),
});

export const ironFlagSchema = z.object({
  status: z.enum(ironStatuses),
  ferritinNgPerMl: z.number().nullable(),
  comparator: comparatorSchema,
  /** The value and unit as charted, when it was converted. */
  original: z.object({ value: z.number(), unit: z.string() }).nullable(),
  date: isoDate,
  sources: z.array(z.string()),
  reason: z.string(),
  recommendation: z.string(),
  citation: z.string(),
  // Additive in schemaVersion 1 (optional, so older reports still parse):
  /** What decided the status (ids in lib/contracts/ids.ts). */
  decidedBy: z.optional(z.enum(ironDecisionIds)),
  /** The thresholds applied: adults, ESRD, or children. */
  thresholdSet: z.optional(z.enum(ironThresholdSets)),
  /** The newest readable TSAT, measured or calculated; null when none is on file. */
  tsat: z.optional(ironTsatSchema.nullable()),
  /** Prompts added to the recommendation, e.g. "iron-deficiency-cause" (AGA 2020). */
  prompts: z.optional(z.array(z.enum(ironPromptIds))),
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
  id: z.enum(checklistItemIds),
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
  /**
   * The misclassification pitfall (IRLSSG criterion 5): each mimic in this chart and the bedside
   * finding that separates it from RLS. Optional (additive).
   */
  mimics: z.array(z.object({ candidate: candidateIdSchema, finding: z.enum(bedsideFindingIds) })).optional(),
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
  resourceType: z.enum(chartResourceTypes),
  reason: z.enum(gapReasons),
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
    medicationSearch: z.enum(completenessLevels),
    iron: ironFlagSchema,
  }),
  notes: z.array(noteSchema),
  checklist: z.array(checklistItemSchema),
  pitfalls: z.array(pitfallSchema),
  considerations: z.array(considerationSchema),
  dataGaps: z.array(dataGapSchema),
  quarantined: z.array(z.object({ reference: z.string(), reason: z.string() })),
  /** Optional (added within schemaVersion 1): the data of the pictures over time. */
  timeline: timelineSchema.optional(),
});
export type Report = z.infer<typeof reportSchema>;
