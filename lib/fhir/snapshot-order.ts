import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { WithId } from '../contracts/references';

// The order a chart is analysed in: newest first, ties by id. Servers disagree on order and `_sort`
// support, and files come in any order; the features keep the first listed of equal dates, so the
// app (a server's answers), the CDS service and the CLI (a file) sort alike and give the same report
// for the same chart, down to the order of its sources.

function effectiveTime(o: fhir4.Observation): string {
  return o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued ?? '';
}

export function sortSnapshot(snapshot: ChartSnapshot): ChartSnapshot {
  const byDateDesc =
    <T extends { id: string }>(date: (r: T) => string) =>
    (a: T, b: T) =>
      date(b).localeCompare(date(a)) || a.id.localeCompare(b.id);
  return {
    ...snapshot,
    conditions: [...snapshot.conditions].sort(byDateDesc((c) => c.recordedDate ?? c.onsetDateTime ?? '')),
    observations: [...snapshot.observations].sort(byDateDesc<WithId<fhir4.Observation>>(effectiveTime)),
    medicationRequests: [...snapshot.medicationRequests].sort(byDateDesc((m) => m.authoredOn ?? '')),
    medicationStatements: [...snapshot.medicationStatements].sort(
      byDateDesc((m) => m.effectiveDateTime ?? m.effectivePeriod?.start ?? m.dateAsserted ?? ''),
    ),
    medicationAdministrations: [...snapshot.medicationAdministrations].sort(
      byDateDesc((m) => m.effectiveDateTime ?? m.effectivePeriod?.start ?? ''),
    ),
    medications: [...snapshot.medications].sort((a, b) => a.id.localeCompare(b.id)),
  };
}
