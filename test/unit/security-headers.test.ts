import { describe, expect, it } from 'vitest';
import { buildSecurityHeaders, parseFrameAncestors } from '@/lib/security/headers.js';

function csp(env: Record<string, string | undefined>): string {
  const header = buildSecurityHeaders(env).find((h) => h.key === 'Content-Security-Policy');
  if (!header) throw new Error('no CSP header');
  return header.value;
}

describe('Content-Security-Policy frame-ancestors', () => {
  it('allows only the app itself and the SMART launcher by default', () => {
    expect(csp({})).toContain("frame-ancestors 'self' https://launch.smarthealthit.org");
  });

  it('uses the configured EHR origins, normalised to origins', () => {
    expect(parseFrameAncestors('https://ehr.example.org/path, self https://fhir.epic.com')).toEqual([
      'https://ehr.example.org',
      "'self'",
      'https://fhir.epic.com',
    ]);
  });

  it('rejects plain-http and malformed origins instead of silently allowing them', () => {
    expect(() => parseFrameAncestors('http://ehr.example.org')).toThrow(/https/);
    expect(() => parseFrameAncestors('*')).toThrow(/not an origin/);
  });

  it('allows http only for loopback, for the local sandbox', () => {
    expect(parseFrameAncestors('http://127.0.0.1:3000')).toEqual(['http://127.0.0.1:3000']);
  });

  it('never allows eval outside development', () => {
    expect(csp({ NODE_ENV: 'production' })).not.toContain('unsafe-eval');
    expect(csp({ NODE_ENV: 'development' })).toContain('unsafe-eval');
  });
});
