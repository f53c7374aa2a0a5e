import fc from 'fast-check';
import * as jsBase64 from 'js-base64';
import { describe, expect, it } from 'vitest';
import { decode, encodeURL, fromUint8Array } from '@/lib/browser-shims/native-base64';

// The shim replaces js-base64 in fhirclient's browser bundle, where it encodes the PKCE verifier
// and challenge: any difference would break sign-in, so every function is checked against the
// library it stands in for.

const seed = Number(process.env.PROPERTY_SEED ?? 20261125);

function outcome(run: () => string): { value: string } | { threw: true } {
  try {
    return { value: run() };
  } catch {
    return { threw: true };
  }
}

describe('native base64 shim', () => {
  it('encodes bytes as js-base64 does, standard and URL-safe', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200_000 }), fc.boolean(), (bytes, urlsafe) => {
        expect(fromUint8Array(bytes, urlsafe)).toBe(jsBase64.fromUint8Array(bytes, urlsafe));
      }),
      { seed, numRuns: 200 },
    );
  });

  it('encodes the 32 random bytes of a PKCE verifier as unpadded base64url', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 251) % 256);
    const verifier = fromUint8Array(bytes, true);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifier).toBe(jsBase64.fromUint8Array(bytes, true));
  });

  it('encodes any text (UTF-8) as js-base64 encodeURL does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(encodeURL(text)).toBe(jsBase64.encodeURL(text));
      }),
      { seed, numRuns: 500 },
    );
  });

  it('decodes what it encodes, and standard Base64 with padding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(decode(encodeURL(text))).toBe(text);
        expect(decode(jsBase64.encode(text))).toBe(text);
      }),
      { seed, numRuns: 500 },
    );
  });

  it('decodes arbitrary input exactly as js-base64 does, including what it rejects', () => {
    const base64ish = fc.string({ unit: fc.constantFrom(...'ABCxyz019+/-_= .\n%é') });
    fc.assert(
      fc.property(base64ish, (input) => {
        expect(outcome(() => decode(input))).toEqual(outcome(() => jsBase64.decode(input)));
      }),
      { seed, numRuns: 1000 },
    );
  });
});
