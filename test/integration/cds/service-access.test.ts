import { afterEach, describe, expect, it, vi } from 'vitest';
import { corsPreflight, handleDiscovery, handleServiceCall, maxBodyBytes } from '@/lib/cds/service-handler';
import { makeReport } from '../../unit/cds/report-fixture';
import {
  cdsRequest,
  fhirAuthorization,
  fixtureResources,
  prefetchFromResources,
  testLabCodes,
} from './cds-request';

// Who may call the service and what it then reads, played as an attacker would: production with
// nothing configured, a broken configuration, the demo sandbox, CORS from other web pages, and
// bodies too large to read.

const origin = 'http://127.0.0.1:4321';
const serviceUrl = `${origin}/cds-services/leg-symptom-differential`;

afterEach(() => vi.restoreAllMocks());

function depsWith(env: Record<string, string | undefined>, fetched: string[] = []) {
  return {
    analyze: () => makeReport(),
    labCodes: testLabCodes,
    env,
    fetch: async (input: Parameters<typeof fetch>[0]) => {
      fetched.push(String(input));
      return new Response(null, { status: 404 });
    },
    now: () => new Date('2026-11-25T12:00:00Z'),
    newId: () => crypto.randomUUID(),
    fhirTimeoutMs: 5000,
  };
}

const p15Prefetch = prefetchFromResources(fixtureResources('p15-clean-normal-ferritin.json'));

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request(serviceUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('production with no trusted CDS client configured', () => {
  const production = { NODE_ENV: 'production' };

  it('refuses a call with 403 and an OperationOutcome, reads nothing, and says why in the log once', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const fetched: string[] = [];
    const call = () =>
      handleServiceCall(
        post(cdsRequest('p01', { fhirServer: 'http://127.0.0.1:9/fhir', fhirAuthorization })),
        depsWith(production, fetched),
      );
    const response = await call();
    expect(response.status).toBe(403);
    const outcome = await response.json();
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].code).toBe('security');
    await call();
    expect(fetched).toEqual([]);
    const messages = errors.mock.calls.map((args) => String(args[0]));
    expect(messages.filter((m) => m.includes('CDS_CLIENTS'))).toHaveLength(1);
  });

  it('refuses discovery too', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const response = await handleDiscovery(new Request(`${origin}/cds-services`), depsWith(production));
    expect(response.status).toBe(403);
  });
});

describe('a configuration error', () => {
  it('is logged with the setting at fault; the caller gets a generic 500 without the allowlist', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const env = { NODE_ENV: 'production', CDS_JWKS_ALLOWLIST: 'https://ehr.example.org/jwks|secret-entry' };
    const response = await handleServiceCall(
      post(cdsRequest('p01', { prefetch: p15Prefetch })),
      depsWith(env),
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('ehr.example.org');
    expect(text).not.toContain('CDS_JWKS_ALLOWLIST');
    expect(JSON.parse(text).issue[0].diagnostics).toBe('the CDS service is not configured correctly');
    expect(errors.mock.calls.map((args) => String(args[0])).join('\n')).toContain('CDS_JWKS_ALLOWLIST');
  });
});

describe('the demo sandbox (SANDBOX=1, no client configured)', () => {
  // As `next start -H 127.0.0.1` records it (lib/sandbox/startup-check.ts).
  const sandbox = { NODE_ENV: 'production', SANDBOX: '1', __NEXT_PRIVATE_ORIGIN: origin };

  it('is off, and the service closed, on a production server not bound to loopback', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const publicBind = { ...sandbox, __NEXT_PRIVATE_ORIGIN: 'http://localhost:3000' };
    const response = await handleServiceCall(
      post(cdsRequest('p15', { prefetch: p15Prefetch })),
      depsWith(publicBind),
    );
    expect(response.status).toBe(403);
  });

  it('answers an unauthenticated call from its prefetch', async () => {
    const response = await handleServiceCall(
      post(cdsRequest('p15', { prefetch: p15Prefetch })),
      depsWith(sandbox),
    );
    expect(response.status).toBe(200);
  });

  it('reads from the sandbox FHIR base of this server only', async () => {
    const fetched: string[] = [];
    const { labObservations: _labs, ironLabObservations: _iron, ...rest } = p15Prefetch;
    await handleServiceCall(
      post(cdsRequest('p15', { prefetch: rest, fhirServer: `${origin}/sandbox/fhir`, fhirAuthorization })),
      depsWith(sandbox, fetched),
    );
    // The missing lab search, and the CapabilityStatement the one reader asks for in the same wave.
    expect(fetched.every((url) => url.startsWith(`${origin}/sandbox/fhir/`))).toBe(true);
    // The two lab searches left out of the prefetch (ferritin and TSAT on their own, and the rest).
    const searches = fetched.filter((url) => !url.endsWith('/metadata'));
    expect(searches).toHaveLength(2);
    for (const url of searches)
      expect(url.startsWith(`${origin}/sandbox/fhir/Observation?patient=p15&`)).toBe(true);
  });

  it.each([
    ['another loopback port', 'http://127.0.0.1:9/sandbox/fhir'],
    ['the cloud metadata address', 'http://169.254.169.254/latest'],
    ['a public server', 'https://ehr.example.org/fhir'],
    ['the sandbox base with userinfo', 'http://user:pw@127.0.0.1:4321/sandbox/fhir'],
    ['the sandbox base with a query', 'http://127.0.0.1:4321/sandbox/fhir?x=1'],
    ['another path of this server', `${origin}/cds-services`],
  ])('reads nothing from %s, and answers from the prefetch', async (_label, fhirServer) => {
    const fetched: string[] = [];
    const { labObservations: _labs, ironLabObservations: _iron, ...rest } = p15Prefetch;
    const response = await handleServiceCall(
      post(cdsRequest('p15', { prefetch: rest, fhirServer, fhirAuthorization })),
      depsWith(sandbox, fetched),
    );
    expect(response.status).toBe(200);
    expect(fetched).toEqual([]);
  });

  it('does not take the sandbox base from a Host header the caller sets', async () => {
    const fetched: string[] = [];
    await handleServiceCall(
      post(cdsRequest('p15', { fhirServer: 'http://169.254.169.254/sandbox/fhir', fhirAuthorization }), {
        host: '169.254.169.254',
        'x-forwarded-host': '169.254.169.254',
      }),
      depsWith(sandbox, fetched),
    );
    expect(fetched).toEqual([]);
  });
});

describe('development (not production, no client configured)', () => {
  it('answers from the prefetch and reads no fhirServer at all', async () => {
    const fetched: string[] = [];
    const response = await handleServiceCall(
      post(
        cdsRequest('p15', {
          prefetch: p15Prefetch,
          fhirServer: 'https://ehr.example.org/fhir',
          fhirAuthorization,
        }),
      ),
      depsWith({ NODE_ENV: 'development' }, fetched),
    );
    expect(response.status).toBe(200);
    expect(fetched).toEqual([]);
  });
});

describe('CORS', () => {
  const env = { NODE_ENV: 'development', CDS_CORS_ORIGINS: 'https://sandbox.cds-hooks.org' };

  it('answers a configured browser origin, preflight included', async () => {
    const headers = { origin: 'https://sandbox.cds-hooks.org' };
    const response = await handleServiceCall(
      post(cdsRequest('p15', { prefetch: p15Prefetch }), headers),
      depsWith(env),
    );
    expect(response.headers.get('access-control-allow-origin')).toBe('https://sandbox.cds-hooks.org');
    const preflight = corsPreflight(new Request(serviceUrl, { method: 'OPTIONS', headers }), { env });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://sandbox.cds-hooks.org');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('gives any other web page no CORS headers, so its script cannot read the answer', async () => {
    const headers = { origin: 'https://attacker.example' };
    const response = await handleServiceCall(
      post(cdsRequest('p15', { prefetch: p15Prefetch }), headers),
      depsWith(env),
    );
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = corsPreflight(new Request(serviceUrl, { method: 'OPTIONS', headers }), { env });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const unconfigured = corsPreflight(new Request(serviceUrl, { method: 'OPTIONS', headers }), { env: {} });
    expect(unconfigured.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request body limits', () => {
  const env = { NODE_ENV: 'development' };

  /** A chunked body of `total` bytes that counts how much of it was read. */
  function countingBody(total: number, chunk = 1024 * 1024) {
    const counter = { pulled: 0 };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (counter.pulled >= total) return controller.close();
        counter.pulled += chunk;
        controller.enqueue(new Uint8Array(chunk).fill(0x20));
      },
    });
    return { stream, counter };
  }

  it('refuses a 64 MB chunked body with 413 after reading just past the 10 MB cap', async () => {
    const { stream, counter } = countingBody(64 * 1024 * 1024);
    const request = new Request(serviceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const response = await handleServiceCall(request, depsWith(env));
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(counter.pulled).toBeGreaterThan(maxBodyBytes);
    expect(counter.pulled).toBeLessThan(maxBodyBytes + 4 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading the body', async () => {
    const { stream, counter } = countingBody(64 * 1024 * 1024);
    const request = new Request(serviceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const response = await handleServiceCall(request, depsWith(env));
    expect(response.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(1024 * 1024);
  });
});
