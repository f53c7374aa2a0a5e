import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type CdsServiceDeps, handleDiscovery, handleServiceCall } from '@/lib/cds/service-handler';
import { trustedKeySetUrl } from '@/lib/cds/verify-client-jwt';
import { makeReport } from '../../unit/cds/report-fixture';
import { cdsRequest, fixtureResources, prefetchFromResources, testLabCodes } from './cds-request';

// The EHR signs a JWT per call; we verify it against an allowlisted JWKS
// (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients). The EHR's keys are generated here and
// its JWKS is served by MSW.

const service = 'https://legs.example.org';
const serviceUrl = `${service}/cds-services/leg-symptom-differential`;
const ehrIssuer = 'https://ehr.example.org';
let jwksCounter = 0;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function ehrKeys(kid = 'ehr-key-1') {
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  // A fresh JWKS URL per test: the service caches key sets by URL.
  const jwksUrl = `${ehrIssuer}/jwks-${++jwksCounter}.json`;
  server.use(http.get(jwksUrl, () => HttpResponse.json({ keys: [jwk] })));
  return { privateKey, jwksUrl, kid };
}

interface TokenOptions {
  aud?: string;
  iss?: string;
  jku?: string | null;
  expiresIn?: string;
  jti?: string;
}

let jtiCounter = 0;
async function sign(keys: Awaited<ReturnType<typeof ehrKeys>>, options: TokenOptions = {}) {
  const header: { alg: string; typ: string; kid: string; jku?: string } = {
    alg: 'ES384',
    typ: 'JWT',
    kid: keys.kid,
  };
  if (options.jku !== null) header.jku = options.jku ?? keys.jwksUrl;
  return new SignJWT({ tenant: 'test-tenant' })
    .setProtectedHeader(header)
    .setIssuer(options.iss ?? ehrIssuer)
    .setAudience(options.aud ?? serviceUrl)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '5m')
    .setJti(options.jti ?? `jti-${++jtiCounter}-${Math.random()}`)
    .sign(keys.privateKey);
}

function deps(allowlist: string): CdsServiceDeps {
  return {
    analyze: () => makeReport(),
    labCodes: testLabCodes,
    env: { APP_BASE_URL: service, CDS_JWKS_ALLOWLIST: allowlist },
    fetch: () => Promise.reject(new Error('no FHIR reads expected')),
    now: () => new Date('2026-11-25T12:00:00Z'),
    newId: () => crypto.randomUUID(),
    fhirTimeoutMs: 5000,
  };
}

const body = JSON.stringify(
  cdsRequest('p15', { prefetch: prefetchFromResources(fixtureResources('p15-clean-normal-ferritin.json')) }),
);

function call(token: string | null, allowlist: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return handleServiceCall(new Request(serviceUrl, { method: 'POST', headers, body }), deps(allowlist));
}

describe('verifying the EHR bearer JWT when CDS_JWKS_ALLOWLIST is set', () => {
  it('accepts a token signed with a key from an allowlisted JWKS (jku)', async () => {
    const keys = await ehrKeys();
    const response = await call(await sign(keys), keys.jwksUrl);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ cards: [] });
  });

  it('accepts an allowlisted issuer whose jku is on its own origin', async () => {
    const keys = await ehrKeys();
    const response = await call(await sign(keys), ehrIssuer);
    expect(response.status).toBe(200);
  });

  it('accepts a token without jku from an issuer paired with its out-of-band JWKS', async () => {
    const keys = await ehrKeys();
    const response = await call(await sign(keys, { jku: null }), `${ehrIssuer}|${keys.jwksUrl}`);
    expect(response.status).toBe(200);
  });

  it('refuses a request without a token with 401 and an OperationOutcome', async () => {
    const keys = await ehrKeys();
    const response = await call(null, keys.jwksUrl);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const outcome = await response.json();
    expect(outcome.resourceType).toBe('OperationOutcome');
  });

  it('refuses a token signed by a key that is not in the allowlisted JWKS', async () => {
    const keys = await ehrKeys();
    const impostor = await generateKeyPair('ES384');
    const token = await sign({ ...keys, privateKey: impostor.privateKey });
    expect((await call(token, keys.jwksUrl)).status).toBe(401);
  });

  it('refuses a token whose jku points at a key set that is not allowlisted', async () => {
    const trusted = await ehrKeys();
    const attacker = await ehrKeys('attacker');
    const token = await sign(attacker, { jku: 'https://attacker.example.net/jwks.json', iss: ehrIssuer });
    expect((await call(token, trusted.jwksUrl)).status).toBe(401);
    // An allowlisted issuer does not vouch for keys on another origin.
    expect((await call(token, ehrIssuer)).status).toBe(401);
  });

  it('refuses a token made for another service (aud)', async () => {
    const keys = await ehrKeys();
    const token = await sign(keys, { aud: 'https://other.example.org/cds-services/some-service' });
    expect((await call(token, keys.jwksUrl)).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const keys = await ehrKeys();
    const token = await sign(keys, { expiresIn: '-10m' });
    expect((await call(token, keys.jwksUrl)).status).toBe(401);
  });

  it('refuses an unsigned (alg none) token and an HMAC token', async () => {
    const keys = await ehrKeys();
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { iss: ehrIssuer, aud: serviceUrl, exp: 4e9, iat: 1.7e9, jti: 'x' };
    const unsigned = `${b64({ alg: 'none', typ: 'JWT', jku: keys.jwksUrl })}.${b64(claims)}.`;
    expect((await call(unsigned, keys.jwksUrl)).status).toBe(401);
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', jku: keys.jwksUrl })
      .sign(new TextEncoder().encode('shared-secret-shared-secret-0123'));
    expect((await call(hmac, keys.jwksUrl)).status).toBe(401);
  });

  it('refuses a replayed token (same jti)', async () => {
    const keys = await ehrKeys();
    const token = await sign(keys, { jti: 'replayed-once' });
    expect((await call(token, keys.jwksUrl)).status).toBe(200);
    expect((await call(token, keys.jwksUrl)).status).toBe(401);
  });

  it('checks discovery too, with the discovery URL as audience', async () => {
    const keys = await ehrKeys();
    const discovery = (token: string) =>
      handleDiscovery(
        new Request(`${service}/cds-services`, { headers: { authorization: `Bearer ${token}` } }),
        deps(keys.jwksUrl),
      );
    expect((await discovery(await sign(keys, { aud: `${service}/cds-services` }))).status).toBe(200);
    expect((await discovery(await sign(keys))).status).toBe(401);
  });

  it('does not check tokens when no allowlist is configured', async () => {
    const response = await handleServiceCall(new Request(serviceUrl, { method: 'POST', body }), {
      ...deps(''),
      env: { APP_BASE_URL: service },
    });
    expect(response.status).toBe(200);
  });
});

describe('choosing the key set to trust', () => {
  const clients = [
    { url: 'https://ehr.example.org' },
    { issuer: 'https://b.example', jwksUrl: 'https://keys.b.example/jwks' },
  ];

  it('never trusts a jku on plain http for an allowlisted issuer', () => {
    expect(
      trustedKeySetUrl(
        [{ url: 'http://ehr.example.org' }],
        { jku: 'http://ehr.example.org/jwks' },
        'http://ehr.example.org',
      ),
    ).toBeNull();
  });

  it('uses the pinned JWKS for an issuer without jku, and refuses a different jku for it', () => {
    expect(trustedKeySetUrl(clients, {}, 'https://b.example')).toBe('https://keys.b.example/jwks');
    expect(trustedKeySetUrl(clients, { jku: 'https://b.example/other' }, 'https://b.example')).toBeNull();
  });
});
