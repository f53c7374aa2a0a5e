import { randomBytes } from 'node:crypto';
import { EncryptJWT, jwtDecrypt, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { faultIds } from './faults';

// Every artefact of the sandbox's OAuth flow is a short-lived JWT keyed by a secret made at process
// start. Access and refresh tokens are signed (HS256). Launch contexts and authorization codes travel
// in URLs, so they are encrypted (dir + A256GCM, which also authenticates them): a URL never shows
// the patient id. Nothing is stored server-side except the ids of codes already redeemed (single-use).

const globalKey = Symbol.for('leg-symptom-differential.sandbox.token-state');
interface TokenState {
  secret: Uint8Array;
  redeemedCodes: Map<string, number>;
}
type GlobalWithTokens = typeof globalThis & { [globalKey]?: TokenState };

function state(): TokenState {
  const g = globalThis as GlobalWithTokens;
  g[globalKey] ??= { secret: new Uint8Array(randomBytes(32)), redeemedCodes: new Map() };
  return g[globalKey];
}

export const issuer = 'sandbox-ehr';
export const lifetimes = { launchS: 3600, codeS: 60, accessS: 300, refreshS: 3600 };

const contextClaims = {
  patient: z.string(),
  fault: z.enum(faultIds),
  latencyMs: z.number().int().min(0),
  /** EHR launch shows the patient in the EHR's own header; standalone needs the app's banner. */
  mode: z.enum(['ehr', 'standalone']),
};

const schemas = {
  launch: z.object({ typ: z.literal('launch'), ...contextClaims }),
  code: z.object({
    typ: z.literal('code'),
    ...contextClaims,
    jti: z.string(),
    client_id: z.string(),
    redirect_uri: z.string(),
    code_challenge: z.string(),
    scope: z.string(),
    aud: z.string(),
  }),
  access: z.object({ typ: z.literal('access'), ...contextClaims, client_id: z.string(), scope: z.string() }),
  refresh: z.object({
    typ: z.literal('refresh'),
    ...contextClaims,
    client_id: z.string(),
    scope: z.string(),
  }),
};

export type TokenKind = keyof typeof schemas;
export type Claims<K extends TokenKind> = z.infer<(typeof schemas)[K]>;

/** Signs claims of one kind. `expiresInS` may be 0 or negative to mint an already-expired token. */
/** Kinds that appear in URLs: encrypted rather than only signed. */
const sealedKinds: ReadonlySet<TokenKind> = new Set<TokenKind>(['launch', 'code']);

export async function signToken<K extends TokenKind>(
  claims: Claims<K>,
  expiresInS: number,
  now: Date = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  if (sealedKinds.has(claims.typ)) {
    return new EncryptJWT({ ...claims })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuer(issuer)
      .setIssuedAt(iat)
      .setExpirationTime(iat + expiresInS)
      .encrypt(state().secret);
  }
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + expiresInS)
    .sign(state().secret);
}

export type VerifyResult<K extends TokenKind> =
  | { ok: true; claims: Claims<K> }
  | { ok: false; reason: 'expired' | 'invalid' };

export async function verifyToken<K extends TokenKind>(
  kind: K,
  token: string,
  now: Date = new Date(),
): Promise<VerifyResult<K>> {
  try {
    const options = { issuer, currentDate: now, clockTolerance: 0 };
    const { payload } = sealedKinds.has(kind)
      ? await jwtDecrypt(token, state().secret, {
          ...options,
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
        })
      : await jwtVerify(token, state().secret, { ...options, algorithms: ['HS256'] });
    const parsed = schemas[kind].safeParse(payload);
    if (!parsed.success) return { ok: false, reason: 'invalid' };
    return { ok: true, claims: parsed.data as Claims<K> };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
  }
}

/** Marks a code's id as used; false if it was used before (a replayed code). */
export function redeemCode(jti: string, now: Date = new Date()): boolean {
  const { redeemedCodes } = state();
  const nowS = now.getTime() / 1000;
  for (const [id, expires] of redeemedCodes) if (expires < nowS) redeemedCodes.delete(id);
  if (redeemedCodes.has(jti)) return false;
  redeemedCodes.set(jti, nowS + lifetimes.codeS + 5);
  return true;
}

export function newId(): string {
  return randomBytes(12).toString('base64url');
}
