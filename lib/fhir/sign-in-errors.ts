import type { SignInError } from '../contracts/sign-in-error';
import { isRecord } from './json-record';

export type { SignInError, SignInStage } from '../contracts/sign-in-error';

// What an authorization server said when it refused the sign-in: the OAuth `error` code and
// `error_description` (RFC 6749 §4.1.2.1 on the redirect, §5.2 from the token endpoint). They name
// the client, the scopes or the redirect URI, never the patient, so they are shown to the user.

// RFC 6749 §4.1.2.1: error and error_description are printable ASCII without `"` and `\`.
const codePattern = /^[\x21\x23-\x5b\x5d-\x7e]{1,64}$/;
const maxDescription = 300;

function cleanDescription(raw: string | null | undefined): string | null {
  if (!raw) return null;
  // Control characters would only garble the screen; an overlong text is cut.
  const text = raw.replace(/\p{Cc}+/gu, ' ').trim();
  if (!text) return null;
  return text.length > maxDescription ? `${text.slice(0, maxDescription - 1)}…` : text;
}

function cleanCode(raw: string | null | undefined): string | null {
  const code = raw?.trim() ?? '';
  return codePattern.test(code) ? code : null;
}

/** `?error=…&error_description=…` on the redirect URI; null when the URL carries no error. */
export function signInErrorFromRedirect(params: URLSearchParams): SignInError | null {
  const raw = params.get('error');
  if (raw === null) return null;
  return {
    code: cleanCode(raw) ?? 'unreadable_error_code',
    description: cleanDescription(params.get('error_description')),
    stage: 'authorize',
    httpStatus: null,
  };
}

/**
 * The token endpoint's refusal inside the error fhirclient's `ready()` throws. fhirclient 2.6.3
 * (lib/HttpError.js) reports it as "401 Unauthorized\nURL: <token URL>\n<error>: <description>",
 * with `status` set; null for anything else.
 */
export function signInErrorFromTokenFailure(error: unknown): SignInError | null {
  if (!(error instanceof Error) || !isRecord(error)) return null;
  const status = error.status;
  if (typeof status !== 'number') return null;
  const lines = error.message.split('\n');
  const urlLine = lines.findIndex((line) => line.startsWith('URL: '));
  const body = urlLine >= 0 ? lines.slice(urlLine + 1).find((line) => line.trim() !== '') : undefined;
  const match = body ? /^([^:\s]+)(?::\s*(.*))?$/.exec(body.trim()) : null;
  const code = cleanCode(match?.[1]);
  if (!code) return { code: `http_${status}`, description: null, stage: 'token', httpStatus: status };
  return { code, description: cleanDescription(match?.[2]), stage: 'token', httpStatus: status };
}
