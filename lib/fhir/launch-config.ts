import * as z from 'zod/mini';
import './zod-english';
import { isAllowedServerUrl } from './server-match';

// SMART launch configuration, read from the environment at request time (a deploy changes it
// without a rebuild) and passed to the client as plain data. Nothing here is secret: the app is a
// public client (PKCE S256, no client secret).

/** The client id the embedded sandbox accepts; the zero-configuration default. */
export const defaultClientId = 'leg-symptom-differential';

export type ScopeVersion = 'v1' | 'v2';
/** fhirclient's PKCE modes, without "disabled": the app never launches without PKCE. */
export type PkceMode = 'required' | 'ifSupported' | 'unsafeV1';

/**
 * `issMatch`: the FHIR base URL exactly (a trailing slash is ignored), or a regular expression
 * when it starts with "^", e.g. "^https://fhir-ehr\\.cerner\\.com/".
 */
const issMatchSchema = z.string().check(
  z.minLength(1),
  z.refine((value) => {
    if (!value.startsWith('^')) return isAllowedServerUrl(value);
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  }, 'issMatch must be an https URL (http only for localhost) or a regular expression starting with ^'),
);

const serverConfigSchema = z.strictObject({
  issMatch: issMatchSchema,
  clientId: z.string().check(z.minLength(1)),
  scopeVersion: z.optional(z.enum(['v1', 'v2'])),
  pkceMode: z.optional(z.enum(['required', 'ifSupported', 'unsafeV1'])),
  /**
   * false: keep the launch state keyed by the URL's `state` instead of a shared sessionStorage
   * slot. Oracle Health PowerChart embeds apps in browser instances that may share sessionStorage.
   */
  fullSessionStorageSupport: z.optional(z.boolean()),
  /** Replaces the whole scope list, for a server that rejects one of the default scopes. */
  scope: z.optional(z.string().check(z.minLength(1))),
});
export type ServerConfig = z.infer<typeof serverConfigSchema>;

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
});

/** Everything the launch and the shell need; serialisable, so a server component can pass it as props. */
export interface LaunchConfig {
  /** Tried in order; the last entry matches any server (SMART_CLIENT_ID). */
  servers: ServerConfig[];
  defaultIss?: string;
}

export type LaunchConfigResult = { ok: true; config: LaunchConfig } | { ok: false; problems: string[] };

/** Matches any iss: the catch-all entry built from SMART_CLIENT_ID and SMART_SCOPE_VERSION. */
export const anyIss = '^';

export function readLaunchConfig(env: Record<string, string | undefined>): LaunchConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`),
    };
  }
  const { SMART_CLIENT_ID, SMART_SCOPE_VERSION, SMART_SERVERS, SMART_DEFAULT_ISS } = parsed.data;
  const catchAll: ServerConfig = {
    issMatch: anyIss,
    clientId: SMART_CLIENT_ID,
    scopeVersion: SMART_SCOPE_VERSION,
  };
  const servers = SMART_SERVERS.map((server) => ({
    ...server,
    scopeVersion: server.scopeVersion ?? SMART_SCOPE_VERSION,
  }));
  return {
    ok: true,
    config: {
      servers: [...servers, catchAll],
      ...(SMART_DEFAULT_ISS ? { defaultIss: SMART_DEFAULT_ISS } : {}),
    },
  };
}

// The matching and scope helpers live in server-match.ts so the browser, which only needs them,
// does not load the environment schemas above.
export { isAllowedServerUrl, issMatcher, scopesFor, serverConfigFor } from './server-match';
