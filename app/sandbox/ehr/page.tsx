import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { sandboxEnabled } from '@/lib/sandbox/enabled';
import { faultLabels } from '@/lib/sandbox/faults';
import { ageInYears } from '@/lib/sandbox/fixtures';
import styles from '../sandbox.module.css';

// A mock chart: the EHR's own patient header above the app in an iframe, as Epic and Oracle
// Health embed SMART apps. The header is why the token says need_patient_banner=false.
export const dynamic = 'force-dynamic';

// Metadata renders even on the 404 page: name the sandbox only when it is on.
export function generateMetadata() {
  return sandboxEnabled() ? { title: 'Sandbox EHR chart' } : {};
}

export default async function MockChartPage({
  searchParams,
}: {
  searchParams: Promise<{ launch?: string }>;
}) {
  if (!sandboxEnabled()) notFound();
  const { launch } = await searchParams;
  const h = await headers();
  const origin = `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host') ?? '127.0.0.1'}`;
  // Medplum's server packages load only when the sandbox is on.
  const { chartFrameFor } = await import('@/lib/sandbox/launcher');
  const frame = launch ? await chartFrameFor(launch, origin) : null;
  if (!frame) notFound();
  const { patient } = frame;
  return (
    <div className={styles.ehrBody}>
      <header className={styles.ehrHeader}>
        <h1>Sandbox EHR</h1>
        <p>
          <strong>{patient.name}</strong> · {ageInYears(patient.birthDate, new Date()) ?? '?'} y ·{' '}
          {patient.gender ?? 'gender unknown'} · MRN {patient.id}
        </p>
        {frame.fault !== 'none' || frame.latencyMs > 0 ? (
          <p>
            Fault: {faultLabels[frame.fault]}
            {frame.latencyMs > 0 ? `, +${frame.latencyMs} ms per request` : ''}
          </p>
        ) : null}
        <a href="/sandbox">Back to patient list</a>
      </header>
      <main>
        <iframe className={styles.frame} src={frame.appUrl} title="Leg symptom differential (SMART app)" />
      </main>
    </div>
  );
}
