import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import type { FeatureModel } from '@/lib/contracts/feature-model';

/** Every "Type/id" the snapshot holds: what evidence may ever cite, for tests to check against. */
export function everyChartReference(chart: ChartSnapshot): Set<string> {
  const references = new Set([chart.patientReference]);
  if (chart.patient?.id) references.add(`Patient/${chart.patient.id}`);
  const groups = [
    chart.conditions,
    chart.observations,
    chart.medicationStatements,
    chart.medicationRequests,
    chart.medicationAdministrations,
    chart.medications,
  ];
  for (const group of groups) {
    for (const resource of group) if (resource.id) references.add(`${resource.resourceType}/${resource.id}`);
  }
  return references;
}

/** Every reference a FeatureModel's facts cite: what a report built from it may name. */
export function featureSources(model: FeatureModel): Set<string> {
  const cited = new Set<string>();
  const add = (sources: readonly string[]) => {
    for (const source of sources) cited.add(source);
  };
  add(model.patient.sources);
  const { iron } = model;
  add(iron.sources);
  for (const result of iron.results) add(result.sources);
  if (iron.transferrinSaturation) add(iron.transferrinSaturation.sources);
  if (iron.hemoglobin) add(iron.hemoglobin.sources);
  for (const item of model.medications.items) add(item.sources);
  for (const item of model.conditions.items) add(item.sources);
  for (const lab of Object.values(model.labs)) if (lab) add(lab.sources);
  return cited;
}
