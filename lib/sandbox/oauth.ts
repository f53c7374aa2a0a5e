import { createHash } from 'node:crypto';
import { requestOrigin } from './enabled';
import { launchContextSchema, parseFaultOptions } from './faults';
import { grantScopes } from './scopes';
import { clientId, type SandboxUrls, sandboxUrls } from './smart-configuration';
import { type Claims, lifetimes, newId, redeemCode, signToken, verifyToken } from './tokens';

// Authorization and token endpoints for fhirclient's EHR and standalone launches: public client,
// PKCE S256 required. https://hl7.org/fhir/smart-app-launch/app-launch.html

export const pickerPath = '/sandbox/auth/pick';

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function plainError(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } });
}

function redirectWithError(redirectUri: string, error: string, description: string, state: string | null) {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  target.searchParams.set('error_description', description);
  if (state) target.searchParams.set('state', state);
  return redirect(target.toString());
}

/** The only redirect URI accepted: the app's own root, on the sandbox's origin. */
export function allowedRedirectUri(urls: SandboxUrls): string {
  return `${urls.origin}/`;
}

/**
 * GET /sandbox/auth/authorize. Errors about the client or redirect URI are shown here (never
 * redirected to an unverified URI); all others go back to the app with `error` and `state`.
 * Standalone launches (no `launch`) go to the patient picker, which calls back with `sandbox_*`.
 */
export async function handleAuthorize(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const urls = sandboxUrls(requestOrigin(request));
  const p = url.searchParams;
  if (p.get('client_id') !== clientId)
    return plainError(400, `Unknown client_id; this sandbox accepts "${clientId}"`);
  const redirectUri = p.get('redirect_uri');
  if (redirectUri !== allowedRedirectUri(urls)) {
    return plainError(400, `redirect_uri must be ${allowedRedirectUri(urls)}`);
  }
  const state = p.get('state');
  const fail = (error: string, description: string) =>
    redirectWithError(redirectUri, error, description, state);
  if (p.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'response_type must be code');
  if (!state) return fail('invalid_request', 'state is required');
  if (trimSlash(p.get('aud') ?? '') !== urls.fhirBase)
    return fail('invalid_request', `aud must be ${urls.fhirBase}`);
  const challenge = p.get('code_challenge');
  if (p.get('code_challenge_method') !== 'S256' || !challenge || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
    return fail('invalid_request', 'PKCE with code_challenge_method S256 is required');
  }
  const requestedScope = p.get('scope') ?? '';
  const scopes = grantScopes(requestedScope);

  let context: Pick<Claims<'code'>, 'patient' | 'fault' | 'latencyMs' | 'mode'>;
  const launch = p.get('launch');
  if (launch) {
    const verified = await verifyToken('launch', launch);
    if (!verified.ok) return fail('invalid_request', `launch context is ${verified.reason}`);
    const { patient, fault, latencyMs } = verified.claims;
    context = { patient, fault, latencyMs, mode: 'ehr' };
  } else {
    const picked = p.get('sandbox_patient');
    if (!picked) return redirect(`${pickerPath}?${p.toString()}`);
    if (p.get('sandbox_decision') === 'deny') return fail('access_denied', 'The user denied access');
    const options = parseFaultOptions(
      new URLSearchParams({ fault: p.get('sandbox_fault') ?? '', latency: p.get('sandbox_latency') ?? '' }),
    );
    const parsed = launchContextSchema.safeParse({ patient: picked, ...options });
    if (!parsed.success) return fail('invalid_request', 'the picked patient is not valid');
    context = { ...parsed.data, mode: 'standalone' };
  }
  if (context.fault === 'deny') return fail('access_denied', 'The user denied access');

  const code = await signToken<'code'>(
    {
      typ: 'code',
      ...context,
      jti: newId(),
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      scope: scopes.join(' '),
      aud: urls.fhirBase,
    },
    lifetimes.codeS,
  );
  const target = new URL(redirectUri);
  target.searchParams.set('code', code);
  target.searchParams.set('state', state);
  return redirect(target.toString());
}

/**
 * POST /sandbox/auth/authorize: the picker's form posts its choice so the patient id stays out of
 * URLs and history; the fields join the original query and go through the same checks.
 */
export async function handleAuthorizePost(request: Request): Promise<Response> {
  if (!(request.headers.get('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
    return plainError(415, 'Post the authorization form as application/x-www-form-urlencoded');
  }
  const url = new URL(request.url);
  for (const [name, value] of new URLSearchParams(await request.text())) url.searchParams.set(name, value);
  const response = await handleAuthorize(new Request(url, { headers: request.headers }));
  // 303: the browser follows a redirect after a POST with a GET.
  if (response.status !== 302) return response;
  return new Response(null, { status: 303, headers: response.headers });
}

function tokenError(error: string, description: string, status = 400): Response {
  return new Response(JSON.stringify({ error, error_description: description }), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
  });
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

type Context = Pick<Claims<'access'>, 'patient' | 'fault' | 'latencyMs' | 'mode' | 'client_id' | 'scope'>;

async function tokenResponse(urls: SandboxUrls, context: Context): Promise<Response> {
  const scopes = context.scope.split(' ');
  // The expired-token fault: the server treats the token as expired from the start (as after an
  // early revocation or clock skew), while the response still advertises a normal lifetime.
  const accessLifetime = context.fault === 'expired-token' ? 0 : lifetimes.accessS;
  const accessToken = await signToken<'access'>({ typ: 'access', ...context }, accessLifetime);
  const body: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: lifetimes.accessS,
    scope: context.scope,
    need_patient_banner: context.mode === 'standalone',
    smart_style_url: urls.style,
  };
  if (scopes.includes('launch') || scopes.includes('launch/patient')) body.patient = context.patient;
  if (scopes.includes('online_access') || scopes.includes('offline_access')) {
    body.refresh_token = await signToken<'refresh'>({ typ: 'refresh', ...context }, lifetimes.refreshS);
  }
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache' },
  });
}

/** POST /sandbox/auth/token: authorization_code (with PKCE verifier) and refresh_token grants. */
export async function handleToken(request: Request): Promise<Response> {
  const urls = sandboxUrls(requestOrigin(request));
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    return tokenError('invalid_request', 'Send the token request as application/x-www-form-urlencoded');
  }
  const form = new URLSearchParams(await request.text());
  const grant = form.get('grant_type');
  if (grant === 'authorization_code') {
    const verified = await verifyToken('code', form.get('code') ?? '');
    if (!verified.ok) return tokenError('invalid_grant', `authorization code is ${verified.reason}`);
    const code = verified.claims;
    if (form.get('client_id') !== code.client_id)
      return tokenError('invalid_client', 'client_id does not match', 401);
    if (form.get('redirect_uri') !== code.redirect_uri)
      return tokenError('invalid_grant', 'redirect_uri does not match');
    const verifier = form.get('code_verifier') ?? '';
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || pkceChallenge(verifier) !== code.code_challenge) {
      return tokenError('invalid_grant', 'code_verifier does not match the code_challenge');
    }
    if (!redeemCode(code.jti)) return tokenError('invalid_grant', 'authorization code was already used');
    const { patient, fault, latencyMs, mode, client_id, scope } = code;
    return tokenResponse(urls, { patient, fault, latencyMs, mode, client_id, scope });
  }
  if (grant === 'refresh_token') {
    const verified = await verifyToken('refresh', form.get('refresh_token') ?? '');
    if (!verified.ok) return tokenError('invalid_grant', `refresh token is ${verified.reason}`);
    const { patient, fault, latencyMs, mode, client_id, scope } = verified.claims;
    if (form.has('client_id') && form.get('client_id') !== client_id) {
      return tokenError('invalid_client', 'client_id does not match', 401);
    }
    if (fault === 'expired-token')
      return tokenError('invalid_grant', 'the session has ended; relaunch the app');
    return tokenResponse(urls, { patient, fault, latencyMs, mode, client_id, scope });
  }
  return tokenError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
}

/** Mints the signed launch context for an EHR launch from the launcher's choices. */
export async function mintLaunch(context: {
  patient: string;
  fault: Claims<'launch'>['fault'];
  latencyMs: number;
}) {
  return signToken<'launch'>({ typ: 'launch', ...context, mode: 'ehr' }, lifetimes.launchS);
}
