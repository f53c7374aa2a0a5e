import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app-server';

// A production build started without SANDBOX=1 must not expose the sandbox EHR at all: its token
// endpoint and fake patients have no place on a real deployment, and Medplum's FHIR server
// packages must not even be loaded into the process.

let app: RunningApp;
const recordDir = mkdtempSync(join(tmpdir(), 'packages-'));
const recordFile = join(recordDir, 'resolved.txt');

beforeAll(async () => {
  const hook = pathToFileURL(join(import.meta.dirname, '..', 'support', 'record-packages.mjs')).href;
  app = await startApp(
    { SANDBOX: '', NODE_OPTIONS: `--import ${hook}`, RECORD_PACKAGES_FILE: recordFile },
    '/',
  );
});
afterAll(async () => {
  await app?.stop();
  rmSync(recordDir, { recursive: true, force: true });
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

  it('never loads Medplum’s server packages, even after every sandbox route was asked for', async () => {
    for (const [method, path] of sandboxRoutes) await fetch(app.url + path, { method, redirect: 'manual' });
    const resolved = readFileSync(recordFile, 'utf8').split('\n').filter(Boolean);
    // The recorder sees the packages Next itself loads, so an empty list would prove nothing.
    expect(resolved).toContain('styled-jsx/style');
    expect(resolved.filter((name) => name.startsWith('@medplum/'))).toEqual([]);
  });
});
