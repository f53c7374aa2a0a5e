import { chartResourceTypes } from '../contracts/ids';
import type { LaunchConfig, ServerConfig } from './server-config';

// Which configured server a launch's iss belongs to, what to ask it for, and where its sign-in may
// happen. Pure and free of zod: the browser runs these at launch and on the redirect page
// (lib/fhir/authorize-params.ts), while launch-config.ts, which validates the environment, stays
// on the server.

/** The client id the embedded sandbox accepts; the zero-configuration default. */
export const defaultClientId = 'leg-symptom-differential';

/** The embedded sandbox's FHIR base on the app's own origin (lib/sandbox, SANDBOX=1). */
export const sandboxFhirPath = '/sandbox/fhir';

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** Tokens travel to this server: https only, except on this machine. */
export function isAllowedServerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/** True when `|` appears outside any group or class: `^https://a\.example/|evil` matches anything. */
function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * The origin an issMatch pins, or null when it pins none. A pattern must start with "^https://"
 * (http only for localhost/127.0.0.1), spell its host literally (dots escaped) with at most a
 * literal port, and continue with "/" or end with "$": then no iss on another host can match it.
 */
export function issMatchOrigin(issMatch: string): string | null {
  if (!issMatch.startsWith('^')) return isAllowedServerUrl(issMatch) ? new URL(issMatch).origin : null;
  try {
    new RegExp(issMatch);
  } catch {
    return null;
  }
  if (hasTopLevelAlternation(issMatch)) return null;
  const prefix = /^\^(https?):\/\/((?:[A-Za-z0-9-]+\\\.)*[A-Za-z0-9-]+)(:\d+)?(\/|\$)/.exec(issMatch);
  if (!prefix) return null;
  const [, scheme, escapedHost = '', port = ''] = prefix;
  const origin = `${scheme}://${escapedHost.replaceAll('\\.', '.')}${port}`;
  return isAllowedServerUrl(origin) ? new URL(origin).origin : null;
}

/** The matcher for one configured issMatch. */
export function issMatcher(issMatch: string): (iss: string) => boolean {
  if (issMatch.startsWith('^')) {
    if (issMatchOrigin(issMatch) === null) return () => false;
    const pattern = new RegExp(issMatch);
    return (iss) => pattern.test(iss);
  }
  const wanted = issMatch.replace(/\/+$/, '');
  return (iss) => iss.replace(/\/+$/, '') === wanted;
}

/** The configured servers, with the embedded sandbox on this origin when it is on. */
export function serversFor(config: LaunchConfig, origin: string): ServerConfig[] {
  if (!config.sandbox) return config.servers;
  const sandbox: ServerConfig = {
    issMatch: `${origin}${sandboxFhirPath}`,
    clientId: defaultClientId,
    scopeVersion: config.sandbox.scopeVersion,
  };
  return [sandbox, ...config.servers];
}

/** The first configured server whose issMatch accepts this iss; none for an unlisted one. */
export function serverConfigFor(config: LaunchConfig, iss: string, origin: string): ServerConfig | undefined {
  return serversFor(config, origin).find((server) => issMatcher(server.issMatch)(iss));
}

/**
 * Whether a discovered authorize or token endpoint belongs to the server: on the issuer's own
 * origin, or listed in its `authServers` (an origin, or the exact URL).
 */
export function isTrustedEndpoint(endpoint: string, iss: string, server: ServerConfig): boolean {
  if (!isAllowedServerUrl(endpoint)) return false;
  const url = new URL(endpoint);
  if (url.username || url.password) return false;
  if (url.origin === new URL(iss).origin) return true;
  const bare = `${url.origin}${url.pathname}`;
  return (server.authServers ?? []).some((entry) => {
    const allowed = new URL(entry);
    return allowed.pathname === '/'
      ? allowed.origin === url.origin
      : `${allowed.origin}${allowed.pathname}` === bare;
  });
}

/** Origins the browser may connect to for this server (CSP connect-src), when they are fixed. */
export function connectOrigins(server: ServerConfig): string[] {
  const origins = new Set<string>();
  const issuer = issMatchOrigin(server.issMatch);
  if (issuer) origins.add(issuer);
  for (const entry of server.authServers ?? []) {
    if (isAllowedServerUrl(entry)) origins.add(new URL(entry).origin);
  }
  return [...origins];
}

/**
 * SMART scopes: v1 `patient/X.read`, v2 `patient/X.rs` (read + search), for the chart's resource
 * types only. `online_access` asks for a refresh token bound to the user's session: without it
 * Oracle Health ends the session after about ten minutes. EHR launch asks for `launch`;
 * standalone launch asks the server to pick a patient. No `openid fhirUser`: nothing reads the user.
 */
export function scopesFor(server: ServerConfig, kind: 'ehr' | 'standalone'): string {
  if (server.scope) return server.scope;
  const suffix = server.scopeVersion === 'v2' ? 'rs' : 'read';
  return [
    kind === 'ehr' ? 'launch' : 'launch/patient',
    'online_access',
    ...chartResourceTypes.map((type) => `patient/${type}.${suffix}`),
  ].join(' ');
}
