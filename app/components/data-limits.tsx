'use client';

import type { Report } from '@/lib/contracts/report-schema';
import { medicationGapTypes, mergedDataGaps, noConditionsReturnedText } from '@/lib/knowledge/report-labels';
import { DataGapItem } from './flags-strip';

/** Parts of the chart that could not be read (medication gaps are shown with the medication flags). */
export function PartialDataNotice({ report }: { report: Report }) {
  const gaps = mergedDataGaps(report.dataGaps.filter((g) => !medicationGapTypes.includes(g.resourceType)));
  if (gaps.length === 0) return null;
  return (
    <div className="notice notice-gap" role="note" data-testid="partial-data">
      <p>
        <strong>Part of the chart could not be read.</strong> What is missing is unknown, not absent: the
        differential may change when it can be read.
      </p>
      <ul>
        {gaps.map((gap) => (
          <DataGapItem key={`${gap.resourceType}-${gap.reason}-${gap.detail}`} gap={gap} />
        ))}
      </ul>
    </div>
  );
}

/** Every condition search succeeded and returned nothing, though the EHR returned other data. */
export function NoConditionsReturnedNotice() {
  return (
    <div className="notice notice-gap" role="note" data-testid="no-conditions-returned">
      <p>
        <strong>{noConditionsReturnedText.title}</strong> {noConditionsReturnedText.body}
      </p>
    </div>
  );
}

export function QuarantinedNotice({ report }: { report: Report }) {
  const count = report.quarantined.length;
  if (count === 0) return null;
  return (
    <details className="notice notice-gap quarantined" data-testid="quarantined">
      <summary>
        {count} {count === 1 ? 'resource' : 'resources'} skipped: could not be read
      </summary>
      <ul>
        {report.quarantined.map((item) => (
          <li key={`${item.reference}-${item.reason}`}>
            <code>{item.reference}</code>: {item.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
