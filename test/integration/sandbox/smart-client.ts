import { randomBytes } from 'node:crypto';
import type { FaultId } from '@/lib/sandbox/faults';
import { handleFhirGet } from '@/lib/sandbox/fhir-endpoint';
import { handleAuthorize, handleToken, mintLaunch, pkceChallenge } from '@/lib/sandbox/oauth';

// A minimal SMART client for tests: drives the sandbox's handlers as fhirclient would over HTTP.

export const origin = 'http://127.0.0.1:3999';
export const fhirBase = `${origin}/sandbox/fhir`;
export const redirectUri = `${origin}/`;
export const ehrScope =
  'launch openid fhirUser online_access patient/Patient.read patient/Condition.read patient/Observation.read ' +
  'patient/MedicationRequest.read patient/MedicationStatement.read patient/MedicationAdministration.read patient/Medication.read';

export function newVerifier(): string {
  return randomBytes(48).toString('base64url');
}

export interface AuthorizeOptions {
  launch?: string;
  verifier?: string;
  scope?: string;
  clientId?: string;
  redirect?: string;
  aud?: string;
  state?: string;
  extra?: Record<string, string>;
}

export function authorizeUrl(options: AuthorizeOptions = {}): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId ?? 'leg-symptom-differential',
    redirect_uri: options.redirect ?? redirectUri,
    scope: options.scope ?? ehrScope,
    state: options.state ?? 'state-123',
    aud: options.aud ?? fhirBase,
    code_challenge: pkceChallenge(options.verifier ?? newVerifier()),
    code_challenge_method: 'S256',
    ...(options.launch ? { launch: options.launch } : {}),
    ...options.extra,
  });
  return `${origin}/sandbox/auth/authorize?${params.toString()}`;
}

export async function authorize(options: AuthorizeOptions = {}): Promise<Response> {
  return handleAuthorize(new Request(authorizeUrl(options)));
}

export async function exchange(form: Record<string, string>): Promise<Response> {
  return handleToken(
    new Request(`${origin}/sandbox/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    }),
  );
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  patient?: string;
  need_patient_banner: boolean;
  smart_style_url: string;
  refresh_token?: string;
}

/** EHR launch end to end: launch context -> authorize -> code -> token (with the PKCE verifier). */
export async function launchToken(
  patient: string,
  options: { fault?: FaultId; latencyMs?: number; scope?: string } = {},
): Promise<TokenBody> {
  const launch = await mintLaunch({
    patient,
    fault: options.fault ?? 'none',
    latencyMs: options.latencyMs ?? 0,
  });
  const verifier = newVerifier();
  const response = await authorize({ launch, verifier, scope: options.scope });
  const location = new URL(response.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code: ${location.toString()}`);
  const token = await exchange({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    client_id: 'leg-symptom-differential',
    code_verifier: verifier,
  });
  if (token.status !== 200) throw new Error(`token ${token.status}: ${await token.text()}`);
  return (await token.json()) as TokenBody;
}

/** GET on the sandbox FHIR base, path relative to it ("Observation?patient=..."). */
export async function fhirGet(path: string, token?: string): Promise<Response> {
  const url = new URL(`${fhirBase}/${path}`);
  const segments = url.pathname
    .slice('/sandbox/fhir/'.length)
    .split('/')
    .map((s) => decodeURIComponent(s));
  return handleFhirGet(
    new Request(url, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    segments,
  );
}
