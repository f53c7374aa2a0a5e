import { createHash, randomBytes } from 'node:crypto';
import type { FaultId } from './faults';
import { clientId } from './smart-configuration';

// A SMART EHR launch against a running sandbox over plain HTTP, as fhirclient does it in a browser:
// for scripts (benchmarks, smoke checks) that need a bearer token with a given fault or latency.

export interface SandboxSession {
  fhirBase: string;
  accessToken: string;
  refreshToken?: string;
  patient: string;
  scope: string;
  expiresIn: number;
}

const defaultScope =
  'launch online_access patient/Patient.read patient/Condition.read patient/Observation.read ' +
  'patient/MedicationRequest.read patient/MedicationStatement.read patient/MedicationAdministration.read patient/Medication.read';

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`sandbox launch: no ${what}`);
  return value;
}

/** Launcher -> launch context -> authorize (PKCE S256) -> code -> token. */
export async function launchSandboxSession(
  origin: string,
  options: { patient: string; fault?: FaultId; latencyMs?: number; scope?: string },
): Promise<SandboxSession> {
  const fhirBase = `${origin}/sandbox/fhir`;
  const start = await fetch(
    `${origin}/sandbox/start?${new URLSearchParams({
      patient: options.patient,
      fault: options.fault ?? 'none',
      latency: String(options.latencyMs ?? 0),
    })}`,
    { redirect: 'manual' },
  );
  const chart = new URL(must(start.headers.get('location'), `chart redirect (HTTP ${start.status})`), origin);
  const launch = must(chart.searchParams.get('launch'), 'launch context');
  const verifier = randomBytes(48).toString('base64url');
  const state = randomBytes(12).toString('base64url');
  const authorize = await fetch(
    `${origin}/sandbox/auth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: `${origin}/`,
      scope: options.scope ?? defaultScope,
      state,
      aud: fhirBase,
      launch,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    })}`,
    { redirect: 'manual' },
  );
  const back = new URL(
    must(authorize.headers.get('location'), `authorize redirect (HTTP ${authorize.status})`),
  );
  if (back.searchParams.get('state') !== state) throw new Error('sandbox launch: state mismatch');
  const code = must(back.searchParams.get('code'), `code (${back.searchParams.get('error') ?? 'no error'})`);
  const token = await fetch(`${origin}/sandbox/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${origin}/`,
      client_id: clientId,
      code_verifier: verifier,
    }),
  });
  if (!token.ok) throw new Error(`sandbox launch: token endpoint answered HTTP ${token.status}`);
  const body = (await token.json()) as {
    access_token: string;
    refresh_token?: string;
    patient: string;
    scope: string;
    expires_in: number;
  };
  return {
    fhirBase,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    patient: body.patient,
    scope: body.scope,
    expiresIn: body.expires_in,
  };
}
