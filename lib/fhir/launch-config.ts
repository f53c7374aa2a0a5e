import * as z from 'zod/mini';
import './zod-english';
import { sandboxEnabled } from '../sandbox/enabled';
import type { LaunchConfig, ServerConfig } from './server-config';
import { defaultClientId, isAllowedServerUrl, issMatchOrigin } from './server-match';

// SMART launch configuration, read from the environment at request time (a deploy changes it
// without a rebuild) and passed to the client as plain data. Nothing here is secret: the app is a
// public client (PKCE S256, no client secret). There is no catch-all: only the servers listed in
// SMART_SERVERS, the embedded sandbox when SANDBOX=1, and the public SMART launcher when
// SMART_LAUNCHER=1 are launched; any other iss is refused before the app contacts it.

export type { LaunchConfig, PkceMode, ScopeVersion, ServerConfig } from './server-config';
export { defaultClientId };

/** The public SMART App Launcher (R4): its iss carries the simulated launch in a path segment. */
export const smartLauncherOrigin = 'https://launch.smarthealthit.org';
export const smartLauncherIssMatch =
  '^https://launch\\.smarthealthit\\.org/v/r4/(sim/[A-Za-z0-9_-]+={0,2}/)?fhir/?$';

const issMatchSchema = z.string().check(
  z.minLength(1),
  z.refine(
    (value) => issMatchOrigin(value) !== null,
    'issMatch must be an https URL (http only for localhost), or a regular expression starting with ^https:// ' +
      'whose host is spelt out (dots escaped) and followed by / or $',
  ),
);

const authServerSchema = z
  .string()
  .check(z.refine((value) => isAllowedServerUrl(value), 'authServers entries are https URLs or origins'));

const serverConfigSchema = z.strictObject({
  issMatch: issMatchSchema,
  clientId: z.string().check(z.minLength(1)),
  scopeVersion: z.optional(z.enum(['v1', 'v2'])),
  pkceMode: z.optional(z.enum(['required', 'ifSupported', 'unsafeV1'])),
  fullSessionStorageSupport: z.optional(z.boolean()),
  scope: z.optional(z.string().check(z.minLength(1))),
  authServers: z.optional(z.array(authServerSchema)),
}) satisfies z.ZodMiniType<ServerConfig>;

const envSchema = z.object({
  SMART_CLIENT_ID: z._default(z.string().check(z.minLength(1)), defaultClientId),
  SMART_SCOPE_VERSION: z._default(z.enum(['v1', 'v2']), 'v1'),
  SMART_SERVERS: z.pipe(
    z.pipe(
      z.optional(z.string()),
      z.transform((raw, ctx) => {
        if (raw === undefined || raw.trim() === '') return [];
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.issues.push({ code: 'custom', message: 'SMART_SERVERS is not valid JSON', input: raw });
          return z.NEVER;
        }
      }),
    ),
    z.array(serverConfigSchema),
  ),
  SMART_DEFAULT_ISS: z
    .pipe(
      z.optional(z.string()),
      z.transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim())),
    )
    .check(
      z.refine((v) => v === undefined || isAllowedServerUrl(v), 'SMART_DEFAULT_ISS must be an https URL'),
    ),
  SMART_LAUNCHER: z.optional(z.enum(['', '0', '1'])),
});

export type LaunchConfigResult = { ok: true; config: LaunchConfig } | { ok: false; problems: string[] };

export function readLaunchConfig(env: Record<string, string | undefined>): LaunchConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`),
    };
  }
  const { SMART_CLIENT_ID, SMART_SCOPE_VERSION, SMART_SERVERS, SMART_DEFAULT_ISS } = parsed.data;
  const servers: ServerConfig[] = SMART_SERVERS.map((server) => ({
    ...server,
    scopeVersion: server.scopeVersion ?? SMART_SCOPE_VERSION,
  }));
  if (parsed.data.SMART_LAUNCHER === '1') {
    servers.push({
      issMatch: smartLauncherIssMatch,
      clientId: SMART_CLIENT_ID,
      scopeVersion: SMART_SCOPE_VERSION,
    });
  }
  return {
    ok: true,
    config: {
      servers,
      ...(SMART_DEFAULT_ISS ? { defaultIss: SMART_DEFAULT_ISS } : {}),
      ...(sandboxEnabled(env) ? { sandbox: { scopeVersion: SMART_SCOPE_VERSION } } : {}),
    },
  };
}

// The matching and scope helpers live in server-match.ts so the browser, which only needs them,
// does not load the environment schemas above.
export { isAllowedServerUrl, issMatcher, scopesFor, serverConfigFor } from './server-match';
