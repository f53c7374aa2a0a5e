import { z } from 'zod';

// CDS service configuration from the environment, validated once. Documented in README.md
// ("CDS Hooks").

/**
 * A FHIR server a trusted client may name as `fhirServer`: a base URL (every path under it
 * matches) without userinfo, query or fragment. Plain http, or an address on a private network,
 * is allowed only for servers listed with it explicitly (`http://…`, `privateNetwork: true`).
 */
export interface FhirServerRule {
  /** Base URL without a trailing slash. */
  url: string;
  privateNetwork: boolean;
}

/**
 * A CDS Client (EHR) whose signed bearer JWT is accepted
 * (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients: "maintain an allowlist of the iss and jku").
 * - `{ url }`: accepted as the token's `jku` (a JWKS URL), or as its `iss` when the `jku` is on
 *   that issuer's own origin.
 * - `{ issuer, jwksUrl }`: that issuer, with its key set given out of band (tokens without `jku`).
 * `fhirServers`: the servers its calls may have us read from (none: prefetch only).
 */
export type TrustedClient = ({ url: string } | { issuer: string; jwksUrl: string }) & {
  fhirServers?: readonly FhirServerRule[];
};

export interface CdsConfig {
  /** Public origin (and base path) of the app, e.g. "https://legs.example.org"; else the request's origin. */
  appBaseUrl: string | null;
  /** Null: no client is configured (see access-policy.ts for what that means per mode). */
  trustedClients: TrustedClient[] | null;
  /** Origins of browser-based CDS Clients allowed by CORS; empty: no CORS headers. */
  corsOrigins: string[];
}

const httpUrl = z.url({ protocol: /^https?$/ });
/** Key sets are fetched by the service: https only. */
const httpsUrl = z.url({ protocol: /^https$/ });

/**
 * One allowlist entry: "https://ehr.example/jwks.json" (a JWKS URL or an issuer: both are tried),
 * or "https://ehr.example/|https://keys.example/jwks.json" (an issuer with its out-of-band JWKS).
 */
const trustedClientSchema = z.string().transform((entry, ctx): TrustedClient => {
  const [first, second, ...rest] = entry.split('|').map((s) => s.trim());
  if (rest.length > 0 || first === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a URL or "issuer|jwksUrl" pair: ${entry}` });
    return z.NEVER;
  }
  if (second === undefined) {
    if (!httpsUrl.safeParse(first).success) {
      ctx.addIssue({ code: 'custom', message: `not an https URL: ${entry}` });
      return z.NEVER;
    }
    return { url: first };
  }
  if (!httpUrl.safeParse(first).success || !httpsUrl.safeParse(second).success) {
    ctx.addIssue({ code: 'custom', message: `not an "issuer|https JWKS URL" pair: ${entry}` });
    return z.NEVER;
  }
  return { issuer: first, jwksUrl: second };
});

/** A FHIR base for `fhirServers`: http(s), no userinfo, query or fragment. */
const fhirServerUrl = httpUrl.transform((value, ctx) => {
  const url = new URL(value);
  if (url.username || url.password || url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: `a FHIR base has no userinfo, query or fragment: ${value}` });
    return z.NEVER;
  }
  return url.href.replace(/\/+$/, '');
});

const fhirServerRuleSchema = z.union([
  fhirServerUrl.transform((url): FhirServerRule => ({ url, privateNetwork: false })),
  z
    .strictObject({ url: fhirServerUrl, privateNetwork: z.boolean().optional() })
    .transform((rule): FhirServerRule => ({ url: rule.url, privateNetwork: rule.privateNetwork ?? false })),
]);

/** CDS_CLIENTS: the JSON form, where each client also lists the FHIR servers it may name. */
const cdsClientSchema = z
  .strictObject({
    issuer: httpUrl,
    /** Absent: the token's `jku` must be an https URL on the issuer's own origin. */
    jwksUrl: httpsUrl.optional(),
    fhirServers: z.array(fhirServerRuleSchema).default([]),
  })
  .transform(
    (client): TrustedClient =>
      client.jwksUrl === undefined
        ? { url: client.issuer, fhirServers: client.fhirServers }
        : { issuer: client.issuer, jwksUrl: client.jwksUrl, fhirServers: client.fhirServers },
  );

const jsonText = z.string().transform((raw, ctx): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
    return z.NEVER;
  }
});

const blankToUndefined = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** A browser origin: https, or http on this machine. */
const corsOrigin = httpUrl.transform((value, ctx) => {
  const url = new URL(value);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    ctx.addIssue({ code: 'custom', message: `CORS origins use https (http only for localhost): ${value}` });
    return z.NEVER;
  }
  return url.origin;
});

const envSchema = z.object({
  APP_BASE_URL: z.string().optional().transform(blankToUndefined).pipe(httpUrl.optional()),
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
  CDS_CLIENTS: z
    .string()
    .optional()
    .transform(blankToUndefined)
    .pipe(jsonText.pipe(z.array(cdsClientSchema).min(1)).optional()),
  CDS_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(corsOrigin)),
});

export type ConfigResult = { ok: true; config: CdsConfig } | { ok: false; error: string };

export function parseCdsConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse({
    APP_BASE_URL: env.APP_BASE_URL,
    CDS_JWKS_ALLOWLIST: env.CDS_JWKS_ALLOWLIST,
    CDS_CLIENTS: env.CDS_CLIENTS,
    CDS_CORS_ORIGINS: env.CDS_CORS_ORIGINS,
  });
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  }
  const clients = [...(parsed.data.CDS_JWKS_ALLOWLIST ?? []), ...(parsed.data.CDS_CLIENTS ?? [])];
  return {
    ok: true,
    config: {
      appBaseUrl: parsed.data.APP_BASE_URL?.replace(/\/+$/, '') ?? null,
      trustedClients: clients.length > 0 ? clients : null,
      corsOrigins: parsed.data.CDS_CORS_ORIGINS,
    },
  };
}
