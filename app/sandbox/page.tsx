import { notFound } from 'next/navigation';
import { sandboxEnabled } from '@/lib/sandbox/enabled';
import { ageInYears } from '@/lib/sandbox/fixtures';
import { FaultOptions } from './_components/fault-options';
import styles from './sandbox.module.css';

// The sandbox EHR's front door: pick a synthetic patient, a fault to play, and launch the app.
export const dynamic = 'force-dynamic';

// Metadata renders even on the 404 page: name the sandbox only when it is on.
export function generateMetadata() {
  return sandboxEnabled() ? { title: 'Sandbox EHR: launch the leg symptom differential' } : {};
}

export default async function SandboxLauncherPage() {
  if (!sandboxEnabled()) notFound();
  // Medplum's server packages load only when the sandbox is on.
  const { getFhirServer } = await import('@/lib/sandbox/fhir-repository');
  const { fixtures } = await getFhirServer();
  const now = new Date();
  return (
    <main className={styles.page}>
      <h1>Sandbox EHR</h1>
      <p>
        Synthetic patients only. Launch the app as an EHR would (inside a mock chart, SMART EHR launch) or as
        a standalone app that asks you to pick a patient.
      </p>
      <form action="/sandbox/start" method="post">
        <FaultOptions faultName="fault" latencyName="latency" />
        {fixtures.patients.length === 0 ? (
          <p role="status">No patient bundles were found in fhir-fixtures/patients.</p>
        ) : (
          <table className={styles.patients}>
            <caption>Synthetic patients</caption>
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Age</th>
                <th scope="col">Story</th>
                <th scope="col">Launch</th>
              </tr>
            </thead>
            <tbody>
              {fixtures.patients.map((patient) => (
                <tr key={patient.id}>
                  <th scope="row">{patient.name}</th>
                  <td>{ageInYears(patient.birthDate, now) ?? 'unknown'}</td>
                  <td>{patient.story || '—'}</td>
                  <td>
                    <button
                      type="submit"
                      name="patient"
                      value={patient.id}
                      aria-label={`Open in chart: ${patient.name}`}
                    >
                      Open in chart
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>
          <button type="submit" name="mode" value="standalone" formTarget="_blank">
            Standalone launch in a new tab (patient picker)
          </button>
        </p>
      </form>
    </main>
  );
}
