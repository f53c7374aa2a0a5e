import { describe, expect, it } from 'vitest';
import { parseCdsConfig } from '@/lib/cds/config';

describe('CDS service configuration', () => {
  it('defaults to the request origin and no token check', () => {
    expect(parseCdsConfig({})).toEqual({ ok: true, config: { appBaseUrl: null, trustedClients: null } });
    expect(parseCdsConfig({ APP_BASE_URL: ' ', CDS_JWKS_ALLOWLIST: '' })).toEqual({
      ok: true,
      config: { appBaseUrl: null, trustedClients: null },
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

  it('refuses a value that is not a URL instead of silently trusting nobody or everybody', () => {
    expect(parseCdsConfig({ CDS_JWKS_ALLOWLIST: 'ehr.example.org' }).ok).toBe(false);
    expect(parseCdsConfig({ CDS_JWKS_ALLOWLIST: 'https://a|https://b|https://c' }).ok).toBe(false);
    expect(parseCdsConfig({ APP_BASE_URL: 'legs.example.org' }).ok).toBe(false);
  });
});
