import { describe, expect, it } from 'vitest';
import { planLaunch, sessionStorageSupportForReady } from '@/lib/fhir/authorize-params';
import { type LaunchConfig, readLaunchConfig, scopesFor, serverConfigFor } from '@/lib/fhir/launch-config';
import { launchContextFrom } from '@/lib/fhir/launch-context';

const origin = 'https://app.example.org';
const epicIss = 'https://fhir.epic.example/api/FHIR/R4';
const oracleIss = 'https://fhir-ehr.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d';
const sandboxIss = 'http://127.0.0.1:3000/sandbox/fhir';

const twoVendors = JSON.stringify([
  { issMatch: epicIss, clientId: 'epic-client-id', pkceMode: 'unsafeV1' },
  {
    issMatch: '^https://fhir-ehr\\.cerner\\.com/',
    clientId: 'oracle-client-id',
    scopeVersion: 'v2',
    fullSessionStorageSupport: false,
  },
]);

function configOf(env: Record<string, string | undefined>): LaunchConfig {
  const result = readLaunchConfig(env);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.config;
}

describe('launch configuration from the environment', () => {
  it('launches the sandbox with no configuration: default client id, SMART v1 scopes', () => {
    const config = configOf({});
    expect(config).toEqual({
      servers: [{ issMatch: '^', clientId: 'leg-symptom-differential', scopeVersion: 'v1' }],
    });
    const server = serverConfigFor(config, sandboxIss);
    expect(server && scopesFor(server, 'ehr')).toBe(
      'launch openid fhirUser online_access patient/Patient.read patient/Condition.read patient/Observation.read ' +
        'patient/MedicationRequest.read patient/MedicationStatement.read patient/MedicationAdministration.read patient/Medication.read',
    );
  });

  it('asks for SMART v2 .rs scopes and launch/patient for a standalone launch', () => {
    const server = serverConfigFor(configOf({ SMART_SCOPE_VERSION: 'v2' }), sandboxIss);
    expect(server && scopesFor(server, 'standalone')).toBe(
      'launch/patient openid fhirUser online_access patient/Patient.rs patient/Condition.rs patient/Observation.rs ' +
        'patient/MedicationRequest.rs patient/MedicationStatement.rs patient/MedicationAdministration.rs patient/Medication.rs',
    );
  });

  it('picks each EHR its own client id by issMatch, exact URL or regular expression, before the catch-all', () => {
    const config = configOf({ SMART_SERVERS: twoVendors, SMART_CLIENT_ID: 'launcher-id' });
    expect(serverConfigFor(config, `${epicIss}/`)?.clientId).toBe('epic-client-id');
    expect(serverConfigFor(config, oracleIss)?.clientId).toBe('oracle-client-id');
    expect(serverConfigFor(config, 'https://launch.smarthealthit.org/v/r4/fhir')?.clientId).toBe(
      'launcher-id',
    );
  });

  it('rejects invalid settings with a message naming the variable', () => {
    expect(readLaunchConfig({ SMART_SCOPE_VERSION: 'v3' })).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('SMART_SCOPE_VERSION')],
    });
    expect(readLaunchConfig({ SMART_SERVERS: '[{"issMatch": "https://x.example"' })).toEqual({
      ok: false,
      problems: ['SMART_SERVERS: SMART_SERVERS is not valid JSON'],
    });
    const plainHttp = readLaunchConfig({
      SMART_SERVERS: '[{"issMatch":"http://ehr.example/fhir","clientId":"a"}]',
    });
    expect(plainHttp).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('SMART_SERVERS.0.issMatch')],
    });
    const pkceOff = readLaunchConfig({
      SMART_SERVERS: '[{"issMatch":"https://ehr.example/fhir","clientId":"a","pkceMode":"disabled"}]',
    });
    expect(pkceOff).toMatchObject({ ok: false, problems: [expect.stringContaining('pkceMode')] });
    expect(readLaunchConfig({ SMART_DEFAULT_ISS: 'http://ehr.example/fhir' })).toMatchObject({ ok: false });
  });
});

describe('planning the authorize call', () => {
  const config = configOf({ SMART_SERVERS: twoVendors });

  it('hands fhirclient an array of configs with issMatch for an EHR launch, PKCE required by default', () => {
    const plan = planLaunch(config, { iss: sandboxIss, launch: 'abc' }, origin);
    if (!plan.ok || !Array.isArray(plan.params)) throw new Error('expected an array plan');
    expect(plan.kind).toBe('ehr');
    const [epic, oracle, catchAll] = plan.params;
    expect(epic).toMatchObject({
      clientId: 'epic-client-id',
      pkceMode: 'unsafeV1',
      redirectUri: `${origin}/`,
    });
    expect(oracle).toMatchObject({
      clientId: 'oracle-client-id',
      pkceMode: 'required',
      completeInTarget: true,
    });
    expect(oracle?.scope).toContain('patient/Observation.rs');
    expect(catchAll).toMatchObject({ clientId: 'leg-symptom-differential', pkceMode: 'required' });
    expect(catchAll?.scope?.split(' ')[0]).toBe('launch');
    // fhirclient calls issMatch with the URL's iss and uses the first that matches.
    const matchers = plan.params.map((p) => p.issMatch);
    const pick = (iss: string) => matchers.findIndex((m) => typeof m === 'function' && m(iss));
    expect([pick(epicIss), pick(oracleIss), pick(sandboxIss)]).toEqual([0, 1, 2]);
    expect(plan.fullSessionStorageSupport).toBe(true);
  });

  it('keeps the launch state in the URL (no shared sessionStorage slot) for an Oracle Health server configured so', () => {
    const plan = planLaunch(config, { iss: oracleIss, launch: 'abc' }, origin);
    expect(plan).toMatchObject({ ok: true, fullSessionStorageSupport: false });
  });

  it('launches standalone against the default server when no iss is given', () => {
    const withDefault = configOf({ SMART_DEFAULT_ISS: 'https://launch.smarthealthit.org/v/r4/fhir' });
    const plan = planLaunch(withDefault, { iss: null, launch: null }, origin);
    if (!plan.ok || Array.isArray(plan.params)) throw new Error('expected a single config');
    expect(plan.kind).toBe('standalone');
    expect(plan.params.iss).toBe('https://launch.smarthealthit.org/v/r4/fhir');
    expect(plan.params.scope?.split(' ')[0]).toBe('launch/patient');
  });

  it('does not launch without a server, or against a server reached over plain http', () => {
    expect(planLaunch(config, { iss: null, launch: null }, origin)).toEqual({
      ok: false,
      reason: 'no-server',
    });
    expect(planLaunch(config, { iss: 'http://ehr.example/fhir', launch: 'x' }, origin)).toEqual({
      ok: false,
      reason: 'insecure-server',
    });
  });
});

describe('completing the launch on the redirect page', () => {
  const config = configOf({ SMART_SERVERS: twoVendors });
  const storage = (items: Record<string, string>) => ({ getItem: (key: string) => items[key] ?? null });

  it('turns full sessionStorage support off when the state in the URL belongs to an Oracle Health launch', () => {
    const url = new URL(`${origin}/?code=c&state=k1`);
    expect(
      sessionStorageSupportForReady(config, url, storage({ k1: JSON.stringify({ serverUrl: oracleIss }) })),
    ).toBe(false);
  });

  it('keeps fhirclient defaults for other servers and for reloads without state', () => {
    const url = new URL(`${origin}/?code=c&state=k1`);
    expect(
      sessionStorageSupportForReady(config, url, storage({ k1: JSON.stringify({ serverUrl: epicIss }) })),
    ).toBe(true);
    expect(sessionStorageSupportForReady(config, new URL(`${origin}/`), storage({}))).toBe(true);
    expect(sessionStorageSupportForReady(config, url, storage({ k1: 'not json' }))).toBe(true);
  });

  it('shows the patient banner unless the EHR says it shows its own', () => {
    expect(launchContextFrom({ patient: 'p1' })).toEqual({
      patientId: 'p1',
      showPatientBanner: true,
      smartStyleUrl: null,
      intent: null,
    });
    expect(
      launchContextFrom({
        patient: 'p1',
        need_patient_banner: false,
        smart_style_url: 'https://ehr.example/style.json',
        intent: 'reconcile-medications',
      }),
    ).toEqual({
      patientId: 'p1',
      showPatientBanner: false,
      smartStyleUrl: 'https://ehr.example/style.json',
      intent: 'reconcile-medications',
    });
    expect(launchContextFrom({}).patientId).toBeNull();
  });
});
