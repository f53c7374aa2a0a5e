import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleFhirGet } from '@/lib/sandbox/fhir-endpoint';
import { getFhirServer } from '@/lib/sandbox/fhir-repository';
import { handleAuthorizePost, mintLaunch } from '@/lib/sandbox/oauth';
import {
  authorize,
  authorizeUrl,
  ehrScope,
  exchange,
  fhirBase,
  fhirGet,
  launchToken,
  newVerifier,
  redirectUri,
} from './smart-client';

process.env.SANDBOX_FIXTURES_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'fhir-fixtures',
  'sandbox-test',
);

// Seeding Medplum's repository is a one-time cost of seconds on a loaded machine: pay it here,
// not inside the first test's time limit.
beforeAll(async () => {
  await getFhirServer();
}, 60_000);

async function codeFor(verifier: string, launchPatient = 's1') {
  const launch = await mintLaunch({ patient: launchPatient, fault: 'none', latencyMs: 0 });
  const response = await authorize({ launch, verifier });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

describe('SMART discovery', () => {
  it('publishes a smart-configuration with PKCE S256, both launch kinds and both scope syntaxes', async () => {
    const response = await fhirGet('.well-known/smart-configuration');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.authorization_endpoint).toBe('http://127.0.0.1:3999/sandbox/auth/authorize');
    expect(body.token_endpoint).toBe('http://127.0.0.1:3999/sandbox/auth/token');
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
    expect(body.capabilities).toEqual(
      expect.arrayContaining([
        'launch-ehr',
        'launch-standalone',
        'context-ehr-patient',
        'context-standalone-patient',
        'client-public',
        'permission-v1',
        'permission-v2',
      ]),
    );
  });

  it('names its endpoints on the origin the browser used (Host), not the one Next reports (localhost)', async () => {
    const request = new Request('http://localhost:3999/sandbox/fhir/.well-known/smart-configuration', {
      headers: { host: '127.0.0.1:3999' },
    });
    const body = await (await handleFhirGet(request, ['.well-known', 'smart-configuration'])).json();
    expect(body.authorization_endpoint).toBe('http://127.0.0.1:3999/sandbox/auth/authorize');
  });

  it('serves a CapabilityStatement with SMART security and oauth-uris, without a token', async () => {
    const response = await fhirGet('metadata');
    const body = await response.json();
    expect(body.resourceType).toBe('CapabilityStatement');
    expect(body.fhirVersion).toBe('4.0.1');
    const security = body.rest[0].security;
    expect(security.service[0].coding[0].code).toBe('SMART-on-FHIR');
    const uris = security.extension[0];
    expect(uris.url).toBe('http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris');
    expect(uris.extension.map((e: { url: string }) => e.url)).toEqual(['authorize', 'token']);
    expect(body.rest[0].resource.map((r: { type: string }) => r.type)).toContain('MedicationStatement');
  });
});

describe('EHR launch with PKCE', () => {
  it('issues a code for a valid launch and exchanges it, with the verifier, for a patient-bound token', async () => {
    const token = await launchToken('s1');
    expect(token.token_type).toBe('Bearer');
    expect(token.patient).toBe('s1');
    expect(token.need_patient_banner).toBe(false);
    expect(token.smart_style_url).toBe('http://127.0.0.1:3999/sandbox/smart-style.json');
    expect(token.expires_in).toBeGreaterThan(0);
    expect(token.refresh_token).toEqual(expect.any(String));
    expect(token.scope.split(' ')).toEqual(ehrScope.split(' '));
  });

  it('returns the state unchanged next to the code', async () => {
    const launch = await mintLaunch({ patient: 's1', fault: 'none', latencyMs: 0 });
    const response = await authorize({ launch, state: 'xyz-789' });
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('xyz-789');
  });

  it('rejects a token request whose code_verifier does not match the challenge', async () => {
    const code = await codeFor(newVerifier());
    const response = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: 'leg-symptom-differential',
      code_verifier: newVerifier(),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_grant');
  });

  it('accepts a code only once', async () => {
    const verifier = newVerifier();
    const code = await codeFor(verifier);
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: 'leg-symptom-differential',
      code_verifier: verifier,
    };
    expect((await exchange(form)).status).toBe(200);
    const replay = await exchange(form);
    expect(replay.status).toBe(400);
    expect((await replay.json()).error_description).toMatch(/already used/);
  });

  it('rejects a token request from another client id or redirect URI', async () => {
    const verifier = newVerifier();
    const code = await codeFor(verifier);
    const base = { grant_type: 'authorization_code', code, code_verifier: verifier };
    const wrongClient = await exchange({ ...base, redirect_uri: redirectUri, client_id: 'someone-else' });
    expect(wrongClient.status).toBe(401);
    const wrongRedirect = await exchange({
      ...base,
      redirect_uri: 'http://127.0.0.1:3999/elsewhere',
      client_id: 'leg-symptom-differential',
    });
    expect(wrongRedirect.status).toBe(400);
  });

  it('refuses an unknown client id or a foreign redirect URI at authorize, without redirecting', async () => {
    const launch = await mintLaunch({ patient: 's1', fault: 'none', latencyMs: 0 });
    const wrongClient = await authorize({ launch, clientId: 'not-registered' });
    expect(wrongClient.status).toBe(400);
    expect(wrongClient.headers.get('location')).toBeNull();
    const foreign = await authorize({ launch, redirect: 'https://attacker.example/' });
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
    const otherPath = await authorize({ launch, redirect: 'http://127.0.0.1:3999/callback' });
    expect(otherPath.status).toBe(400);
  });

  it('sends the app an error (with state) for a missing PKCE challenge, a wrong aud or a forged launch', async () => {
    const launch = await mintLaunch({ patient: 's1', fault: 'none', latencyMs: 0 });
    const noPkce = await authorize({ launch, extra: { code_challenge_method: 'plain' } });
    const wrongAud = await authorize({ launch, aud: 'https://other-ehr.example/fhir' });
    const forged = await authorize({ launch: `${launch.slice(0, -4)}AAAA` });
    for (const response of [noPkce, wrongAud, forged]) {
      const location = new URL(response.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('state')).toBe('state-123');
      expect(location.searchParams.has('code')).toBe(false);
    }
  });

  it('answers access_denied when the launch was set up to be denied', async () => {
    const launch = await mintLaunch({ patient: 's1', fault: 'deny', latencyMs: 0 });
    const response = await authorize({ launch });
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('state-123');
  });

  it('accepts SMART v2 .rs scopes and grants only read permissions of a .cruds request', async () => {
    const token = await launchToken('s1', {
      scope: 'launch online_access patient/Observation.cruds patient/Patient.rs patient/Encounter.rs',
    });
    expect(token.scope).toBe('launch online_access patient/Observation.rs patient/Patient.rs');
    expect((await fhirGet('Observation?patient=s1', token.access_token)).status).toBe(200);
    expect((await fhirGet('Condition?patient=s1', token.access_token)).status).toBe(403);
  });

  it('refreshes with the refresh token and the new access token works', async () => {
    const first = await launchToken('s1');
    const response = await exchange({
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token ?? '',
    });
    expect(response.status).toBe(200);
    const refreshed = await response.json();
    expect(refreshed.patient).toBe('s1');
    expect((await fhirGet('Patient/s1', refreshed.access_token)).status).toBe(200);
  });
});

describe('standalone launch', () => {
  it('sends the browser to the patient picker, then issues a code for the picked patient', async () => {
    const verifier = newVerifier();
    const scope = ehrScope.replace(/^launch /, 'launch/patient ');
    const first = await authorize({ verifier, scope });
    const picker = new URL(first.headers.get('location') ?? '', 'http://127.0.0.1:3999');
    expect(picker.pathname).toBe('/sandbox/auth/pick');
    expect(picker.searchParams.get('aud')).toBe(fhirBase);
    const chosen = await authorize({
      verifier,
      scope,
      extra: { sandbox_patient: 's2', sandbox_decision: 'approve' },
    });
    const code = new URL(chosen.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: 'leg-symptom-differential',
      code_verifier: verifier,
    });
    const body = await token.json();
    expect(body.patient).toBe('s2');
    expect(body.need_patient_banner).toBe(true);
  });

  it("takes the picker's choice as a form POST and answers with a 303 to the app", async () => {
    const response = await handleAuthorizePost(
      new Request(authorizeUrl({ scope: 'launch/patient patient/Patient.read' }), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'sandbox_patient=s1&sandbox_decision=approve&sandbox_fault=none&sandbox_latency=0',
      }),
    );
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(redirectUri);
    expect(location.searchParams.get('code')).toEqual(expect.any(String));
  });

  it('answers access_denied when the user denies at the picker', async () => {
    const response = await authorize({
      scope: 'launch/patient patient/Patient.read',
      extra: { sandbox_patient: 's1', sandbox_decision: 'deny' },
    });
    expect(new URL(response.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
  });
});

describe('what travels in URLs', () => {
  it('keeps the patient id out of the launch context and the authorization code', async () => {
    const launch = await mintLaunch({ patient: 's1', fault: 'none', latencyMs: 0 });
    const response = await authorize({ launch });
    const code = new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
    for (const token of [launch, code]) {
      const decoded = token
        .split('.')
        .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
        .join(' ');
      expect(decoded).not.toContain('patient');
      expect(decoded).not.toContain('"s1"');
    }
  });
});

describe('bearer enforcement on the FHIR base', () => {
  let token: string;
  beforeAll(async () => {
    token = (await launchToken('s1')).access_token;
  });

  it('answers 401 with WWW-Authenticate when the token is missing or forged', async () => {
    const missing = await fhirGet('Patient/s1');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const forged = await fhirGet('Patient/s1', `${token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it("answers 403 for another patient's record or search", async () => {
    expect((await fhirGet('Patient/s2', token)).status).toBe(403);
    expect((await fhirGet('Observation/s2-obs-0', token)).status).toBe(403);
    expect((await fhirGet('Observation?patient=s2', token)).status).toBe(403);
    expect((await fhirGet('Observation?patient=s1,s2', token)).status).toBe(403);
    expect((await fhirGet('Observation?category=laboratory', token)).status).toBe(403);
  });

  it('answers 403 for a resource type outside the granted scopes', async () => {
    const response = await fhirGet('Encounter?patient=s1', token);
    expect(response.status).toBe(403);
    expect((await response.json()).resourceType).toBe('OperationOutcome');
  });

  it('answers 404 with an OperationOutcome for a record that does not exist', async () => {
    const response = await fhirGet('Observation/nope', token);
    expect(response.status).toBe(404);
    expect((await response.json()).resourceType).toBe('OperationOutcome');
  });

  it('rejects an access token presented as a refresh token', async () => {
    const response = await exchange({ grant_type: 'refresh_token', refresh_token: token });
    expect(response.status).toBe(400);
  });
});
