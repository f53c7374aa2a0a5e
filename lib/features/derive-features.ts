import type { ChartSnapshot } from '../fhir/chart-snapshot';
import type { BedsideFindingsInput } from '../knowledge/bedside-findings';
import type { LabId } from '../knowledge/ids';
import { conditionsFeature } from './conditions';
import { dataGapsOf, knownReferencesOf } from './data-gaps';
import type { FeatureModel, LabValue } from './feature-model';
import { ferritinResultOf } from './ferritin';
import { findingsFeature } from './findings';
import { ironFeature } from './iron';
import { type LabReading, labReadings, labValueOf } from './lab-results';
import { medicationsFeature } from './medications';
import { patientFeature } from './patient';

export interface DeriveFeaturesOptions {
  /** The moment the analysis is for: ages, staleness and "recent" are computed against it. */
  now: Date;
  findings?: BedsideFindingsInput;
}

/** Latest value of each lab; ferritin as its latest convertible result in ng/mL. */
function latestLabs(readings: ReadonlyMap<LabId, LabReading[]>): Partial<Record<LabId, LabValue>> {
  const labs: Partial<Record<LabId, LabValue>> = {};
  for (const [lab, list] of readings) {
    if (lab === 'ferritin') {
      const ferritin = list.map(ferritinResultOf).find((r) => r.ngPerMl !== null);
      if (ferritin?.ngPerMl != null) {
        labs.ferritin = {
          value: ferritin.ngPerMl,
          unit: 'ng/mL',
          comparator: ferritin.comparator,
          sources: ferritin.sources,
          date: ferritin.date,
        };
      }
      continue;
    }
    const latest = list[0];
    if (latest) labs[lab] = labValueOf(latest);
  }
  return labs;
}

/**
 * ChartSnapshot (+ bedside findings) -> FeatureModel. Pure and deterministic: the only clock is
 * `options.now`; every fact carries the references it rests on.
 */
export function deriveFeatures(chart: ChartSnapshot, options: DeriveFeaturesOptions): FeatureModel {
  const { now } = options;
  const readings = labReadings(chart);
  return {
    now: now.toISOString(),
    patient: patientFeature(chart, now),
    iron: ironFeature(chart, readings, now),
    medications: medicationsFeature(chart, now),
    conditions: conditionsFeature(chart),
    labs: latestLabs(readings),
    findings: findingsFeature(options.findings),
    dataGaps: dataGapsOf(chart),
    quarantined: [...chart.quarantined],
    knownReferences: knownReferencesOf(chart),
  };
}
