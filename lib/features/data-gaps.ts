import type { ChartSnapshot } from '../fhir/chart-snapshot';
import type { DataGap } from './feature-model';

/** Every search or read that did not succeed: shown as a gap, never as "none found". */
export function dataGapsOf(chart: ChartSnapshot): DataGap[] {
  const gaps: DataGap[] = [];
  for (const query of chart.queries) {
    if (query.status === 'ok') continue;
    gaps.push({
      resourceType: query.resourceType,
      reason: query.status,
      detail: query.detail ? `${query.label}: ${query.detail}` : query.label,
    });
  }
  return gaps;
}

/** Every "Type/id" in the snapshot: the only references evidence may cite. */
export function knownReferencesOf(chart: ChartSnapshot): string[] {
  const references = new Set<string>([chart.patientReference]);
  const groups: readonly (readonly { resourceType: string; id?: string }[])[] = [
    chart.patient ? [chart.patient] : [],
    chart.conditions,
    chart.observations,
    chart.medicationStatements,
    chart.medicationRequests,
    chart.medications,
  ];
  for (const group of groups) {
    for (const resource of group) if (resource.id) references.add(`${resource.resourceType}/${resource.id}`);
  }
  return [...references];
}
