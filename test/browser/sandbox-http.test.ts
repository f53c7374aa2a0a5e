import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchSandboxSession } from '@/lib/sandbox/http-launch';
import { type RunningApp, startApp } from '../support/app-server';

// The sandbox over real HTTP on `next start` (no browser): the PKCE flow as fhirclient drives it,
// discovery at ${iss}/.well-known/smart-configuration, bearer checks and paging through Next.

let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ SANDBOX: '1' }, '/sandbox/fhir/metadata');
});
afterAll(async () => {
  await app?.stop();
});

describe('the sandbox EHR over HTTP', () => {
  it('serves SMART discovery under the FHIR base (iss + /.well-known/smart-configuration) on the origin the client used', async () => {
    const response = await fetch(`${app.url}/sandbox/fhir/.well-known/smart-configuration`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.authorization_endpoint).toBe(`${app.url}/sandbox/auth/authorize`);
    expect(body.token_endpoint).toBe(`${app.url}/sandbox/auth/token`);
  });

  it('completes an EHR launch with PKCE and reads the patient with the token', async () => {
    const session = await launchSandboxSession(app.url, { patient: 'p01' });
    expect(session.patient).toBe('p01');
    const patient = await fetch(`${session.fhirBase}/Patient/p01`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(patient.status).toBe(200);
    expect((await patient.json()).id).toBe('p01');
    const other = await fetch(`${session.fhirBase}/Patient/p02`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(other.status).toBe(403);
    expect((await fetch(`${session.fhirBase}/Patient/p01`)).status).toBe(401);
  });

  it('refuses a code redeemed with the wrong verifier', async () => {
    const start = await fetch(`${app.url}/sandbox/start?patient=p01`, { redirect: 'manual' });
    const launch = new URL(start.headers.get('location') ?? '', app.url).searchParams.get('launch') ?? '';
    const verifier = randomBytes(48).toString('base64url');
    const authorize = await fetch(
      `${app.url}/sandbox/auth/authorize?${new URLSearchParams({
        response_type: 'code',
        client_id: 'leg-symptom-differential',
        redirect_uri: `${app.url}/`,
        scope: 'launch patient/Patient.read',
        state: 's',
        aud: `${app.url}/sandbox/fhir`,
        launch,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      })}`,
      { redirect: 'manual' },
    );
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = await fetch(`${app.url}/sandbox/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${app.url}/`,
        client_id: 'leg-symptom-differential',
        code_verifier: randomBytes(48).toString('base64url'),
      }),
    });
    expect(token.status).toBe(400);
    expect((await token.json()).error).toBe('invalid_grant');
  });

  it('pages a search with next links on the sandbox origin, and applies the launch latency', async () => {
    const session = await launchSandboxSession(app.url, { patient: 'p01', latencyMs: 150 });
    const headers = { authorization: `Bearer ${session.accessToken}` };
    const started = performance.now();
    const first = await (
      await fetch(`${session.fhirBase}/Observation?patient=p01&_count=1`, { headers })
    ).json();
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(first.total).toBeGreaterThan(1);
    const next = first.link.find((l: { relation: string }) => l.relation === 'next')?.url;
    expect(next.startsWith(`${app.url}/sandbox/fhir/Observation?`)).toBe(true);
    const second = await (await fetch(next, { headers })).json();
    expect(second.entry[0].resource.id).not.toBe(first.entry[0].resource.id);
  });
});
