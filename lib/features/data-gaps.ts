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

/**
 * Every "Type/id" in the snapshot: the only references evidence may cite. buildChartSnapshot keeps
 * each Type/id once, so no Set is needed here (a Set of 100k strings costs more than the rest).
 */
export function knownReferencesOf(chart: ChartSnapshot): string[] {
  const references = [chart.patientReference];
  const patientId = chart.patient?.id;
  if (patientId && `Patient/${patientId}` !== chart.patientReference) references.push(`Patient/${patientId}`);
  const groups: readonly (readonly { resourceType: string; id?: string }[])[] = [
    chart.conditions,
    chart.observations,
    chart.medicationStatements,
    chart.medicationRequests,
    chart.medications,
  ];
  for (const group of groups) {
    for (const resource of group) if (resource.id) references.push(`${resource.resourceType}/${resource.id}`);
  }
  return references;
}
