import { describe, expect, it } from 'vitest';
import { signInErrorFromRedirect, signInErrorFromTokenFailure } from '@/lib/fhir/sign-in-errors';
import { signInErrorText } from '@/lib/knowledge/sign-in-texts';

function httpError(status: number, message: string) {
  return Object.assign(new Error(message), { name: 'HttpError', status });
}

describe('the OAuth error a sign-in ended with', () => {
  it('is read from the redirect: code and description, nothing when the URL has no error', () => {
    expect(
      signInErrorFromRedirect(new URLSearchParams('error=invalid_client&error_description=Unknown+client')),
    ).toEqual({
      code: 'invalid_client',
      description: 'Unknown client',
      stage: 'authorize',
      httpStatus: null,
    });
    expect(signInErrorFromRedirect(new URLSearchParams('code=abc&state=s'))).toBeNull();
  });

  it('keeps a garbled code out of the screen and cuts control characters and overlong descriptions', () => {
    const params = new URLSearchParams({
      error: '<script>alert(1)</script> x',
      error_description: `line one\nline two${'x'.repeat(400)}`,
    });
    const error = signInErrorFromRedirect(params);
    expect(error?.code).toBe('unreadable_error_code');
    expect(error?.description).toMatch(/^line one line two/);
    expect(error?.description?.length).toBe(300);
  });

  it("is read from fhirclient's token request error, or named by its HTTP status when the body had none", () => {
    expect(
      signInErrorFromTokenFailure(
        httpError(400, '400 Bad Request\nURL: https://ehr.example/token\ninvalid_grant: code expired'),
      ),
    ).toEqual({ code: 'invalid_grant', description: 'code expired', stage: 'token', httpStatus: 400 });
    expect(
      signInErrorFromTokenFailure(httpError(502, '502 Bad Gateway\nURL: https://ehr.example/token')),
    ).toEqual({
      code: 'http_502',
      description: null,
      stage: 'token',
      httpStatus: 502,
    });
    expect(signInErrorFromTokenFailure(new Error('Failed to obtain access token.'))).toBeNull();
    expect(signInErrorFromTokenFailure('not an error')).toBeNull();
  });

  it('says what to check for each code, and that only a passing fault is worth relaunching for', () => {
    const text = (code: string) =>
      signInErrorText({ code, description: null, stage: 'authorize', httpStatus: null });
    expect(text('invalid_client').adminCheck).toMatch(/client id/);
    expect(text('invalid_scope').adminCheck).toMatch(/scopes/);
    expect(text('invalid_request').adminCheck).toMatch(/redirect URI/);
    expect(text('some_vendor_code').adminCheck).toMatch(/client id, the scopes and the redirect URI/);
    expect(text('toString').summary).toBe(text('some_vendor_code').summary);
    expect(['invalid_client', 'invalid_scope', 'invalid_request'].map((c) => text(c).retryable)).toEqual([
      false,
      false,
      false,
    ]);
    expect(text('temporarily_unavailable').retryable).toBe(true);
  });
});
