'use client';

import type { ChartSnapshot } from '@/lib/fhir/chart-snapshot';

export interface ChartViewProps {
  snapshot: ChartSnapshot;
  showPatientBanner: boolean;
  onRelaunch?: () => void;
}

// First increment so the shell compiles; the full view (flags, differential, bedside findings,
// sources, summary) replaces this as soon as analyzeChart lands.
export function ChartView({ snapshot, showPatientBanner }: ChartViewProps) {
  const name = snapshot.patient?.name?.[0];
  const display = name?.text ?? [name?.given?.join(' '), name?.family].filter(Boolean).join(' ');
  return (
    <div className="chart-view">
      {showPatientBanner ? (
        <section aria-label="Patient" className="patient-banner">
          <strong>{display || snapshot.patientReference}</strong>
        </section>
      ) : null}
      <p role="status">Preparing the differential…</p>
    </div>
  );
}
