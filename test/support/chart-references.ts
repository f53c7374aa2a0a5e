import type { ChartSnapshot } from '@/lib/fhir/chart-snapshot';

/** Every "Type/id" the snapshot holds: what evidence may ever cite, for tests to check against. */
export function everyChartReference(chart: ChartSnapshot): Set<string> {
  const references = new Set([chart.patientReference]);
  if (chart.patient?.id) references.add(`Patient/${chart.patient.id}`);
  const groups = [
    chart.conditions,
    chart.observations,
    chart.medicationStatements,
    chart.medicationRequests,
    chart.medications,
  ];
  for (const group of groups) {
    for (const resource of group) if (resource.id) references.add(`${resource.resourceType}/${resource.id}`);
  }
  return references;
}
