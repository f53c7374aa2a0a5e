import { z } from 'zod';

// CDS service configuration from the environment, validated once. Documented in README.md
// ("CDS Hooks").

/**
 * A CDS Client (EHR) whose signed bearer JWT is accepted
 * (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients: "maintain an allowlist of the iss and jku").
 * - `{ url }`: accepted as the token's `jku` (a JWKS URL), or as its `iss` when the `jku` is on
 *   that issuer's own origin.
 * - `{ issuer, jwksUrl }`: that issuer, with its key set given out of band (tokens without `jku`).
 */
export type TrustedClient = { url: string } | { issuer: string; jwksUrl: string };

export interface CdsConfig {
  /** Public origin (and base path) of the app, e.g. "https://legs.example.org"; else the request's origin. */
  appBaseUrl: string | null;
  /** Null: the EHR's bearer JWT is not checked. Else only these clients are accepted. */
  trustedClients: TrustedClient[] | null;
}

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * One allowlist entry: "https://ehr.example/jwks.json" (a JWKS URL or an issuer: both are tried),
 * or "https://ehr.example/|https://keys.example/jwks.json" (an issuer with its out-of-band JWKS).
 */
const trustedClientSchema = z.string().transform((entry, ctx): TrustedClient => {
  const [first, second, ...rest] = entry.split('|').map((s) => s.trim());
  const urls = second === undefined ? [first] : [first, second];
  if (rest.length > 0 || urls.some((u) => !httpUrl.safeParse(u).success)) {
    ctx.addIssue({ code: 'custom', message: `not a URL or "issuer|jwksUrl" pair: ${entry}` });
    return z.NEVER;
  }
  return second === undefined ? { url: first ?? '' } : { issuer: first ?? '', jwksUrl: second };
});

const envSchema = z.object({
  APP_BASE_URL: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .pipe(httpUrl.optional()),
  CDS_JWKS_ALLOWLIST: z
    .string()
    .optional()
    .transform((v) =>
      v?.trim()
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    )
    .pipe(z.array(trustedClientSchema).min(1).optional()),
});

export type ConfigResult = { ok: true; config: CdsConfig } | { ok: false; error: string };

export function parseCdsConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse({
    APP_BASE_URL: env.APP_BASE_URL,
    CDS_JWKS_ALLOWLIST: env.CDS_JWKS_ALLOWLIST,
  });
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  }
  return {
    ok: true,
    config: {
      appBaseUrl: parsed.data.APP_BASE_URL?.replace(/\/+$/, '') ?? null,
      trustedClients: parsed.data.CDS_JWKS_ALLOWLIST ?? null,
    },
  };
}
