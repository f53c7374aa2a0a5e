'use client';

import { Component, type ReactNode, useCallback, useMemo, useState } from 'react';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import type { Report } from '@/lib/contracts/report-schema';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { conditionsNoneReturned, isEmptyChart } from '@/lib/report/chart-contents';
import { type PatientIdentity, patientIdentity } from '@/lib/report/patient-identity';
import { patientBanner, sourceFacts } from '@/lib/report/source-facts';
import { ReportView } from './report-view';
import { useSessionFindings } from './use-session-findings';

export interface ChartViewProps {
  snapshot: ChartSnapshot;
  showPatientBanner: boolean;
  onRelaunch?: () => void;
}

function PatientBanner({ identity }: { identity: PatientIdentity }) {
  return (
    <section aria-label="Patient" className="patient-banner">
      <strong>{identity.name}</strong>
      {identity.details.length > 0 ? <span className="muted">{identity.details.join(' · ')}</span> : null}
    </section>
  );
}

function AnalysisError({ onRelaunch }: { onRelaunch?: () => void }) {
  return (
    <div className="notice notice-error" role="alert" data-testid="analysis-error">
      <h1>Could not show the differential</h1>
      <p>The chart was read, but this app could not analyse it. Nothing was changed in the chart.</p>
      {onRelaunch ? (
        <button type="button" onClick={onRelaunch}>
          Relaunch
        </button>
      ) : (
        <p>Reopen the app from the patient&apos;s chart.</p>
      )}
    </div>
  );
}

/** A rendering fault must not blank the chart frame: show the error with a way out instead. */
class ViewErrorBoundary extends Component<
  { onRelaunch?: () => void; children: ReactNode },
  { failed: boolean }
> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <AnalysisError onRelaunch={this.props.onRelaunch} /> : this.props.children;
  }
}

function PatientChartView({
  snapshot,
  showPatientBanner,
  onRelaunch,
}: {
  snapshot: ChartSnapshot;
  showPatientBanner: boolean;
  onRelaunch?: () => void;
}) {
  // One `now` per launch: the report, its relative dates and the summary all agree.
  const [now] = useState(() => new Date());
  const { findings, setFinding, clearFindings } = useSessionFindings(snapshot.patientReference);

  const report = useMemo((): Report | null => {
    try {
      return analyzeChart(snapshot, { now, findings });
    } catch {
      // No PHI in logs: the error is shown, not logged.
      return null;
    }
  }, [snapshot, now, findings]);
  const describeSource = useCallback((reference: string) => sourceFacts(snapshot, reference), [snapshot]);
  // Whose chart this is: in the banner when the EHR asks for it, else in the app's own header.
  const identity = report ? patientIdentity(snapshot, report.patient) : patientBanner(snapshot);
  const banner = showPatientBanner ? <PatientBanner identity={identity} /> : null;

  if (!report) {
    return (
      <>
        {banner}
        <AnalysisError onRelaunch={onRelaunch} />
      </>
    );
  }
  return (
    <>
      {banner}
      <ReportView
        report={report}
        now={now}
        findings={findings}
        onFindingChange={setFinding}
        onClearFindings={clearFindings}
        describeSource={describeSource}
        emptyChart={isEmptyChart(snapshot)}
        conditionsNoneReturned={conditionsNoneReturned(snapshot)}
        chartOf={showPatientBanner ? undefined : identity}
      />
    </>
  );
}

/** The in-chart view: the patient's differential with flags, sources and bedside findings. */
export function ChartView({ snapshot, showPatientBanner, onRelaunch }: ChartViewProps) {
  return (
    <div className="chart-view">
      <ViewErrorBoundary onRelaunch={onRelaunch}>
        {/* Keyed by patient: another patient in the same tab starts with their own findings. */}
        <PatientChartView
          key={snapshot.patientReference}
          snapshot={snapshot}
          showPatientBanner={showPatientBanner}
          onRelaunch={onRelaunch}
        />
      </ViewErrorBoundary>
    </div>
  );
}
