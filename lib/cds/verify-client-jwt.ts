import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { TrustedClient } from './config';
import { MemoryReplayCache, type ReplayCache } from './replay-cache';

// Verifies the CDS Client's bearer JWT (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients):
// asymmetric signature from an https key set we trust (allowlisted `jku`, or an allowlisted `iss`),
// `typ` JWT when present, `aud` = the URL of the endpoint called, `exp`/`iat`/`jti` present, the
// token at most five minutes old and expiring at most five minutes out ("exp ... no more than 5
// minutes in the future"), `jti` not replayed.

/** CDS Hooks forbids `none` and symmetric (HMAC) algorithms. */
const allowedAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/** CDS Hooks: "exp ... no more than 5 minutes in the future"; iat is then at most as old. */
const maxTokenAgeSeconds = 300;
const clockToleranceSeconds = 30;

export type JwtCheck = { ok: true; issuer: string; client: TrustedClient } | { ok: false; reason: string };

const keySets = new Map<string, JWTVerifyGetKey>();
function keySetFor(url: string): JWTVerifyGetKey {
  if (originOf(url) === null) throw new Error('JWKS URLs are https only');
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: 2000, cooldownDuration: 30_000 });
    keySets.set(url, keySet);
  }
  return keySet;
}

/** Per process; see replay-cache.ts for several instances. */
const defaultReplayCache = new MemoryReplayCache();

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The client that vouches for this token and the (https) JWKS URL to verify it with, or null. */
export function trustedKeySet(
  clients: readonly TrustedClient[],
  header: { jku?: string },
  iss: string | undefined,
): { client: TrustedClient; keySetUrl: string } | null {
  const jku = header.jku;
  const httpsJku = jku !== undefined && originOf(jku) !== null;
  for (const client of clients) {
    if ('url' in client) {
      if (httpsJku && client.url === jku) return { client, keySetUrl: jku };
      // An allowlisted issuer publishing its keys on its own (https) origin.
      if (httpsJku && iss !== undefined && client.url === iss) {
        const issuerOrigin = originOf(iss);
        if (issuerOrigin !== null && originOf(jku) === issuerOrigin) return { client, keySetUrl: jku };
      }
    } else if (iss !== undefined && client.issuer === iss && originOf(client.jwksUrl) !== null) {
      if (jku === undefined || jku === client.jwksUrl) return { client, keySetUrl: client.jwksUrl };
    }
  }
  return null;
}

/** The JWKS URL to verify this token with, or null when no allowlist entry vouches for it. */
export function trustedKeySetUrl(
  clients: readonly TrustedClient[],
  header: { jku?: string },
  iss: string | undefined,
): string | null {
  return trustedKeySet(clients, header, iss)?.keySetUrl ?? null;
}

/** RFC 7519 §5.1: "JWT", compared case-insensitively; the media-type form means the same. */
function acceptableTyp(typ: unknown): boolean {
  if (typ === undefined) return true;
  return typeof typ === 'string' && ['jwt', 'application/jwt'].includes(typ.toLowerCase());
}

export async function verifyClientJwt(
  authorization: string | null,
  options: {
    clients: readonly TrustedClient[];
    audience: string;
    nowSeconds?: number;
    replayCache?: ReplayCache;
  },
): Promise<JwtCheck> {
  const match = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)\s*$/i.exec(
    authorization ?? '',
  );
  if (!match?.[1]) return { ok: false, reason: 'missing or malformed bearer JWT' };
  const token = match[1];
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(token);
    claims = decodeJwt(token);
  } catch {
    return { ok: false, reason: 'malformed JWT' };
  }
  if (typeof header.alg !== 'string' || !allowedAlgorithms.includes(header.alg)) {
    return { ok: false, reason: 'JWT algorithm not allowed' };
  }
  if (!acceptableTyp(header.typ)) return { ok: false, reason: 'JWT typ header is not JWT' };
  const trusted = trustedKeySet(options.clients, { jku: header.jku }, claims.iss);
  if (trusted === null) return { ok: false, reason: 'issuer or key set not on the allowlist' };
  try {
    const { payload } = await jwtVerify(token, keySetFor(trusted.keySetUrl), {
      audience: options.audience,
      algorithms: allowedAlgorithms,
      requiredClaims: ['iss', 'exp', 'iat', 'jti'],
      maxTokenAge: maxTokenAgeSeconds,
      clockTolerance: clockToleranceSeconds,
      currentDate: options.nowSeconds === undefined ? undefined : new Date(options.nowSeconds * 1000),
    });
    const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number') {
      return { ok: false, reason: 'JWT without jti or exp' };
    }
    if (payload.exp > nowSeconds + maxTokenAgeSeconds + clockToleranceSeconds) {
      return { ok: false, reason: 'JWT expires more than 5 minutes from now' };
    }
    const cache = options.replayCache ?? defaultReplayCache;
    const verdict = await cache.remember(`${payload.iss}:${payload.jti}`, payload.exp, nowSeconds);
    if (verdict === 'replayed') return { ok: false, reason: 'JWT replayed (jti already seen)' };
    if (verdict === 'full') return { ok: false, reason: 'too many live tokens to check for replay' };
    return { ok: true, issuer: String(payload.iss), client: trusted.client };
  } catch (error) {
    // jose error codes are safe to report (no token content).
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'verification failed';
    return { ok: false, reason: `JWT rejected: ${code}` };
  }
}
