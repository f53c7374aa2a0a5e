import type { SignInError } from '../contracts/sign-in-error';

// Every sentence of the sign-in screens: what went wrong in plain words, what an administrator
// should check for each OAuth error code, and the way back (RFC 6749 §4.1.2.1 and §5.2 codes).

export interface SignInErrorText {
  /** What happened, for the clinician. */
  summary: string;
  /** What the administrator should check. */
  adminCheck: string;
  /** True when the same launch may work a moment later; false when a setting must change first. */
  retryable: boolean;
}

const registeredSettings =
  'the client id, the scopes and the redirect URI registered for this app in this environment';

const byCode: Record<string, SignInErrorText> = {
  invalid_client: {
    summary: 'The EHR does not recognise this app’s client id, so it refused the sign-in.',
    adminCheck:
      'Check the client id configured for this FHIR server (SMART_SERVERS `clientId`) against the one the EHR registered for this environment: test and production environments issue different ids.',
    retryable: false,
  },
  unauthorized_client: {
    summary: 'The EHR does not allow this app to sign in this way.',
    adminCheck:
      'Check the app’s registration: a public client using the authorization code grant with PKCE (S256), with EHR and standalone launch enabled as needed.',
    retryable: false,
  },
  invalid_scope: {
    summary: 'The EHR refused the permissions the app asked for.',
    adminCheck:
      'Check the scopes granted to the app’s registration against those the app asks for (README, “Registering with an EHR”); a server can be given its own list with SMART_SERVERS `scope`, or v1/v2 scopes with `scopeVersion`.',
    retryable: false,
  },
  invalid_request: {
    summary: 'The EHR refused the sign-in request.',
    adminCheck:
      'Check the redirect URI registered for the app: it must be exactly this app’s address followed by “/”, and the launch URL its address followed by “/launch”. The description below names the parameter the EHR refused.',
    retryable: false,
  },
  unsupported_response_type: {
    summary: 'The EHR does not offer the sign-in flow this app uses.',
    adminCheck:
      'The app uses the authorization code flow with PKCE: check that the EHR enables it for this app.',
    retryable: false,
  },
  unsupported_grant_type: {
    summary: 'The EHR does not offer the sign-in flow this app uses.',
    adminCheck:
      'The app uses the authorization code flow with PKCE: check that the EHR enables it for this app.',
    retryable: false,
  },
  invalid_grant: {
    summary: 'The EHR did not accept the sign-in code (it may have expired or been used already).',
    adminCheck:
      'If this happens every time, check that the redirect URI registered for the app is exactly this app’s address followed by “/”, and that the EHR accepts PKCE S256.',
    retryable: true,
  },
  server_error: {
    summary: 'The EHR’s sign-in service had a problem.',
    adminCheck: 'If it persists, check the EHR’s authorization server.',
    retryable: true,
  },
  temporarily_unavailable: {
    summary: 'The EHR’s sign-in service is busy or down for a moment.',
    adminCheck: 'If it persists, check the EHR’s authorization server.',
    retryable: true,
  },
};

const otherCode: SignInErrorText = {
  summary: 'The EHR refused the sign-in.',
  adminCheck: `Check ${registeredSettings}; the code and description below say what the EHR refused.`,
  retryable: false,
};

export function signInErrorText(error: SignInError): SignInErrorText {
  return Object.hasOwn(byCode, error.code) ? (byCode[error.code] ?? otherCode) : otherCode;
}

export const signInErrorTitle = 'Sign-in was refused';

/** "authorization (redirect)" / "token request (HTTP 401)". */
export function signInStageText(error: SignInError): string {
  if (error.stage === 'authorize') return 'authorization';
  return error.httpStatus === null ? 'token request' : `token request (HTTP ${error.httpStatus})`;
}

/** The way back after a launch from inside the EHR: a new launch from the chart, never a link. */
export const reopenFromEhrText = 'Open the app again from the patient’s chart in your EHR.';

/** After a standalone launch whose error needs a setting changed first. */
export const relaunchAfterFixText =
  'Once the administrator has fixed it, start the app again the way you started it.';
