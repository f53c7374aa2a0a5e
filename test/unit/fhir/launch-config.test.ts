import { describe, expect, it } from 'vitest';
import { checkSignIn, planLaunch, sessionStorageSupportForReady } from '@/lib/fhir/authorize-params';
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
  it('with no configuration launches nothing: no server, not even a catch-all', () => {
    const config = configOf({});
    expect(config).toEqual({ servers: [] });
    expect(serverConfigFor(config, 'https://attacker.example/fhir', origin)).toBeUndefined();
    expect(serverConfigFor(config, sandboxIss, 'http://127.0.0.1:3000')).toBeUndefined();
  });

  it('launches the embedded sandbox on its own origin with SANDBOX=1: default client id, SMART v1 scopes', () => {
    const config = configOf({ SANDBOX: '1' });
    const server = serverConfigFor(config, sandboxIss, 'http://127.0.0.1:3000');
    expect(server?.clientId).toBe('leg-symptom-differential');
    expect(server && scopesFor(server, 'ehr')).toBe(
      'launch online_access patient/Patient.read patient/Condition.read patient/Observation.read ' +
        'patient/MedicationRequest.read patient/MedicationStatement.read patient/MedicationAdministration.read patient/Medication.read',
    );
    // Another origin's /sandbox/fhir is not this app's sandbox.
    expect(
      serverConfigFor(config, 'https://attacker.example/sandbox/fhir', 'http://127.0.0.1:3000'),
    ).toBeUndefined();
  });

  it('asks for SMART v2 .rs scopes and launch/patient for a standalone launch', () => {
    const server = serverConfigFor(
      configOf({ SMART_SCOPE_VERSION: 'v2', SANDBOX: '1' }),
      sandboxIss,
      'http://127.0.0.1:3000',
    );
    expect(server && scopesFor(server, 'standalone')).toBe(
      'launch/patient online_access patient/Patient.rs patient/Condition.rs patient/Observation.rs ' +
        'patient/MedicationRequest.rs patient/MedicationStatement.rs patient/MedicationAdministration.rs patient/Medication.rs',
    );
  });

  it('picks each EHR its own client id by issMatch, exact URL or anchored pattern', () => {
    const config = configOf({ SMART_SERVERS: twoVendors });
    expect(serverConfigFor(config, `${epicIss}/`, origin)?.clientId).toBe('epic-client-id');
    expect(serverConfigFor(config, oracleIss, origin)?.clientId).toBe('oracle-client-id');
    expect(
      serverConfigFor(config, 'https://fhir-ehr.cerner.com.attacker.example/r4/x', origin),
    ).toBeUndefined();
    expect(serverConfigFor(config, 'https://launch.smarthealthit.org/v/r4/fhir', origin)).toBeUndefined();
  });

  it('adds the public SMART launcher only when SMART_LAUNCHER=1, with SMART_CLIENT_ID', () => {
    const launcherIss = 'https://launch.smarthealthit.org/v/r4/sim/eyJoIjoiMSIsImoiOiIxIn0/fhir';
    const config = configOf({ SMART_LAUNCHER: '1', SMART_CLIENT_ID: 'launcher-id' });
    expect(serverConfigFor(config, launcherIss, origin)?.clientId).toBe('launcher-id');
    expect(serverConfigFor(config, 'https://launch.smarthealthit.org/v/r4/fhir', origin)?.clientId).toBe(
      'launcher-id',
    );
    expect(
      serverConfigFor(config, 'https://launch.smarthealthit.org/v/r4/../../evil/fhir', origin),
    ).toBeUndefined();
    expect(serverConfigFor(configOf({}), launcherIss, origin)).toBeUndefined();
  });

  it.each([
    ['an unanchored pattern', '^https://fhir\\.epic\\.com'],
    ['a pattern with an unescaped dot in its host', '^https://fhir.epic.com/'],
    ['a pattern whose host is itself a pattern', '^https://[a-z]+\\.example/'],
    ['a top-level alternation', '^https://fhir\\.epic\\.com/|attacker'],
    ['a plain-http pattern', '^http://fhir\\.epic\\.com/'],
    ['a pattern without ^https://', '.*'],
  ])('refuses %s as issMatch', (_label, issMatch) => {
    const result = readLaunchConfig({ SMART_SERVERS: JSON.stringify([{ issMatch, clientId: 'a' }]) });
    expect(result).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('SMART_SERVERS.0.issMatch')],
    });
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
    expect(readLaunchConfig({ SMART_LAUNCHER: 'yes' })).toMatchObject({ ok: false });
  });
});

describe('planning the authorize call', () => {
  const config = configOf({ SMART_SERVERS: twoVendors });

  it('hands fhirclient one config for the matched server, PKCE as configured, never redirecting itself', () => {
    const plan = planLaunch(config, { iss: epicIss, launch: 'abc' }, origin);
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.kind).toBe('ehr');
    expect(plan.params).toMatchObject({
      iss: epicIss,
      clientId: 'epic-client-id',
      pkceMode: 'unsafeV1',
      redirectUri: `${origin}/`,
      completeInTarget: true,
      noRedirect: true,
    });
    expect(plan.params.scope?.split(' ')[0]).toBe('launch');
    const oracle = planLaunch(config, { iss: oracleIss, launch: 'abc' }, origin);
    expect(oracle).toMatchObject({
      ok: true,
      params: { clientId: 'oracle-client-id', pkceMode: 'required' },
    });
    expect(oracle.ok && oracle.params.scope).toContain('patient/Observation.rs');
    expect(plan.fullSessionStorageSupport).toBe(true);
  });

  it('keeps the launch state in the URL (no shared sessionStorage slot) for an Oracle Health server configured so', () => {
    const plan = planLaunch(config, { iss: oracleIss, launch: 'abc' }, origin);
    expect(plan).toMatchObject({ ok: true, fullSessionStorageSupport: false });
  });

  it('launches standalone against the default server when no iss is given', () => {
    const withDefault = configOf({ SMART_DEFAULT_ISS: epicIss, SMART_SERVERS: twoVendors });
    const plan = planLaunch(withDefault, { iss: null, launch: null }, origin);
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.kind).toBe('standalone');
    expect(plan.params.iss).toBe(epicIss);
    expect(plan.params.scope?.split(' ')[0]).toBe('launch/patient');
  });

  it('does not launch without a server, against plain http, or against a server nobody configured', () => {
    expect(planLaunch(config, { iss: null, launch: null }, origin)).toEqual({
      ok: false,
      reason: 'no-server',
    });
    expect(planLaunch(config, { iss: 'http://ehr.example/fhir', launch: 'x' }, origin)).toEqual({
      ok: false,
      reason: 'insecure-server',
    });
    expect(planLaunch(config, { iss: 'https://attacker.example/fhir', launch: 'x' }, origin)).toEqual({
      ok: false,
      reason: 'not-configured',
    });
  });

  it.each(['clientId', 'fhirServiceUrl', 'patientId'])(
    'refuses a launch URL that carries %s, even for a configured server',
    (name) => {
      const searchParams = new URLSearchParams({
        iss: epicIss,
        launch: 'x',
        [name]: 'https://attacker.example/x',
      });
      expect(planLaunch(config, { iss: epicIss, launch: 'x', searchParams }, origin)).toEqual({
        ok: false,
        reason: 'unsafe-launch-url',
      });
    },
  );
});

describe('checking the sign-in fhirclient discovered', () => {
  const config = configOf({
    SMART_SERVERS: JSON.stringify([
      { issMatch: epicIss, clientId: 'epic' },
      {
        issMatch: '^https://fhir-ehr\\.cerner\\.com/',
        clientId: 'oracle',
        authServers: ['https://authorization.cerner.com'],
      },
    ]),
  });
  const planFor = (iss: string) => {
    const plan = planLaunch(config, { iss, launch: 'L' }, origin);
    if (!plan.ok) throw new Error('plan');
    return plan;
  };
  const storageWith = (state: Record<string, unknown>) => ({
    getItem: (key: string) => (key === 'k1' ? JSON.stringify(state) : null),
  });
  const redirectTo = (authorizeUri: string) => `${authorizeUri}?response_type=code&state=k1`;

  it('accepts endpoints on the issuer origin, or on a listed auth server', () => {
    const epicAuth = 'https://fhir.epic.example/oauth2/authorize';
    const epic = checkSignIn(
      redirectTo(epicAuth),
      planFor(epicIss),
      storageWith({ authorizeUri: epicAuth, tokenUri: 'https://fhir.epic.example/oauth2/token' }),
    );
    expect(epic).toEqual({ ok: true, authorizeUrl: redirectTo(epicAuth) });
    const oracleAuth =
      'https://authorization.cerner.com/tenants/t/protocols/oauth2/profiles/smart-v1/personas/provider/authorize';
    const oracle = checkSignIn(
      redirectTo(oracleAuth),
      planFor(oracleIss),
      storageWith({ authorizeUri: oracleAuth, tokenUri: 'https://authorization.cerner.com/tenants/t/token' }),
    );
    expect(oracle.ok).toBe(true);
  });

  it('refuses a token endpoint elsewhere: the code and the PKCE verifier would be posted there', () => {
    const epicAuth = 'https://fhir.epic.example/oauth2/authorize';
    const result = checkSignIn(
      redirectTo(epicAuth),
      planFor(epicIss),
      storageWith({ authorizeUri: epicAuth, tokenUri: 'https://attacker.example/token' }),
    );
    expect(result).toEqual({ ok: false, reason: 'untrusted-endpoint', stateKey: 'k1' });
  });

  it('refuses an authorize endpoint elsewhere (a phishing sign-in page)', () => {
    const fake = 'https://attacker.example/authorize';
    const result = checkSignIn(
      redirectTo(fake),
      planFor(epicIss),
      storageWith({ authorizeUri: fake, tokenUri: 'https://fhir.epic.example/oauth2/token' }),
    );
    expect(result).toMatchObject({ ok: false, reason: 'untrusted-endpoint' });
  });

  it('refuses a server that publishes no OAuth endpoints (fhirclient would open it with no sign-in)', () => {
    const result = checkSignIn(`${origin}/?state=k1`, planFor(epicIss), storageWith({ serverUrl: epicIss }));
    expect(result).toMatchObject({ ok: false, reason: 'no-authorization' });
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
