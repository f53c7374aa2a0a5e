import { describe, expect, it } from 'vitest';
import { parseCdsConfig } from '@/lib/cds/config';

describe('CDS service configuration', () => {
  it('defaults to the request origin and no token check', () => {
    const none = { appBaseUrl: null, trustedClients: null, corsOrigins: [] };
    expect(parseCdsConfig({})).toEqual({ ok: true, config: none });
    expect(parseCdsConfig({ APP_BASE_URL: ' ', CDS_JWKS_ALLOWLIST: '', CDS_CLIENTS: ' ' })).toEqual({
      ok: true,
      config: none,
    });
  });

  it('reads APP_BASE_URL without its trailing slash', () => {
    const result = parseCdsConfig({ APP_BASE_URL: 'https://legs.example.org/app/' });
    expect(result.ok && result.config.appBaseUrl).toBe('https://legs.example.org/app');
  });

  it('reads JWKS URLs, issuers and issuer|JWKS pairs from CDS_JWKS_ALLOWLIST', () => {
    const result = parseCdsConfig({
      CDS_JWKS_ALLOWLIST: 'https://ehr.example.org/jwks.json , https://b.example|https://keys.b.example/jwks',
    });
    expect(result.ok && result.config.trustedClients).toEqual([
      { url: 'https://ehr.example.org/jwks.json' },
      { issuer: 'https://b.example', jwksUrl: 'https://keys.b.example/jwks' },
    ]);
  });

  it('reads CDS_CLIENTS: each client with the FHIR servers it may name', () => {
    const result = parseCdsConfig({
      CDS_CLIENTS: JSON.stringify([
        {
          issuer: 'https://ehr.example.org',
          jwksUrl: 'https://ehr.example.org/jwks.json',
          fhirServers: [
            'https://fhir.ehr.example.org/R4/',
            { url: 'https://fhir.intranet.example/r4', privateNetwork: true },
          ],
        },
        { issuer: 'https://b.example' },
      ]),
    });
    expect(result.ok && result.config.trustedClients).toEqual([
      {
        issuer: 'https://ehr.example.org',
        jwksUrl: 'https://ehr.example.org/jwks.json',
        fhirServers: [
          { url: 'https://fhir.ehr.example.org/R4', privateNetwork: false },
          { url: 'https://fhir.intranet.example/r4', privateNetwork: true },
        ],
      },
      { url: 'https://b.example', fhirServers: [] },
    ]);
  });

  it('refuses a FHIR server with userinfo, a query or a fragment, and a client field it does not know', () => {
    const clients = (fhirServers: unknown[], extra = {}) =>
      parseCdsConfig({
        CDS_CLIENTS: JSON.stringify([{ issuer: 'https://ehr.example.org', fhirServers, ...extra }]),
      });
    expect(clients(['https://user:pw@fhir.example/r4']).ok).toBe(false);
    expect(clients(['https://fhir.example/r4?tenant=1']).ok).toBe(false);
    expect(clients(['https://fhir.example/r4#x']).ok).toBe(false);
    expect(clients(['ftp://fhir.example/r4']).ok).toBe(false);
    expect(clients([], { allowAll: true }).ok).toBe(false);
    expect(parseCdsConfig({ CDS_CLIENTS: '{not json' })).toMatchObject({ ok: false });
  });

  it('fetches key sets over https only', () => {
    expect(parseCdsConfig({ CDS_JWKS_ALLOWLIST: 'http://ehr.example.org/jwks.json' }).ok).toBe(false);
    expect(parseCdsConfig({ CDS_JWKS_ALLOWLIST: 'https://b.example|http://keys.b.example/jwks' }).ok).toBe(
      false,
    );
    expect(
      parseCdsConfig({
        CDS_CLIENTS: JSON.stringify([{ issuer: 'https://b.example', jwksUrl: 'http://b.example/k' }]),
      }).ok,
    ).toBe(false);
  });

  it('reads CORS origins as origins, https or loopback only', () => {
    const result = parseCdsConfig({
      CDS_CORS_ORIGINS: 'https://sandbox.cds-hooks.org/, http://127.0.0.1:8080',
    });
    expect(result.ok && result.config.corsOrigins).toEqual([
      'https://sandbox.cds-hooks.org',
      'http://127.0.0.1:8080',
    ]);
    expect(parseCdsConfig({ CDS_CORS_ORIGINS: '*' }).ok).toBe(false);
    expect(parseCdsConfig({ CDS_CORS_ORIGINS: 'http://intranet.example' }).ok).toBe(false);
  });

  it('refuses a value that is not a URL instead of silently trusting nobody or everybody', () => {
    expect(parseCdsConfig({ CDS_JWKS_ALLOWLIST: 'ehr.example.org' }).ok).toBe(false);
    expect(parseCdsConfig({ CDS_JWKS_ALLOWLIST: 'https://a|https://b|https://c' }).ok).toBe(false);
    expect(parseCdsConfig({ APP_BASE_URL: 'legs.example.org' }).ok).toBe(false);
  });
});
