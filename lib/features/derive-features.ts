import type { ChartSnapshot } from '../fhir/chart-snapshot';
import type { BedsideFindingsInput } from '../knowledge/bedside-findings';
import type { LabId } from '../knowledge/ids';
import { ReferenceMint, withKnownReferences } from './chart-references';
import { conditionsFeature } from './conditions';
import { dataGapsOf } from './data-gaps';
import type { FeatureModel, FerritinResult, LabValue } from './feature-model';
import { findingsFeature } from './findings';
import { ironFeature } from './iron';
import { type LabReadings, labReadings, labValueOf } from './lab-results';
import { medicationsFeature } from './medications';
import { patientFeature } from './patient';

export interface DeriveFeaturesOptions {
  /** The moment the analysis is for: ages, staleness and "recent" are computed against it. */
  now: Date;
  findings?: BedsideFindingsInput;
}

/** Latest value of each lab; ferritin as its latest convertible result in ng/mL (the iron feature's). */
function latestLabs(
  readings: LabReadings,
  ferritin: FerritinResult | null,
): Partial<Record<LabId, LabValue>> {
  const labs: Partial<Record<LabId, LabValue>> = {};
  for (const [lab, latest] of readings.latest) {
    if (lab !== 'ferritin') labs[lab] = labValueOf(latest);
    else if (ferritin?.ngPerMl != null) {
      labs.ferritin = {
        value: ferritin.ngPerMl,
        unit: 'ng/mL',
        comparator: ferritin.comparator,
        sources: [...ferritin.sources],
        date: ferritin.date,
      };
    }
  }
  return labs;
}

/**
 * ChartSnapshot (+ bedside findings) -> FeatureModel. Pure and deterministic: the only clock is
 * `options.now`; every fact carries the references it rests on.
 */
export function deriveFeatures(chart: ChartSnapshot, options: DeriveFeaturesOptions): FeatureModel {
  const { now } = options;
  const mint = new ReferenceMint();
  const readings = labReadings(chart, mint);
  const iron = ironFeature(chart, readings, now);
  const features = {
    now: now.toISOString(),
    patient: patientFeature(chart, now, mint),
    iron,
    medications: medicationsFeature(chart, now, mint),
    conditions: conditionsFeature(chart, mint),
    labs: latestLabs(readings, iron.latest),
    findings: findingsFeature(options.findings),
    dataGaps: dataGapsOf(chart),
    quarantined: [...chart.quarantined],
  };
  // `knownReferences` is listed from the chart only if read; the differential asks the mint.
  return withKnownReferences(features, chart, mint);
}
