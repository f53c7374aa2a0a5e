import { useState } from 'react';
import { ReportView } from '@/app/components/report-view';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import type { BedsideFindingsInput } from '@/lib/contracts/ids';
import type { Report } from '@/lib/contracts/report-schema';
import { sourceFacts } from '@/lib/report/source-facts';
import { now } from './fixtures/reports';

/** ReportView with its findings held in state, as ChartView holds them, over a fixed Report. */
export function ReportHarness({
  report,
  snapshot,
  emptyChart,
}: {
  report: Report;
  snapshot: ChartSnapshot;
  emptyChart?: boolean;
}) {
  const [findings, setFindings] = useState<BedsideFindingsInput>({});
  return (
    <main>
      <ReportView
        report={report}
        now={now}
        findings={findings}
        onFindingChange={(id, answer) => setFindings((f) => ({ ...f, [id]: answer }))}
        onClearFindings={() => setFindings({})}
        describeSource={(reference) => sourceFacts(snapshot, reference)}
        emptyChart={emptyChart}
      />
    </main>
  );
}
