import { z } from 'zod';
import { completenessLevels, conditionGroupIds, offendingClassIds, treatmentClassIds } from './ids';

// The Report's optional `timeline`: what the pictures over time draw (iron over time, drugs against
// time), every mark with the chart reference it rests on. Additive to schemaVersion 1.

const isoDate = z.string().nullable();
const comparator = z.enum(['<', '<=', '>=', '>']).nullable();

const chartedValue = z.object({ value: z.number(), unit: z.string(), comparator });

/** One ferritin (in ng/mL) or transferrin saturation (in %) result, as the iron flag reads it. */
export const labPointSchema = z.object({
  lab: z.enum(['ferritin', 'tsat']),
  /** In ng/mL (ferritin) or % (TSAT); null when it could not be read as that (see `problem`). */
  value: z.number().nullable(),
  comparator,
  /** The number and unit as charted; null when none could be read, and for a calculated TSAT. */
  original: z.object({ value: z.number(), unit: z.string() }).nullable(),
  /** The text as charted, for a result sent as text ("<15"). */
  text: z.string().nullable(),
  /** A TSAT calculated from serum iron and TIBC of the same day: the two values as charted. */
  calculatedFrom: z.object({ iron: chartedValue, tibc: chartedValue }).nullable(),
  /** Why the value could not be read, in words. */
  problem: z.string().nullable(),
  date: isoDate,
  /** The result the point opens (for a calculated TSAT, the serum iron; `sources` has both). */
  source: z.string(),
  sources: z.array(z.string()),
});
export type LabPoint = z.infer<typeof labPointSchema>;

/** A threshold that applies to this patient, drawn as the band below it. */
export const ironBandSchema = z.object({
  id: z.enum(['seed', 'aasm-2024', 'esrd', 'child']),
  lab: z.enum(['ferritin', 'tsat']),
  limit: z.number(),
  /** True for "≤": the limit itself is in the band. */
  inclusive: z.boolean(),
  label: z.string(),
  citation: z.string(),
});
export type IronBand = z.infer<typeof ironBandSchema>;

/** One order or statement of a drug: from its start to its end, to today, or to an unknown end. */
export const drugPeriodSchema = z.object({
  source: z.string(),
  kind: z.enum(['order', 'statement']),
  start: isoDate,
  end: isoDate,
  /**
   * ongoing: current by its status; open-at-death: current by its status, but the patient died (it
   * ends at the date of death); ended: its end is charted; unknown: not current, no end charted.
   */
  endKind: z.enum(['ongoing', 'open-at-death', 'ended', 'unknown']),
  /**
   * An active order the medication feature marks as old (written over 2 years ago, nothing newer
   * for the drug): its whole years, as the flag says them.
   */
  oldActiveOrderYears: z.number().nullable(),
});
export type DrugPeriod = z.infer<typeof drugPeriodSchema>;

export const timelineDrugSchema = z.object({
  ingredient: z.string(),
  role: z.enum(['offending', 'treatment']),
  classes: z.array(z.enum([...offendingClassIds, ...treatmentClassIds])),
  /** One label per class, in the order of `classes`. */
  classLabels: z.array(z.string()),
  /** For an iron ingredient: how it is given (the iron chart marks treatments with it). */
  ironRoute: z.enum(['oral', 'intravenous']).nullable(),
  periods: z.array(drugPeriodSchema),
  /**
   * Single administrations (MedicationAdministration), drawn as ticks; `actingUntil` is the end of
   * a long-acting injectable's dosing interval after that dose.
   */
  doses: z.array(z.object({ date: isoDate, source: z.string(), actingUntil: isoDate })),
});
export type TimelineDrug = z.infer<typeof timelineDrugSchema>;

/** A coded RLS, leg cramps or akathisia, at its onset (or recorded) date. */
export const onsetMarkerSchema = z.object({
  group: z.enum(conditionGroupIds),
  label: z.string(),
  display: z.string(),
  date: isoDate,
  dateKind: z.enum(['onset', 'recorded']),
  source: z.string(),
});
export type OnsetMarker = z.infer<typeof onsetMarkerSchema>;

export const timelineSchema = z.object({
  /** Oldest first; undated last. */
  labs: z.array(labPointSchema),
  bands: z.array(ironBandSchema),
  /** Offending drugs first, then RLS treatments; each by its first start. */
  drugs: z.array(timelineDrugSchema),
  onsets: z.array(onsetMarkerSchema),
  /** Only `complete` lets an empty picture mean "none in the chart". */
  searches: z.object({
    labs: z.enum(completenessLevels),
    medications: z.enum(completenessLevels),
    conditions: z.enum(completenessLevels),
  }),
});
export type Timeline = z.infer<typeof timelineSchema>;
