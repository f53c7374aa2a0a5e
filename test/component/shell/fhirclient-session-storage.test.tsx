import BrowserAdapter from 'fhirclient/lib/adapters/BrowserAdapter';
import type { fhirclient } from 'fhirclient/lib/types';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkSignIn, planLaunch, sessionStorageSupportForReady } from '@/lib/fhir/authorize-params';
import { readLaunchConfig } from '@/lib/fhir/launch-config';

// Oracle Health PowerChart may share sessionStorage between app instances: with
// fullSessionStorageSupport off, fhirclient keys the launch by the URL's `state` only.
// https://fhir.cerner.com/smart/#html5-session-storage

const oracleIss = 'https://fhir-ehr.cerner.example/r4/ec2458f2';
const authServer = 'https://authorization.cerner.example/tenants/ec2458f2/protocols/oauth2/profiles/smart-v1';

const server = setupServer(
  http.get(`${oracleIss}/.well-known/smart-configuration`, () =>
    HttpResponse.json({
      authorization_endpoint: `${authServer}/personas/provider/authorize`,
      token_endpoint: `${authServer}/token`,
      code_challenge_methods_supported: ['S256'],
    }),
  ),
  http.post(`${authServer}/token`, () =>
    HttpResponse.json({
      access_token: 'at',
      token_type: 'Bearer',
      expires_in: 570,
      scope: 'launch patient/Patient.read',
      patient: '12724066',
      refresh_token: 'rt',
    }),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sessionStorage.clear();
});
afterAll(() => server.close());

const result = readLaunchConfig({
  SMART_SERVERS: JSON.stringify([
    {
      issMatch: '^https://fhir-ehr\\.cerner\\.example/',
      clientId: 'oracle-id',
      fullSessionStorageSupport: false,
      authServers: ['https://authorization.cerner.example'],
    },
  ]),
});
if (!result.ok) throw new Error('config');
const config = result.config;

async function launchAndReturn(fullSessionStorageSupport: boolean) {
  window.history.replaceState({}, '', `/launch?iss=${encodeURIComponent(oracleIss)}&launch=L1`);
  const plan = planLaunch(config, { iss: oracleIss, launch: 'L1' }, window.location.origin);
  if (!plan.ok) throw new Error('plan');
  const launcher = new BrowserAdapter({ fullSessionStorageSupport });
  const authorize = launcher.getSmartApi().authorize as (p: fhirclient.AuthorizeParams) => Promise<unknown>;
  const returned = await authorize(plan.params);
  // The app goes to the authorize URL only after checking it and the token endpoint in the state.
  const signIn = checkSignIn(returned, plan, sessionStorage);
  if (!signIn.ok) throw new Error(`sign-in refused: ${signIn.reason}`);
  const redirect = new URL(signIn.authorizeUrl);
  const state = redirect.searchParams.get('state') ?? '';
  const sharedSlotAfterLaunch = sessionStorage.getItem('SMART_KEY');
  // The EHR redirects back to the app with the code and the state.
  window.history.replaceState({}, '', `/?code=C1&state=${state}`);
  const readySetting = sessionStorageSupportForReady(config, new URL(window.location.href), sessionStorage);
  const client = await new BrowserAdapter({ fullSessionStorageSupport: readySetting }).getSmartApi().ready();
  return { redirect, state, sharedSlotAfterLaunch, readySetting, client };
}

describe('fhirclient with fullSessionStorageSupport off (Oracle Health PowerChart)', () => {
  it('keeps the launch keyed by the state in the URL and never writes the shared SMART_KEY slot', async () => {
    const plan = planLaunch(config, { iss: oracleIss, launch: 'L1' }, 'https://app.example');
    expect(plan).toMatchObject({ ok: true, fullSessionStorageSupport: false });

    const { redirect, state, sharedSlotAfterLaunch, readySetting, client } = await launchAndReturn(false);
    expect(redirect.origin + redirect.pathname).toBe(`${authServer}/personas/provider/authorize`);
    expect(redirect.searchParams.get('client_id')).toBe('oracle-id');
    expect(redirect.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sharedSlotAfterLaunch).toBeNull();
    expect(readySetting).toBe(false);
    expect(client.patient.id).toBe('12724066');
    // The state stays in the URL so a reload finds this instance's session, not another's.
    expect(new URL(window.location.href).searchParams.get('state')).toBe(state);
    expect(new URL(window.location.href).searchParams.has('code')).toBe(false);
    expect(sessionStorage.getItem('SMART_KEY')).toBeNull();
  });

  it('contrast: the default mode stores the key in the shared slot and drops state from the URL', async () => {
    window.history.replaceState({}, '', '/');
    const launcher = new BrowserAdapter({ fullSessionStorageSupport: true });
    const redirect = new URL(
      String(
        await launcher.getSmartApi().authorize({
          iss: oracleIss,
          clientId: 'x',
          scope: 'launch/patient',
          redirectUri: '/',
          noRedirect: true,
        }),
      ),
    );
    const state = redirect.searchParams.get('state');
    expect(sessionStorage.getItem('SMART_KEY')).toBe(JSON.stringify(state));
  });
});
