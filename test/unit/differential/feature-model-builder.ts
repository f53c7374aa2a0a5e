import type {
  ConditionFeature,
  FeatureModel,
  IronFeature,
  MedicationFeature,
} from '@/lib/contracts/feature-model';
import type { ConditionGroupId, MedicationClassId } from '@/lib/contracts/ids';
import { type BedsideFindingId, bedsideFindingIds, type FindingAnswer } from '@/lib/contracts/ids';

// A small builder for FeatureModels, so the differential can be tested on stories without FHIR.

export const NOW = '2026-11-25T12:00:00.000Z';

export function emptyFeatures(patient = 'Patient/t1'): FeatureModel {
  const findings = Object.fromEntries(
    bedsideFindingIds.map((id) => [
      id,
      { id, answer: 'unknown' as FindingAnswer, source: 'clinician' as const },
    ]),
  ) as FeatureModel['findings'];
  return {
    now: NOW,
    patient: { reference: patient, ageYears: 60, sex: 'male', sources: [patient] },
    iron: {
      status: 'missing',
      decidedBy: 'no-ferritin',
      thresholds: { set: 'adult', sources: [], ageYears: 60 },
      ferritinState: 'none',
      latest: null,
      olderReadable: null,
      results: [],
      tsatState: 'none',
      transferrinSaturation: null,
      hemoglobin: null,
      prompts: [],
      searchGaps: [],
      sources: [],
      date: null,
      labsSearch: 'complete',
    },
    medications: { search: 'complete', items: [] },
    conditions: { search: 'complete', items: [] },
    labs: {},
    findings,
    dataGaps: [],
    quarantined: [],
  };
}

const defaultReason: Record<ConditionFeature['status'], ConditionFeature['statusReason']> = {
  current: 'active',
  provisional: 'verification-provisional',
  symptom: 'symptom-code',
  history: 'inactive',
};

export class FeatureBuilder {
  readonly model: FeatureModel;
  private n = 0;

  constructor(patient = 'Patient/t1') {
    this.model = emptyFeatures(patient);
  }

  private ref(type: string): string {
    this.n += 1;
    const reference = `${type}/t${this.n}`;
    return reference;
  }

  female(): this {
    this.model.patient.sex = 'female';
    return this;
  }

  condition(
    group: ConditionGroupId,
    status: ConditionFeature['status'] = 'current',
    display: string = group,
  ): this {
    this.model.conditions.items.push({
      group,
      status,
      statusReason: defaultReason[status],
      display,
      matchedBy: 'snomed',
      sources: [this.ref('Condition')],
      date: '2026-05-01',
    });
    return this;
  }

  medication(
    ingredient: string,
    classes: MedicationClassId[],
    status: MedicationFeature['status'] = 'current',
    role: MedicationFeature['role'] = 'offending',
    extra: Partial<MedicationFeature> = {},
  ): this {
    this.model.medications.items.push({
      ingredient,
      classes,
      role,
      display: `${ingredient} 10 MG Oral Tablet`,
      status,
      matchedBy: 'rxnorm',
      sources: [this.ref('MedicationRequest')],
      date: '2026-10-01',
      ...extra,
    });
    return this;
  }

  /**
   * Iron facts for a status, as the feature would decide them for an adult with no TSAT on file
   * (`tsat` adds a measured TSAT in percent, dated with the ferritin).
   */
  iron(status: IronFeature['status'], ngPerMl: number | null = null, tsat: number | null = null): this {
    const source = status === 'missing' || status === 'unknown' ? [] : [this.ref('Observation')];
    const latest =
      ngPerMl === null
        ? null
        : {
            ngPerMl,
            comparator: null,
            original: { value: ngPerMl, unit: 'ng/mL' },
            text: null,
            problem: null,
            sources: source,
            date: '2026-09-01',
          };
    const tsatResult =
      tsat === null
        ? null
        : {
            percent: tsat,
            comparator: null,
            original: { value: tsat, unit: '%' },
            calculatedFrom: null,
            problem: null,
            sources: [this.ref('Observation')],
            date: '2026-09-01',
          };
    const facts: Record<IronFeature['status'], Pick<IronFeature, 'decidedBy' | 'ferritinState'>> = {
      low: { decidedBy: 'ferritin-below-low', ferritinState: 'current' },
      borderline: { decidedBy: 'ferritin-borderline', ferritinState: 'current' },
      normal: { decidedBy: 'ferritin-above-borderline', ferritinState: 'current' },
      stale: { decidedBy: 'ferritin-stale', ferritinState: 'stale' },
      missing: { decidedBy: 'no-ferritin', ferritinState: 'none' },
      unknown: { decidedBy: 'lab-search-incomplete', ferritinState: 'search-incomplete' },
    };
    this.model.iron = {
      ...this.model.iron,
      status,
      ...facts[status],
      latest,
      results: latest ? [latest] : [],
      tsatState: tsat === null ? 'none' : tsat < 20 ? 'below' : 'not-below',
      transferrinSaturation: tsatResult,
      sources: [...source, ...(tsatResult?.sources ?? [])],
      date: latest ? latest.date : null,
      labsSearch: status === 'unknown' ? 'unavailable' : 'complete',
    };
    return this;
  }

  /** Overrides iron facts (e.g. the threshold set) after `iron()`. */
  ironFacts(overrides: Partial<IronFeature>): this {
    this.model.iron = { ...this.model.iron, ...overrides };
    return this;
  }

  findings(answers: Partial<Record<BedsideFindingId, FindingAnswer>>): this {
    for (const [id, answer] of Object.entries(answers) as [BedsideFindingId, FindingAnswer][]) {
      this.model.findings[id] = { id, answer, source: 'clinician' };
    }
    return this;
  }

  medicationGap(): this {
    this.model.medications.search = 'unavailable';
    this.model.dataGaps.push({ resourceType: 'MedicationRequest', reason: 'forbidden', detail: 'HTTP 403' });
    return this;
  }

  build(): FeatureModel {
    return this.model;
  }
}

export const allRlsCriteria = {
  'urge-to-move': 'yes',
  'rest-induced': 'yes',
  'relief-by-movement': 'yes',
  'evening-worsening': 'yes',
} as const;
