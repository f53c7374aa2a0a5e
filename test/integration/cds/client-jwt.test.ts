import { generateKeyPair, SignJWT } from 'jose';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryReplayCache } from '@/lib/cds/replay-cache';
import { type CdsServiceDeps, handleDiscovery, handleServiceCall } from '@/lib/cds/service-handler';
import { trustedKeySetUrl, verifyClientJwt } from '@/lib/cds/verify-client-jwt';
import { makeReport } from '../../unit/cds/report-fixture';
import { cdsRequest, fixtureResources, prefetchFromResources, testLabCodes } from './cds-request';
import {
  type EhrKeys,
  ehrIssuer,
  ehrKeys as keysServedBy,
  signCallToken,
  type TokenOptions,
} from './ehr-jwt';

// The EHR signs a JWT per call; we verify it against an allowlisted JWKS
// (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients). The EHR's keys are generated here and
// its JWKS is served by MSW.

const service = 'https://legs.example.org';
const serviceUrl = `${service}/cds-services/leg-symptom-differential`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ehrKeys = (kid?: string) => keysServedBy(server, kid);
const sign = (keys: EhrKeys, options: Partial<TokenOptions> = {}) =>
  signCallToken(keys, { aud: serviceUrl, ...options });

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

  it('does not check tokens outside production when no client is configured (development)', async () => {
    const response = await handleServiceCall(new Request(serviceUrl, { method: 'POST', body }), {
      ...deps(''),
      env: { APP_BASE_URL: service, NODE_ENV: 'development' },
    });
    expect(response.status).toBe(200);
  });

  it('refuses a token issued more than five minutes ago, even if it has not expired', async () => {
    const keys = await ehrKeys();
    const token = await sign(keys, { issuedAt: Math.floor(Date.now() / 1000) - 10 * 60, expiresIn: '1m' });
    const response = await call(token, keys.jwksUrl);
    expect(response.status).toBe(401);
    expect((await response.json()).issue[0].diagnostics).toContain('JWT rejected');
  });

  it('refuses a token that expires more than five minutes from now', async () => {
    const keys = await ehrKeys();
    const response = await call(await sign(keys, { expiresIn: '1h' }), keys.jwksUrl);
    expect(response.status).toBe(401);
    expect((await response.json()).issue[0].diagnostics).toContain('5 minutes');
  });

  it('checks typ when the header has one, and accepts a token without it', async () => {
    const keys = await ehrKeys();
    expect((await call(await sign(keys, { typ: 'at+jwt' }), keys.jwksUrl)).status).toBe(401);
    expect((await call(await sign(keys, { typ: null }), keys.jwksUrl)).status).toBe(200);
    expect((await call(await sign(keys, { typ: 'jwt' }), keys.jwksUrl)).status).toBe(200);
  });
});

describe('the replay cache', () => {
  const audience = serviceUrl;

  it('refuses new tokens when it is full of live ones, rather than forgetting one that could be replayed', async () => {
    const keys = await ehrKeys();
    const replayCache = new MemoryReplayCache(2);
    const verify = async () =>
      verifyClientJwt(`Bearer ${await sign(keys)}`, {
        clients: [{ url: keys.jwksUrl }],
        audience,
        replayCache,
      });
    expect((await verify()).ok).toBe(true);
    expect((await verify()).ok).toBe(true);
    expect(await verify()).toEqual({ ok: false, reason: 'too many live tokens to check for replay' });
    expect(replayCache.size).toBe(2);
  });

  it('makes room once the tokens it holds have expired', () => {
    const cache = new MemoryReplayCache(1);
    expect(cache.remember('a', 1000, 900)).toBe('new');
    expect(cache.remember('a', 1000, 950)).toBe('replayed');
    expect(cache.remember('b', 2000, 950)).toBe('full');
    expect(cache.remember('b', 2000, 1001)).toBe('new');
  });

  it('awaits a shared store behind the same interface', async () => {
    const keys = await ehrKeys();
    const shared = new Set<string>();
    const replayCache = {
      remember: async (id: string) => {
        if (shared.has(id)) return 'replayed' as const;
        shared.add(id);
        return 'new' as const;
      },
    };
    const token = await sign(keys);
    const options = { clients: [{ url: keys.jwksUrl }], audience, replayCache };
    expect((await verifyClientJwt(`Bearer ${token}`, options)).ok).toBe(true);
    expect(await verifyClientJwt(`Bearer ${token}`, options)).toMatchObject({ ok: false });
    expect([...shared][0]).toMatch(/^https:\/\/ehr\.example\.org:jti-/);
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

  it('never fetches a key set over plain http, even one equal to an allowlist entry', () => {
    expect(
      trustedKeySetUrl(
        [{ url: 'http://ehr.example.org/jwks' }],
        { jku: 'http://ehr.example.org/jwks' },
        undefined,
      ),
    ).toBeNull();
    expect(
      trustedKeySetUrl(
        [{ issuer: 'https://b.example', jwksUrl: 'http://keys.b.example/jwks' }],
        {},
        'https://b.example',
      ),
    ).toBeNull();
  });

  it('uses the pinned JWKS for an issuer without jku, and refuses a different jku for it', () => {
    expect(trustedKeySetUrl(clients, {}, 'https://b.example')).toBe('https://keys.b.example/jwks');
    expect(trustedKeySetUrl(clients, { jku: 'https://b.example/other' }, 'https://b.example')).toBeNull();
  });
});
