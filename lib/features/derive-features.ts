import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { FeatureModel, FerritinResult, LabValue } from '../contracts/feature-model';
import type { BedsideFindingsInput, LabId } from '../contracts/ids';
import { conditionsFeature } from './conditions';
import { dataGapsOf } from './data-gaps';
import { findingsFeature } from './findings';
import { ironFeature } from './iron';
import { type LabReadings, labReadings, labValueOf } from './lab-results';
import { medicationsFeature } from './medications';
import { patientFeature } from './patient';
import { timelineFeature } from './timeline';

export interface DeriveFeaturesOptions {
  /** The moment the analysis is for: ages, staleness and "recent" are computed against it. */
  now: Date;
  findings?: BedsideFindingsInput;
}

/**
 * Latest value of each lab; ferritin as the iron feature's newest result in ng/mL, absent when that
 * one could not be read (an older value never stands in for it).
 */
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
  const readings = labReadings(chart);
  const patient = patientFeature(chart, now);
  const conditions = conditionsFeature(chart, now);
  // The iron thresholds depend on age (children) and on a coded ESRD.
  const iron = ironFeature(chart, readings, { now, patient, conditions });
  const deceased = patient.deceased !== undefined;
  const medications = medicationsFeature(chart, now, { deceased });
  return {
    now: now.toISOString(),
    patient,
    iron,
    medications,
    conditions,
    labs: latestLabs(readings, iron.latest),
    findings: findingsFeature(options.findings),
    dataGaps: dataGapsOf(chart),
    quarantined: [...chart.quarantined],
    timeline: timelineFeature(chart, { iron, medications, conditions, readings, deceased, now }),
  };
}
