import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, policySettings } from '@/lib/security/content-security-policy';
import { parseFrameAncestors, staticSecurityHeaders } from '@/lib/security/headers.js';

function csp(env: Record<string, string | undefined>, nonce = 'bm9uY2U='): string {
  return contentSecurityPolicy(policySettings(env).settings, nonce);
}

function directive(policy: string, name: string): string {
  return policy.split('; ').find((d) => d.startsWith(`${name} `)) ?? '';
}

describe('Content-Security-Policy', () => {
  it('runs scripts by nonce only: strict-dynamic, no unsafe-inline, no eval outside development', () => {
    const scripts = directive(csp({ NODE_ENV: 'production' }), 'script-src');
    expect(scripts).toBe("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(directive(csp({ NODE_ENV: 'development' }), 'script-src')).toContain("'unsafe-eval'");
    expect(directive(csp({ NODE_ENV: 'production' }), 'style-src')).toBe("style-src 'self' 'nonce-bm9uY2U='");
  });

  it('connects only to the app and the configured FHIR and sign-in servers', () => {
    const env = {
      SMART_SERVERS: JSON.stringify([
        { issMatch: 'https://fhir.epic.example/api/FHIR/R4', clientId: 'a' },
        {
          issMatch: '^https://fhir-ehr\\.cerner\\.com/',
          clientId: 'b',
          authServers: ['https://authorization.cerner.com'],
        },
      ]),
      SMART_LAUNCHER: '1',
    };
    expect(directive(csp(env), 'connect-src')).toBe(
      "connect-src 'self' https://fhir.epic.example https://fhir-ehr.cerner.com https://authorization.cerner.com " +
        'https://launch.smarthealthit.org',
    );
    expect(directive(csp({}), 'connect-src')).toBe("connect-src 'self'");
  });

  it('lets only the app itself frame it by default, the SMART launcher too when it is configured', () => {
    expect(directive(csp({}), 'frame-ancestors')).toBe("frame-ancestors 'self'");
    expect(directive(csp({ SMART_LAUNCHER: '1' }), 'frame-ancestors')).toBe(
      "frame-ancestors 'self' https://launch.smarthealthit.org",
    );
    expect(directive(csp({ FRAME_ANCESTORS: 'https://ehr.example.org' }), 'frame-ancestors')).toBe(
      'frame-ancestors https://ehr.example.org',
    );
  });

  it('reports a FRAME_ANCESTORS it cannot read and then allows no framing at all', () => {
    const result = policySettings({ FRAME_ANCESTORS: '*' });
    expect(result.problems).toEqual([expect.stringContaining('FRAME_ANCESTORS')]);
    expect(result.settings.frameAncestors).toEqual(["'none'"]);
  });

  it('makes a new nonce for every response', () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(atob(nonce)).toHaveLength(16);
  });
});

describe('FRAME_ANCESTORS', () => {
  it('uses the configured EHR origins, normalised to origins', () => {
    expect(parseFrameAncestors('https://ehr.example.org/path, self https://fhir.epic.com')).toEqual([
      'https://ehr.example.org',
      "'self'",
      'https://fhir.epic.com',
    ]);
    expect(parseFrameAncestors(' ')).toBeNull();
  });

  it('rejects plain-http and malformed origins instead of silently allowing them', () => {
    expect(() => parseFrameAncestors('http://ehr.example.org')).toThrow(/https/);
    expect(() => parseFrameAncestors('*')).toThrow(/not an origin/);
  });

  it('allows http only for loopback, for the local sandbox', () => {
    expect(parseFrameAncestors('http://127.0.0.1:3000')).toEqual(['http://127.0.0.1:3000']);
  });
});

describe('headers fixed at build', () => {
  it('sends HSTS from production builds only', () => {
    const keys = (env: Record<string, string>) => staticSecurityHeaders(env).map((h) => h.key);
    expect(keys({ NODE_ENV: 'production' })).toContain('Strict-Transport-Security');
    expect(keys({ NODE_ENV: 'development' })).not.toContain('Strict-Transport-Security');
    expect(keys({})).toContain('X-Content-Type-Options');
  });
});
