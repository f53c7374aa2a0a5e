import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app-server';

// A production build started without SANDBOX=1 must not expose the sandbox EHR at all: its token
// endpoint and fake patients have no place on a real deployment.

let app: RunningApp;

beforeAll(async () => {
  app = await startApp({ SANDBOX: '' }, '/');
});
afterAll(async () => {
  await app?.stop();
});

const sandboxRoutes: [string, string][] = [
  ['GET', '/sandbox'],
  ['GET', '/sandbox/ehr?launch=anything'],
  ['GET', '/sandbox/start?patient=p01'],
  ['POST', '/sandbox/start'],
  ['POST', '/sandbox/auth/authorize'],
  ['GET', '/sandbox/smart-style.json'],
  ['GET', '/sandbox/auth/pick'],
  ['GET', '/sandbox/stack-floor'],
  ['GET', '/sandbox/auth/authorize?client_id=leg-symptom-differential'],
  ['POST', '/sandbox/auth/token'],
  ['GET', '/sandbox/fhir/metadata'],
  ['GET', '/sandbox/fhir/.well-known/smart-configuration'],
  ['GET', '/sandbox/fhir/Patient/p01'],
  ['GET', '/sandbox/fhir/Observation?patient=p01'],
  ['POST', '/sandbox/fhir/Patient'],
];

describe('a production build without SANDBOX=1', () => {
  it.each(sandboxRoutes)('answers 404 to %s %s', async (method, path) => {
    const response = await fetch(app.url + path, {
      method,
      redirect: 'manual',
      ...(method === 'POST'
        ? { body: 'grant_type=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }
        : {}),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Sandbox EHR');
  });

  it('still serves the app itself', async () => {
    expect((await fetch(`${app.url}/`)).status).toBe(200);
  });
});
