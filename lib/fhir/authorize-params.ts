import type { fhirclient } from 'fhirclient/lib/types';
import type { LaunchConfig, ServerConfig } from './launch-config';
import { isAllowedServerUrl, issMatcher, scopesFor, serverConfigFor } from './server-match';

// Turns the launch URL (/launch?iss=...&launch=...) and the configuration into what
// FHIR.oauth2.authorize takes, plus the one global fhirclient setting that depends on the server.

export interface LaunchRequest {
  iss: string | null;
  launch: string | null;
}

export type LaunchPlan =
  | {
      ok: true;
      kind: 'ehr' | 'standalone';
      /** fhirclient's array-of-configs form (iss in the URL) or one config (default server). */
      params: fhirclient.AuthorizeParams | fhirclient.AuthorizeParams[];
      /** FHIR.oauth2.settings.fullSessionStorageSupport for this launch. */
      fullSessionStorageSupport: boolean;
    }
  | { ok: false; reason: 'no-server' | 'insecure-server' | 'no-config' };

function paramsFor(server: ServerConfig, kind: 'ehr' | 'standalone', redirectUri: string) {
  return {
    issMatch: issMatcher(server.issMatch),
    clientId: server.clientId,
    scope: scopesFor(server, kind),
    redirectUri,
    pkceMode: server.pkceMode ?? 'required',
    // Finish the code flow in the window (or EHR frame) that started it: never a pop-up, and no
    // postMessage hop to a parent that may not be ours.
    completeInTarget: true,
  } satisfies fhirclient.AuthorizeParams;
}

export function planLaunch(config: LaunchConfig, request: LaunchRequest, origin: string): LaunchPlan {
  const redirectUri = `${origin}/`;
  const kind = request.launch ? 'ehr' : 'standalone';
  const iss = request.iss ?? config.defaultIss ?? null;
  if (!iss) return { ok: false, reason: 'no-server' };
  if (!isAllowedServerUrl(iss)) return { ok: false, reason: 'insecure-server' };
  const server = serverConfigFor(config, iss);
  if (!server) return { ok: false, reason: 'no-config' };
  const fullSessionStorageSupport = server.fullSessionStorageSupport ?? true;
  if (request.iss) {
    // iss is in the URL: fhirclient picks the matching config itself.
    return {
      ok: true,
      kind,
      params: config.servers.map((s) => paramsFor(s, kind, redirectUri)),
      fullSessionStorageSupport,
    };
  }
  return {
    ok: true,
    kind,
    params: { ...paramsFor(server, kind, redirectUri), iss },
    fullSessionStorageSupport,
  };
}

interface StorageLike {
  getItem(key: string): string | null;
}

/**
 * The fullSessionStorageSupport setting for FHIR.oauth2.ready on the redirect page. A launch made
 * with it off keeps `state` in the URL and its state object under that key; that object names the
 * server, whose config says how the launch was made. Without `state` in the URL the launch used
 * the shared slot (fhirclient's default).
 */
export function sessionStorageSupportForReady(config: LaunchConfig, url: URL, storage: StorageLike): boolean {
  const key = url.searchParams.get('state');
  if (!key) return true;
  let serverUrl: unknown;
  try {
    const raw = storage.getItem(key);
    serverUrl = raw ? (JSON.parse(raw) as { serverUrl?: unknown }).serverUrl : undefined;
  } catch {
    return true;
  }
  if (typeof serverUrl !== 'string') return true;
  return serverConfigFor(config, serverUrl)?.fullSessionStorageSupport ?? true;
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
