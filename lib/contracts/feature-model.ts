import type { QuarantinedResource } from './chart-snapshot';
import type {
  BedsideFindingId,
  ChartResourceType,
  ConditionGroupId,
  ConditionStatus,
  ConditionStatusReason,
  FindingAnswer,
  IronDecisionId,
  IronPromptId,
  IronThresholdSet,
  LabId,
  MedicationClassId,
  QueryStatus,
} from './ids';
import type { Timeline } from './timeline-schema';

// The FeatureModel: everything the differential needs, each fact with its provenance.
// Missing data is `unknown`/`unavailable`, never false and never 0.
// Ids of medication classes and condition groups are declared in lib/knowledge.

/** Where a fact came from: FHIR references ("Observation/o1") and the date it rests on. */
export interface Provenance {
  sources: string[];
  /** ISO date (YYYY-MM-DD or full timestamp) of the fact, or null when the chart gives none. */
  date: string | null;
}

/** Whether a group of searches gave a complete answer. Only `complete` allows a "none found" statement. */
export type Completeness = 'complete' | 'partial' | 'unavailable';

export interface PatientFeature {
  reference: string;
  /** Age now; for a deceased patient, the age at death (null when the date of death is unknown). */
  ageYears: number | null;
  /** Present only when the chart says the patient died (deceasedBoolean or deceasedDateTime). */
  deceased?: { date?: string };
  sex: 'male' | 'female' | 'other' | 'unknown';
  sources: string[];
}

/** Why a ferritin, TSAT, iron or TIBC result could not be read; worded in lib/knowledge/iron-texts.ts. */
export type LabValueProblem =
  | { id: 'unknown-unit'; unit: string }
  | { id: 'no-unit' }
  /** A `valueString` that is not a number with an optional comparator and unit. */
  | { id: 'unreadable-text'; text: string }
  /** No value at all (e.g. a result still pending, or `dataAbsentReason`). */
  | { id: 'no-value'; observationStatus: string; absentReason: string | null }
  /** A TSAT in a fraction unit whose value is above 1. */
  | { id: 'not-a-fraction'; value: number; unit: string };

export interface FerritinResult extends Provenance {
  /** Value in ng/mL; null when it could not be read (see `problem`). */
  ngPerMl: number | null;
  /** Comparator from the result (`<10` means below 10); the bound is kept, never guessed. */
  comparator: '<' | '<=' | '>=' | '>' | null;
  /** The number and unit as charted; null when no number could be read. */
  original: { value: number; unit: string } | null;
  /** The text as charted when the result came as `valueString` ("<15", "12 ng/mL"). */
  text: string | null;
  problem: LabValueProblem | null;
}

export interface LabValue extends Provenance {
  value: number;
  unit: string;
  comparator: '<' | '<=' | '>=' | '>' | null;
}

/** A TSAT problem, or why iron and TIBC of the same day gave no TSAT. */
export type TsatProblem =
  | LabValueProblem
  | { id: 'units-differ'; ironUnit: string; tibcUnit: string }
  | { id: 'input-unreadable'; lab: 'iron' | 'tibc'; problem: LabValueProblem }
  /** TIBC reported only as a bound ("> 450"): the ratio has no bound either. */
  | { id: 'bounded-tibc' }
  | { id: 'zero-tibc' };

export interface TsatResult extends Provenance {
  /** Transferrin saturation in percent; null when it could not be read (see `problem`). */
  percent: number | null;
  comparator: '<' | '<=' | '>=' | '>' | null;
  /** As charted, for a measured TSAT (e.g. 0.18 in unit "1"); null when calculated or unreadable. */
  original: { value: number; unit: string } | null;
  /** Set when calculated from serum iron and TIBC of the same day (iron / TIBC × 100). */
  calculatedFrom: { iron: LabValue; tibc: LabValue } | null;
  problem: TsatProblem | null;
}

/**
 * - low / borderline / normal: from the latest convertible ferritin (and TSAT, see knowledge)
 * - stale: latest ferritin older than the staleness window
 * - missing: the lab search succeeded and found no ferritin
 * - unknown: the lab search did not succeed, or the newest ferritin could not be read
 */
export type IronStatus = 'low' | 'borderline' | 'normal' | 'stale' | 'missing' | 'unknown';

/** What is known of the ferritin: a current readable result, an old one, an unreadable newest one, none. */
export type FerritinState = 'current' | 'stale' | 'unreadable' | 'none' | 'search-incomplete';

/** The TSAT as a fact: below / not below the threshold (within 12 months), older, unreadable, none. */
export type TsatState = 'below' | 'not-below' | 'stale' | 'unreadable' | 'none';

/**
 * The iron facts: the status and what decided it, as ids and values. Every sentence about them is
 * built in lib/knowledge/iron-texts.ts.
 */
export interface IronFeature {
  status: IronStatus;
  decidedBy: IronDecisionId;
  /** The thresholds applied, and what chose them (the ESRD condition, the patient's age). */
  thresholds: { set: IronThresholdSet; sources: string[]; ageYears: number | null };
  ferritinState: FerritinState;
  /** The newest ferritin result, read or not (null when none). */
  latest: FerritinResult | null;
  /** The newest readable ferritin when a newer unreadable one hides it: shown, never used. */
  olderReadable: FerritinResult | null;
  /** All ferritin results, newest first, including unreadable ones (with `problem`). */
  results: FerritinResult[];
  tsatState: TsatState;
  /** The newest TSAT, measured or calculated (null when none). */
  transferrinSaturation: TsatResult | null;
  hemoglobin: LabValue | null;
  prompts: IronPromptId[];
  /** Details of the lab searches that did not complete (e.g. "HTTP 403"). */
  searchGaps: string[];
  /** Every resource the flag names: ferritin results, TSAT (or iron and TIBC), the ESRD condition, the patient. */
  sources: string[];
  /** Date of the ferritin the status rests on (null when none). */
  date: string | null;
  labsSearch: Completeness;
}

export type MedicationStatus = 'current' | 'recent' | 'past';

export interface MedicationFeature extends Provenance {
  /** Generic ingredient name, as lib/knowledge spells it. */
  ingredient: string;
  /** Class ids from lib/knowledge (a drug may be in two classes). */
  classes: MedicationClassId[];
  /** offending: causes or worsens symptoms; treatment: an RLS treatment (informative only). */
  role: 'offending' | 'treatment';
  /** As charted (coding display, text, or the Medication's name). */
  display: string;
  status: MedicationStatus;
  matchedBy: 'rxnorm' | 'atc' | 'name';
  /** The kind of record the status and date rest on (an administration is a dose given). */
  basis?: 'statement' | 'order' | 'administration';
  /** Whole days from `date` to the analysis's `now`; null when undated. */
  daysAgo?: number | null;
  /** A long-acting injectable given on `date`: current until this date (end of its dosing interval). */
  longActingUntil?: string;
  /** Current only by an active order older than the old-order window, with nothing newer for the drug. */
  oldActiveOrder?: { since: string; years: number };
  /** Current or recent by the chart, but the patient is deceased: `status` is then `past`. */
  openAtDeath?: true;
}

export interface MedicationsFeature {
  search: Completeness;
  /** One entry per ingredient per patient; statement and order of the same drug merged. */
  items: MedicationFeature[];
}

export type { ConditionStatus } from './ids';

export interface ConditionFeature extends Provenance {
  /** Condition group id from lib/knowledge, e.g. "rls", "ckd", "dementia". */
  group: ConditionGroupId;
  /** Only `current` is a diagnosis; provisional, symptom and history support at most `possible`. */
  status: ConditionStatus;
  /** What decided the status (verification, clinical status, category and date, the name, the code). */
  statusReason: ConditionStatusReason;
  display: string;
  matchedBy: 'snomed' | 'icd10' | 'text';
}

export interface ConditionsFeature {
  search: Completeness;
  /** One entry per group: the strongest (current, provisional, symptom, history; then newest). */
  items: ConditionFeature[];
}

export interface FindingFeature {
  id: BedsideFindingId;
  answer: FindingAnswer;
  /** Bedside findings always come from the clinician, never from the chart. */
  source: 'clinician';
}

export interface DataGap {
  resourceType: ChartResourceType;
  reason: Exclude<QueryStatus, 'ok'>;
  detail: string;
}

export interface FeatureModel {
  /** The `now` the features were computed at (ISO timestamp). */
  now: string;
  patient: PatientFeature;
  iron: IronFeature;
  medications: MedicationsFeature;
  conditions: ConditionsFeature;
  /** Supporting labs by id from lib/knowledge (e.g. "egfr", "hba1c"): latest value each. */
  labs: Partial<Record<LabId, LabValue>>;
  findings: Record<BedsideFindingId, FindingFeature>;
  dataGaps: DataGap[];
  quarantined: QuarantinedResource[];
  /** What the pictures over time draw (optional: a model built by hand may leave it out). */
  timeline?: Timeline;
}
