// What an authorization server said when it refused the sign-in (read in lib/fhir/sign-in-errors.ts,
// worded in lib/knowledge/sign-in-texts.ts).

export type SignInStage = 'authorize' | 'token';

export interface SignInError {
  /** The OAuth error code as sent, e.g. "invalid_client". */
  code: string;
  description: string | null;
  /** Where it was refused: the authorization redirect, or the token request. */
  stage: SignInStage;
  /** The token endpoint's HTTP status, when it was the token request. */
  httpStatus: number | null;
}
