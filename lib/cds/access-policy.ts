import { sandboxEnabled } from '../sandbox/enabled';
import { type CdsConfig, type FhirServerRule, parseCdsConfig, type TrustedClient } from './config';
import type { OutboundException } from './outbound-fetch';

// Who may call the CDS service, and which `fhirServer` it may then have us read from. Pure: the
// handler applies it, and outbound-fetch.ts enforces the network rules again on every request.
//
// - clients: trusted CDS clients are configured; every call needs a valid JWT, and `fhirServer` is
//   read only when it is one of that client's `fhirServers`.
// - sandbox (SANDBOX=1, no clients): the demo; calls need no JWT and are answered from their
//   prefetch; the only `fhirServer` read is the embedded sandbox's own FHIR base.
// - development (not production, no clients): no JWT, prefetch only, nothing is fetched.
// - closed (production, no clients): every call is refused; nothing is read.

export type ServiceMode =
  | { kind: 'clients'; clients: readonly TrustedClient[] }
  | { kind: 'sandbox' }
  | { kind: 'development' }
  | { kind: 'closed' };

export function serviceMode(config: CdsConfig, env: Record<string, string | undefined>): ServiceMode {
  if (config.trustedClients !== null) return { kind: 'clients', clients: config.trustedClients };
  if (sandboxEnabled(env)) return { kind: 'sandbox' };
  if (env.NODE_ENV !== 'production') return { kind: 'development' };
  return { kind: 'closed' };
}

/** One line for the server log, naming settings only. */
export function describeServiceMode(mode: ServiceMode): string {
  switch (mode.kind) {
    case 'clients':
      return `cds-services: accepting calls from ${mode.clients.length} trusted CDS client(s) with a signed JWT`;
    case 'sandbox':
      return 'cds-services: SANDBOX=1: calls need no JWT and are answered from their prefetch (fhirServer: the sandbox FHIR base only)';
    case 'development':
      return 'cds-services: no trusted CDS clients (development): calls need no JWT and are answered from their prefetch only';
    case 'closed':
      return (
        'cds-services: refusing every call: no trusted CDS clients are configured in production. ' +
        'Set CDS_CLIENTS (or CDS_JWKS_ALLOWLIST); see README "CDS Hooks"'
      );
  }
}

/** For the startup log: how calls will be treated, as an error when none will be answered. */
export function startupServiceModeMessage(env: Record<string, string | undefined>): {
  level: 'info' | 'error';
  message: string;
} {
  const parsed = parseCdsConfig(env);
  if (!parsed.ok)
    return { level: 'error', message: `cds-services: configuration is invalid: ${parsed.error}` };
  const mode = serviceMode(parsed.config, env);
  return { level: mode.kind === 'closed' ? 'error' : 'info', message: describeServiceMode(mode) };
}

const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'];

/** The sandbox's own FHIR base as this server was reached (`request.url`, not the Host header). */
export function sandboxFhirRules(requestUrl: string): FhirServerRule[] {
  const url = new URL(requestUrl);
  const hosts = loopbackHosts.includes(url.hostname) ? loopbackHosts : [url.hostname];
  const port = url.port ? `:${url.port}` : '';
  return hosts.map((host) => ({ url: `${url.protocol}//${host}${port}/sandbox/fhir`, privateNetwork: true }));
}

/**
 * The guard's second line for the sandbox: http to a loopback address, under /sandbox/fhir/
 * only. Which port (this server's) is the policy's job (sandboxFhirRules, from request.url).
 */
export function sandboxOutboundException(url: URL): OutboundException | null {
  const sandboxPath = url.pathname === '/sandbox/fhir' || url.pathname.startsWith('/sandbox/fhir/');
  if (!loopbackHosts.includes(url.hostname) || !sandboxPath) return null;
  return { allowHttp: true, allowPrivateAddresses: true };
}

function underRule(url: URL, rule: FhirServerRule): boolean {
  const base = new URL(rule.url);
  if (url.origin !== base.origin) return false;
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = url.pathname.replace(/\/+$/, '');
  return path === basePath || path.startsWith(`${basePath}/`);
}

export type FhirServerPermission = { ok: true; baseUrl: string } | { ok: false; reason: string };

/** Whether `fhirServer` may be read under these rules. Reasons never repeat the URL. */
export function fhirServerPermission(
  fhirServer: string,
  rules: readonly FhirServerRule[],
): FhirServerPermission {
  let url: URL;
  try {
    url = new URL(fhirServer);
  } catch {
    return { ok: false, reason: 'fhirServer is not a URL' };
  }
  if (url.username || url.password || url.search || url.hash) {
    return { ok: false, reason: 'fhirServer has userinfo, a query or a fragment' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: 'fhirServer is not https' };
  }
  const rule = rules.find((r) => underRule(url, r));
  if (!rule) return { ok: false, reason: 'fhirServer is not a server this caller may name' };
  // Under a rule, http is possible only when the rule itself is http (same origin).
  return { ok: true, baseUrl: url.href.replace(/\/+$/, '') };
}

/** The network exception a URL has under these rules (http, private addresses), or null. */
export function outboundExceptionFor(
  rules: readonly FhirServerRule[],
): (url: URL) => OutboundException | null {
  return (url) => {
    const rule = rules.find((r) => underRule(url, r));
    if (!rule) return null;
    return { allowHttp: rule.url.startsWith('http:'), allowPrivateAddresses: rule.privateNetwork };
  };
}
