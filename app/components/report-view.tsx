'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import type { BedsideFindingId, BedsideFindingsInput, FindingAnswer } from '@/lib/contracts/ids';
import type { Report } from '@/lib/contracts/report-schema';
import { overTimeSectionTexts } from '@/lib/knowledge/over-time-section-texts';
import { freshnessFacts } from '@/lib/report/freshness';
import type { PatientIdentity } from '@/lib/report/patient-identity';
import { plainTextSummary } from '@/lib/report/plain-text-summary';
import { BedsideFindingsForm } from './bedside-findings-form';
import { CopySummary } from './copy-summary';
import { NoConditionsReturnedNotice, PartialDataNotice, QuarantinedNotice } from './data-limits';
import { DifferentialList } from './differential-list';
import { EvaluationChecklist, PitfallsAndConsiderations } from './evaluation-section';
import { FlagsStrip } from './flags-strip';
import { useFetchedOnMount } from './on-demand';
import { sourcePanelModule } from './on-demand-modules';
import { loadPictures, OverTime, overTimeHeadingId } from './over-time';
import type { DescribeSource, OpenSource } from './source-button';
import type { SourcePanelProps } from './source-panel';
import { SourcePanelPending } from './source-panel-pending';

/** The source panel, whose code arrives on the first click (a launch that opens no source never needs it). */
function OpenSourcePanel(props: SourcePanelProps) {
  const arrival = useFetchedOnMount(sourcePanelModule);
  if (arrival.state === 'ready') return <arrival.module.SourcePanel {...props} />;
  return (
    <SourcePanelPending
      reference={props.reference}
      failed={arrival.state === 'failed'}
      onClose={props.onClose}
    />
  );
}

/** From the flags to their pictures: scrolled to, the keyboard on their heading, their code fetched. */
function showOverTime() {
  void loadPictures().catch(() => undefined);
  const heading = document.getElementById(overTimeHeadingId);
  heading?.scrollIntoView?.({ block: 'start' });
  heading?.focus({ preventScroll: true });
}

export interface ReportViewProps {
  report: Report;
  now: Date;
  findings: BedsideFindingsInput;
  onFindingChange: (id: BedsideFindingId, answer: FindingAnswer) => void;
  onClearFindings: () => void;
  /** Display strings for a chart reference (lib/report/source-facts), for the source panel. */
  describeSource: DescribeSource;
  /** True when every search succeeded and found nothing to read. */
  emptyChart?: boolean;
  /** True when the condition searches succeeded empty while labs or medications were returned. */
  conditionsNoneReturned?: boolean;
  /** Whose chart this is, shown in the header when the EHR shows its own patient banner. */
  chartOf?: PatientIdentity;
}

/** Renders a Report: flags first, then the tiered differential, bedside findings and next steps. */
export function ReportView({
  report,
  now,
  findings,
  onFindingChange,
  onClearFindings,
  describeSource,
  emptyChart = false,
  conditionsNoneReturned = false,
  chartOf,
}: ReportViewProps) {
  const [openSource, setOpenSource] = useState<string | null>(null);
  const triggerRef = useRef<HTMLElement | SVGElement | null>(null);

  const onOpen: OpenSource = useCallback((reference, trigger) => {
    triggerRef.current = trigger;
    setOpenSource(reference);
  }, []);
  const onClose = useCallback(() => {
    setOpenSource(null);
    // Back to the claim the clinician came from.
    const trigger = triggerRef.current;
    if (trigger?.isConnected) trigger.focus();
  }, []);

  const summary = useMemo(() => plainTextSummary(report, { now, findings }), [report, now, findings]);
  const reportJson = useMemo(() => JSON.stringify(report), [report]);
  const freshness = freshnessFacts(report, now);
  const skippedReason = openSource
    ? (report.quarantined.find((q) => q.reference === openSource)?.reason ?? null)
    : null;

  return (
    <div className="report-view">
      {/* The Report as rendered, for tests that compare it with the CLI's (it stays in this page). */}
      <div hidden data-testid="report-json" data-report={reportJson} />
      <header className="report-header">
        <div>
          <h1>Leg symptom differential</h1>
          {chartOf ? (
            <p className="chart-of" data-testid="chart-of">
              For <strong>{chartOf.name}</strong>
              {chartOf.details.length > 0 ? (
                <span className="muted"> · {chartOf.details.join(' · ')}</span>
              ) : null}
            </p>
          ) : null}
          <p className="muted small freshness" data-testid="freshness">
            Read from the chart at{' '}
            <time dateTime={report.generatedAt}>
              {now.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}
            </time>
            {freshness.map((fact) => (
              <span key={fact.id}> · {fact.text}</span>
            ))}
          </p>
        </div>
        <CopySummary text={summary} beforePrint={report.timeline ? loadPictures : undefined} />
      </header>
      {emptyChart ? (
        <div className="notice notice-info" role="note" data-testid="empty-chart">
          <p>
            <strong>This chart has no conditions, medications or lab results to read.</strong> The
            differential below rests on your bedside findings alone.
          </p>
        </div>
      ) : null}
      <FlagsStrip report={report} now={now} describe={describeSource} onOpen={onOpen} />
      {report.timeline ? (
        <p className="over-time-jump screen-only">
          <button type="button" className="source-link" onClick={showOverTime}>
            {overTimeSectionTexts.jump}
          </button>
        </p>
      ) : null}
      <PartialDataNotice report={report} />
      {conditionsNoneReturned ? <NoConditionsReturnedNotice /> : null}
      <QuarantinedNotice report={report} />
      {/* Findings sit right after the differential they re-rank (beside it on wide frames). */}
      <div className="report-columns">
        <DifferentialList
          report={report}
          findings={findings}
          now={now}
          describe={describeSource}
          onOpen={onOpen}
        />
        <BedsideFindingsForm findings={findings} onChange={onFindingChange} onClear={onClearFindings} />
      </div>
      {/* Below the differential: what it rests on, over time (its code arrives as it comes into view). */}
      <OverTime report={report} now={now} describe={describeSource} onOpen={onOpen} />
      <EvaluationChecklist report={report} describe={describeSource} onOpen={onOpen} />
      <PitfallsAndConsiderations report={report} describe={describeSource} onOpen={onOpen} />
      {openSource ? (
        <OpenSourcePanel
          key={openSource}
          reference={openSource}
          facts={describeSource(openSource)}
          skippedReason={skippedReason}
          onClose={onClose}
        />
      ) : null}
    </div>
  );
}
