import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { DataGap } from '../contracts/feature-model';

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
