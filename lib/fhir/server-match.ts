import { chartResourceTypes } from '../contracts/ids';
import type { LaunchConfig, ServerConfig } from './launch-config';

// Which configured server a launch's iss belongs to, and what to ask it for. Pure and free of zod:
// the browser runs these at launch and on the redirect page (lib/fhir/authorize-params.ts), while
// launch-config.ts, which validates the environment, stays on the server.

/** Tokens travel to this server: https only, except on this machine. */
export function isAllowedServerUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  return url.protocol === 'http:' && loopback;
}

/** The matcher fhirclient calls with the launch's iss. */
export function issMatcher(issMatch: string): (iss: string) => boolean {
  if (issMatch.startsWith('^')) {
    const pattern = new RegExp(issMatch);
    return (iss) => pattern.test(iss);
  }
  const wanted = issMatch.replace(/\/+$/, '');
  return (iss) => iss.replace(/\/+$/, '') === wanted;
}

/** The first configured server whose issMatch accepts this iss (the catch-all accepts any). */
export function serverConfigFor(config: LaunchConfig, iss: string): ServerConfig | undefined {
  return config.servers.find((server) => issMatcher(server.issMatch)(iss));
}

/**
 * SMART scopes: v1 `patient/X.read`, v2 `patient/X.rs` (read + search). `online_access` asks for a
 * refresh token bound to the user's session: without it Oracle Health ends the session after
 * about ten minutes. EHR launch asks for `launch`; standalone launch asks the server to pick a patient.
 */
export function scopesFor(server: ServerConfig, kind: 'ehr' | 'standalone'): string {
  if (server.scope) return server.scope;
  const suffix = server.scopeVersion === 'v2' ? 'rs' : 'read';
  return [
    kind === 'ehr' ? 'launch' : 'launch/patient',
    'openid',
    'fhirUser',
    'online_access',
    ...chartResourceTypes.map((type) => `patient/${type}.${suffix}`),
  ].join(' ');
}
