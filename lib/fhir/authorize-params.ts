import type { fhirclient } from 'fhirclient/lib/types';
import type { LaunchConfig, ServerConfig } from './server-config';
import {
  isAllowedServerUrl,
  issMatcher,
  isTrustedEndpoint,
  scopesFor,
  serverConfigFor,
} from './server-match';

// Turns the launch URL (/launch?iss=...&launch=...) and the configuration into what
// FHIR.oauth2.authorize takes, plus the one global fhirclient setting that depends on the server,
// and checks where the sign-in fhirclient discovered would send the browser and the code.

export interface LaunchRequest {
  iss: string | null;
  launch: string | null;
  /** The launch URL's other parameters, checked for the ones fhirclient would obey. */
  searchParams?: URLSearchParams;
}

/**
 * fhirclient reads these from the launch URL and lets them override the app's own settings: a
 * `clientId` of the attacker's choosing, a `fhirServiceUrl` that skips authorization (a chart the
 * attacker wrote), a `patientId` that replaces the one the EHR grants. A real EHR never sends them.
 */
export const refusedLaunchParameters = ['clientId', 'fhirServiceUrl', 'patientId'] as const;

export type LaunchRefusal = 'no-server' | 'insecure-server' | 'not-configured' | 'unsafe-launch-url';

export type LaunchPlan =
  | {
      ok: true;
      kind: 'ehr' | 'standalone';
      iss: string;
      server: ServerConfig;
      /** One config with the iss: fhirclient never chooses among servers itself. */
      params: fhirclient.AuthorizeParams;
      /** FHIR.oauth2.settings.fullSessionStorageSupport for this launch. */
      fullSessionStorageSupport: boolean;
    }
  | { ok: false; reason: LaunchRefusal };

export function planLaunch(config: LaunchConfig, request: LaunchRequest, origin: string): LaunchPlan {
  if (refusedLaunchParameters.some((name) => request.searchParams?.has(name))) {
    return { ok: false, reason: 'unsafe-launch-url' };
  }
  const kind = request.launch ? 'ehr' : 'standalone';
  const iss = request.iss ?? config.defaultIss ?? null;
  if (!iss) return { ok: false, reason: 'no-server' };
  if (!isAllowedServerUrl(iss)) return { ok: false, reason: 'insecure-server' };
  const server = serverConfigFor(config, iss, origin);
  if (!server) return { ok: false, reason: 'not-configured' };
  const params = {
    iss,
    issMatch: issMatcher(server.issMatch),
    clientId: server.clientId,
    scope: scopesFor(server, kind),
    redirectUri: `${origin}/`,
    pkceMode: server.pkceMode ?? 'required',
    // Finish the code flow in the window (or EHR frame) that started it: never a pop-up, and no
    // postMessage hop to a parent that may not be ours.
    completeInTarget: true,
    // fhirclient returns the authorize URL instead of going there: checkSignIn looks first.
    noRedirect: true,
  } satisfies fhirclient.AuthorizeParams;
  return {
    ok: true,
    kind,
    iss,
    server,
    params,
    fullSessionStorageSupport: server.fullSessionStorageSupport ?? true,
  };
}

interface StorageLike {
  getItem(key: string): string | null;
}

export type SignInCheck =
  | { ok: true; authorizeUrl: string }
  | { ok: false; reason: 'no-authorization' | 'untrusted-endpoint'; stateKey: string | null };

function storedState(storage: StorageLike, key: string | null): Record<string, unknown> | null {
  if (!key) return null;
  try {
    const value: unknown = JSON.parse(storage.getItem(key) ?? 'null');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * What fhirclient's authorize(noRedirect) returned, checked before the browser goes there: it
 * must be the server's authorize endpoint (not our own redirect URI, which fhirclient uses for a
 * server with no OAuth at all), and the token endpoint the code will be posted to, kept in the
 * launch state, must be the server's too (issuer origin or `authServers`).
 */
export function checkSignIn(
  redirect: unknown,
  plan: Extract<LaunchPlan, { ok: true }>,
  storage: StorageLike,
): SignInCheck {
  let url: URL;
  try {
    url = new URL(String(redirect));
  } catch {
    return { ok: false, reason: 'no-authorization', stateKey: null };
  }
  const stateKey = url.searchParams.get('state');
  const state = storedState(storage, stateKey);
  const authorizeUri = state?.authorizeUri;
  const tokenUri = state?.tokenUri;
  if (typeof authorizeUri !== 'string' || typeof tokenUri !== 'string') {
    return { ok: false, reason: 'no-authorization', stateKey };
  }
  const endpoint = `${url.origin}${url.pathname}`;
  const trusted =
    endpoint === new URL(authorizeUri).href.split('?')[0] &&
    isTrustedEndpoint(authorizeUri, plan.iss, plan.server) &&
    isTrustedEndpoint(tokenUri, plan.iss, plan.server);
  return trusted
    ? { ok: true, authorizeUrl: url.href }
    : { ok: false, reason: 'untrusted-endpoint', stateKey };
}

/**
 * The fullSessionStorageSupport setting for FHIR.oauth2.ready on the redirect page. A launch made
 * with it off keeps `state` in the URL and its state object under that key; that object names the
 * server, whose config says how the launch was made. Without `state` in the URL the launch used
 * the shared slot (fhirclient's default).
 */
export function sessionStorageSupportForReady(config: LaunchConfig, url: URL, storage: StorageLike): boolean {
  const serverUrl = storedState(storage, url.searchParams.get('state'))?.serverUrl;
  if (typeof serverUrl !== 'string') return true;
  return serverConfigFor(config, serverUrl, url.origin)?.fullSessionStorageSupport ?? true;
}

/**
 * FHIR.oauth2.settings for a launch. `refreshTokenWithClientId`: a public client names itself in the
 * refresh request (RFC 6749 §3.2.1); some authorization servers refuse a refresh without it.
 */
export function fhirclientSettings(fullSessionStorageSupport: boolean) {
  return {
    fullSessionStorageSupport,
    refreshTokenWithClientId: true,
  } satisfies fhirclient.BrowserFHIRSettings;
}
