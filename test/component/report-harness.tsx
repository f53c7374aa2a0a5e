import { useState } from 'react';
import { ReportView } from '@/app/components/report-view';
import type { BedsideFindingsInput } from '@/lib/contracts/ids';
import { sourceFacts } from '@/lib/report/source-facts';
import { type ChartStory, now } from './fixtures/reports';

/**
 * ReportView with its findings held in state, as ChartView holds them, over a fixed generated Report:
 * answers change the summary, not the ranking. The findings start as the ones the Report was made with.
 */
export function ReportHarness({ story, emptyChart }: { story: ChartStory; emptyChart?: boolean }) {
  const [findings, setFindings] = useState<BedsideFindingsInput>(story.findings);
  return (
    <main>
      <ReportView
        report={story.report}
        now={now}
        findings={findings}
        onFindingChange={(id, answer) => setFindings((f) => ({ ...f, [id]: answer }))}
        onClearFindings={() => setFindings({})}
        describeSource={(reference) => sourceFacts(story.snapshot, reference)}
        emptyChart={emptyChart}
      />
    </main>
  );
}
