import { notFound } from 'next/navigation';
import { sandboxEnabled } from '@/lib/sandbox/enabled';
import { ageInYears } from '@/lib/sandbox/fixtures';
import { FaultOptions } from '../../_components/fault-options';
import styles from '../../sandbox.module.css';

// Standalone launch: the authorization server asks which patient to open, then approves (or denies).
export const dynamic = 'force-dynamic';

// Metadata renders even on the 404 page: name the sandbox only when it is on.
export function generateMetadata() {
  return sandboxEnabled() ? { title: 'Sandbox EHR: choose a patient' } : {};
}

const sandboxFields = new Set(['sandbox_patient', 'sandbox_decision', 'sandbox_fault', 'sandbox_latency']);

export default async function PatientPickerPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (!sandboxEnabled()) notFound();
  const params = await searchParams;
  // Medplum's server packages load only when the sandbox is on.
  const { getFhirServer } = await import('@/lib/sandbox/fhir-repository');
  const { fixtures } = await getFhirServer();
  const now = new Date();
  // The original authorization request, carried through the form unchanged.
  const carried = Object.entries(params).flatMap(([name, value]) =>
    sandboxFields.has(name) || value === undefined
      ? []
      : [[name, Array.isArray(value) ? (value[0] ?? '') : value]],
  );
  const first = fixtures.patients[0]?.id;
  return (
    <main className={styles.page}>
      <h1>Choose a patient</h1>
      <p>The app “leg-symptom-differential” asks to read this patient&apos;s chart.</p>
      <form action={`/sandbox/auth/authorize?${new URLSearchParams(carried).toString()}`} method="post">
        <fieldset>
          <legend>Patient</legend>
          {fixtures.patients.map((patient) => (
            <div key={patient.id}>
              <label>
                <input
                  type="radio"
                  name="sandbox_patient"
                  value={patient.id}
                  defaultChecked={patient.id === first}
                />{' '}
                {patient.name} ({ageInYears(patient.birthDate, now) ?? '?'} y)
                {patient.story ? ` — ${patient.story}` : ''}
              </label>
            </div>
          ))}
        </fieldset>
        <FaultOptions faultName="sandbox_fault" latencyName="sandbox_latency" exclude={['deny']} />
        <p>
          <button type="submit" name="sandbox_decision" value="approve">
            Allow access
          </button>{' '}
          <button type="submit" name="sandbox_decision" value="deny">
            Deny
          </button>
        </p>
      </form>
    </main>
  );
}
