import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { HttpResponse, http } from 'msw';
import type { SetupServer } from 'msw/node';

// The EHR's side of https://cds-hooks.hl7.org/2.0/#trusting-cds-clients for tests: a key pair
// whose JWKS MSW serves at a fresh https URL, and a signer for the bearer JWT of each call.

export const ehrIssuer = 'https://ehr.example.org';
let jwksCounter = 0;
let jtiCounter = 0;

export interface EhrKeys {
  privateKey: CryptoKey;
  jwksUrl: string;
  kid: string;
}

export async function ehrKeys(server: SetupServer, kid = 'ehr-key-1'): Promise<EhrKeys> {
  const { publicKey, privateKey } = await generateKeyPair('ES384', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES384', use: 'sig' };
  // A fresh JWKS URL per test: the service caches key sets by URL.
  const jwksUrl = `${ehrIssuer}/jwks-${++jwksCounter}.json`;
  server.use(http.get(jwksUrl, () => HttpResponse.json({ keys: [jwk] })));
  return { privateKey, jwksUrl, kid };
}

export interface TokenOptions {
  aud: string;
  iss?: string;
  /** null: no jku header. */
  jku?: string | null;
  /** null: no typ header. */
  typ?: string | null;
  expiresIn?: string;
  /** Seconds since the epoch; default now. */
  issuedAt?: number;
  jti?: string;
}

export async function signCallToken(keys: EhrKeys, options: TokenOptions): Promise<string> {
  const header: { alg: string; typ?: string; kid: string; jku?: string } = { alg: 'ES384', kid: keys.kid };
  if (options.typ !== null) header.typ = options.typ ?? 'JWT';
  if (options.jku !== null) header.jku = options.jku ?? keys.jwksUrl;
  const jwt = new SignJWT({ tenant: 'test-tenant' })
    .setProtectedHeader(header)
    .setIssuer(options.iss ?? ehrIssuer)
    .setAudience(options.aud)
    .setJti(options.jti ?? `jti-${++jtiCounter}-${Math.random()}`);
  if (options.issuedAt === undefined) jwt.setIssuedAt();
  else jwt.setIssuedAt(options.issuedAt);
  return jwt.setExpirationTime(options.expiresIn ?? '5m').sign(keys.privateKey);
}
