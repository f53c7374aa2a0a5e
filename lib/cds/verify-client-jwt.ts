import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { TrustedClient } from './config';

// Verifies the CDS Client's bearer JWT (https://cds-hooks.hl7.org/2.0/#trusting-cds-clients):
// asymmetric signature from a key set we trust (allowlisted `jku`, or an allowlisted `iss`),
// `aud` = the URL of the endpoint called, `exp`/`iat`/`jti` present, `jti` not replayed.

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

export type JwtCheck = { ok: true; issuer: string } | { ok: false; reason: string };

const keySets = new Map<string, JWTVerifyGetKey>();
function keySetFor(url: string): JWTVerifyGetKey {
  let keySet = keySets.get(url);
  if (!keySet) {
    keySet = createRemoteJWKSet(new URL(url), { timeoutDuration: 2000, cooldownDuration: 30_000 });
    keySets.set(url, keySet);
  }
  return keySet;
}

/** jti values seen, with their expiry (seconds): a replayed token is refused until it expires. */
const seenJti = new Map<string, number>();
function isReplay(jti: string, exp: number, nowSeconds: number): boolean {
  for (const [id, expiry] of seenJti) if (expiry < nowSeconds) seenJti.delete(id);
  if (seenJti.has(jti)) return true;
  seenJti.set(jti, exp);
  return false;
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

/** The JWKS URL to verify this token with, or null when no allowlist entry vouches for it. */
export function trustedKeySetUrl(
  clients: readonly TrustedClient[],
  header: { jku?: string },
  iss: string | undefined,
): string | null {
  const jku = header.jku;
  for (const client of clients) {
    if ('url' in client) {
      if (jku !== undefined && client.url === jku) return jku;
      // An allowlisted issuer publishing its keys on its own (https) origin.
      if (jku !== undefined && iss !== undefined && client.url === iss) {
        const issuerOrigin = originOf(iss);
        if (issuerOrigin !== null && originOf(jku) === issuerOrigin) return jku;
      }
    } else if (iss !== undefined && client.issuer === iss) {
      if (jku === undefined || jku === client.jwksUrl) return client.jwksUrl;
    }
  }
  return null;
}

export async function verifyClientJwt(
  authorization: string | null,
  options: { clients: readonly TrustedClient[]; audience: string; nowSeconds?: number },
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
  const keySetUrl = trustedKeySetUrl(options.clients, { jku: header.jku }, claims.iss);
  if (keySetUrl === null) return { ok: false, reason: 'issuer or key set not on the allowlist' };
  try {
    const { payload } = await jwtVerify(token, keySetFor(keySetUrl), {
      audience: options.audience,
      algorithms: allowedAlgorithms,
      requiredClaims: ['iss', 'exp', 'iat', 'jti'],
      clockTolerance: 30,
      currentDate: options.nowSeconds === undefined ? undefined : new Date(options.nowSeconds * 1000),
    });
    const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
    if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number') {
      return { ok: false, reason: 'JWT without jti or exp' };
    }
    if (isReplay(`${payload.iss}:${payload.jti}`, payload.exp, nowSeconds)) {
      return { ok: false, reason: 'JWT replayed (jti already seen)' };
    }
    return { ok: true, issuer: String(payload.iss) };
  } catch (error) {
    // jose error codes are safe to report (no token content).
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'verification failed';
    return { ok: false, reason: `JWT rejected: ${code}` };
  }
}
