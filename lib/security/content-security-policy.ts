import { readLaunchConfig } from '../fhir/launch-config';
import { connectOrigins } from '../fhir/server-match';
import { parseFrameAncestors, SMART_LAUNCHER_ORIGIN } from './headers.js';

// The Content-Security-Policy, built per request by proxy.ts. Scripts run only with this
// request's nonce ('strict-dynamic' lets them load the app's chunks; no 'unsafe-inline'), so an
// injected script does not run; and the browser may connect only to the app itself and the
// configured FHIR and authorization servers, so a script that did run could not send the
// tokens anywhere else. frame-ancestors comes from FRAME_ANCESTORS as the server was started.

export interface PolicySettings {
  frameAncestors: string[];
  /** Origins besides 'self' the browser talks to: FHIR servers and their sign-in. */
  connectSources: string[];
  development: boolean;
}

export function contentSecurityPolicy(settings: PolicySettings, nonce: string): string {
  return [
    "default-src 'self'",
    // React needs eval in development only (its error overlay); never in production.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${settings.development ? " 'unsafe-eval'" : ''}`,
    // Development injects styles without a nonce (hot reload).
    `style-src 'self' ${settings.development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...settings.connectSources].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${settings.frameAncestors.join(' ')}`,
  ].join('; ');
}

export type SettingsResult = { settings: PolicySettings; problems: string[] };

/**
 * The policy's settings from the environment. A setting that does not parse is reported and
 * replaced by the closed choice: no framing, no outside connections.
 */
export function policySettings(env: Record<string, string | undefined>): SettingsResult {
  const problems: string[] = [];
  let frameAncestors: string[];
  try {
    const configured = parseFrameAncestors(env.FRAME_ANCESTORS);
    frameAncestors = configured ?? ["'self'", ...(env.SMART_LAUNCHER === '1' ? [SMART_LAUNCHER_ORIGIN] : [])];
  } catch (error) {
    problems.push(error instanceof Error ? error.message : 'FRAME_ANCESTORS is invalid');
    frameAncestors = ["'none'"];
  }
  const launch = readLaunchConfig(env);
  const connectSources = new Set<string>();
  if (launch.ok) {
    for (const server of launch.config.servers)
      for (const origin of connectOrigins(server)) connectSources.add(origin);
  } else {
    problems.push(...launch.problems);
  }
  return {
    settings: {
      frameAncestors,
      connectSources: [...connectSources],
      development: env.NODE_ENV === 'development',
    },
    problems,
  };
}

/** A fresh, unguessable nonce per response (128 bits, base64). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
