import type { ChartResourceType, QuarantinedResource, QueryStatus } from '../fhir/chart-snapshot';
import type { BedsideFindingId, FindingAnswer } from '../knowledge/bedside-findings';
import type { ConditionGroupId, LabId, MedicationClassId } from '../knowledge/ids';

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

export interface FerritinResult extends Provenance {
  /** Value in ng/mL; null when the unit could not be converted (see `problem`). */
  ngPerMl: number | null;
  /** Comparator from the result (`<10` means below 10); the bound is kept, never guessed. */
  comparator: '<' | '<=' | '>=' | '>' | null;
  original: { value: number; unit: string };
  /** e.g. "unit 'mg/dL' cannot be converted to ng/mL". */
  problem: string | null;
}

export interface LabValue extends Provenance {
  value: number;
  unit: string;
  comparator: '<' | '<=' | '>=' | '>' | null;
}

/**
 * - low / borderline / normal: from the latest convertible ferritin (and TSAT, see knowledge)
 * - stale: latest ferritin older than the staleness window
 * - missing: the lab search succeeded and found no usable ferritin
 * - unknown: the lab search did not succeed, so we cannot say it is missing
 */
export type IronStatus = 'low' | 'borderline' | 'normal' | 'stale' | 'missing' | 'unknown';

export interface IronFeature {
  status: IronStatus;
  /** Why this status, in plain words (the value against the threshold it crossed). */
  reason: string;
  latest: FerritinResult | null;
  /** All ferritin results, newest first, including unconvertible ones (with `problem`). */
  results: FerritinResult[];
  transferrinSaturation: LabValue | null;
  hemoglobin: LabValue | null;
  /** Sources the status rests on (the latest ferritin, plus TSAT when it decided). */
  sources: string[];
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
  matchedBy: 'rxnorm' | 'name';
}

export interface MedicationsFeature {
  search: Completeness;
  /** One entry per ingredient per patient; statement and order of the same drug merged. */
  items: MedicationFeature[];
}

export type ConditionStatus = 'current' | 'history';

export interface ConditionFeature extends Provenance {
  /** Condition group id from lib/knowledge, e.g. "rls", "ckd", "dementia". */
  group: ConditionGroupId;
  status: ConditionStatus;
  display: string;
  matchedBy: 'snomed' | 'icd10' | 'text';
}

export interface ConditionsFeature {
  search: Completeness;
  /** One entry per group: the strongest (current over history, then newest). */
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
  /**
   * The FHIR references evidence may cite: for a derived model, every reference the features above
   * cite that names a resource of the snapshot (not every resource of the chart).
   */
  knownReferences: string[];
}
