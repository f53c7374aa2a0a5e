import { fhirUrl } from './fhir-url';

// The one door to the FHIR server: GET with the bearer token, bounded retries, one token refresh.
// Written against a tiny transport so tests drive it with MSW and the app with fhirclient.

export interface FhirTransport {
  /** FHIR base URL (iss), without a trailing slash. */
  baseUrl: string;
  /** Sends a GET with the current access token. */
  fetch(url: string, init: { signal?: AbortSignal; headers: Record<string, string> }): Promise<Response>;
  /**
   * Obtains a new access token; resolves false when there is no refresh token or it was refused.
   * A transport without it has no session to renew (CDS Hooks' `fhirAuthorization`): a 401 is then
   * an answer like 403 (a data gap), not an ended session.
   */
  refresh?: () => Promise<boolean>;
}

/** The access token expired or was revoked and could not be refreshed: the user must relaunch. */
export class SessionExpiredError extends Error {
  constructor() {
    super('The SMART session has ended');
    this.name = 'SessionExpiredError';
  }
}

export type FhirResponse =
  | { kind: 'ok'; status: number; body: unknown }
  | { kind: 'http-error'; status: number }
  | { kind: 'network-error'; detail: string }
  | { kind: 'bad-body'; status: number };

export interface RetryPolicy {
  /** Retries after the first attempt (at most 2). */
  maxRetries: number;
  /** Backoff when the server gives no Retry-After: base, then 2x base. */
  baseDelayMs: number;
  /** Longest wait we accept, whatever Retry-After says. */
  maxDelayMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  sleep: abortableSleep,
};

/** Worth another try for a GET: throttled, or a transient server/gateway failure. */
const retryableStatuses = new Set([429, 500, 502, 503, 504]);

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface FhirHttp {
  baseUrl: string;
  /** Absolute URL for a path relative to the FHIR base ("Patient/1", "Observation?..."); null if it is none. */
  resolve(pathOrUrl: string): string | null;
  /** True when a URL points at the FHIR server's origin, so the bearer token may go there. */
  isOnServer(url: string): boolean;
  getJson(pathOrUrl: string, signal?: AbortSignal): Promise<FhirResponse>;
}

export function createFhirHttp(transport: FhirTransport, policy: Partial<RetryPolicy> = {}): FhirHttp {
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...policy };
  const maxRetries = Math.min(2, Math.max(0, retry.maxRetries));
  const baseUrl = transport.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl).origin;
  // One refresh per loader, shared by the parallel requests that met the same expired token.
  let refreshing: Promise<boolean> | null = null;

  // Absolute URLs are the server's own `next` links (checked with isOnServer before use).
  const resolve = (pathOrUrl: string): string | null =>
    /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : fhirUrl(baseUrl, pathOrUrl);

  async function send(url: string, signal?: AbortSignal): Promise<Response | { networkError: string }> {
    try {
      return await transport.fetch(url, { signal, headers: { accept: 'application/fhir+json' } });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      return { networkError: error instanceof Error ? error.name : 'network error' };
    }
  }

  async function getJson(pathOrUrl: string, signal?: AbortSignal): Promise<FhirResponse> {
    const url = resolve(pathOrUrl);
    if (url === null) return { kind: 'network-error', detail: 'not a FHIR read or search path' };
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const response = await send(url, signal);
      if (!(response instanceof Response)) {
        if (attempt < maxRetries) {
          await retry.sleep(Math.min(retry.baseDelayMs * 2 ** attempt, retry.maxDelayMs), signal);
          continue;
        }
        return { kind: 'network-error', detail: response.networkError };
      }
      if (response.status === 401 && transport.refresh) {
        // Drain the body so the connection can be reused.
        await response.body?.cancel().catch(() => undefined);
        if (!refreshed) {
          refreshed = true;
          refreshing ??= transport.refresh().catch(() => false);
          if (await refreshing) {
            attempt--;
            continue;
          }
        }
        throw new SessionExpiredError();
      }
      if (retryableStatuses.has(response.status) && attempt < maxRetries) {
        await response.body?.cancel().catch(() => undefined);
        const wait =
          retryAfterMs(response.headers.get('retry-after'), Date.now()) ?? retry.baseDelayMs * 2 ** attempt;
        await retry.sleep(Math.min(wait, retry.maxDelayMs), signal);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { kind: 'http-error', status: response.status };
      }
      try {
        return { kind: 'ok', status: response.status, body: await response.json() };
      } catch {
        if (signal?.aborted) throw signal.reason;
        return { kind: 'bad-body', status: response.status };
      }
    }
  }

  return {
    baseUrl,
    resolve,
    isOnServer: (url) => {
      try {
        return new URL(url, `${baseUrl}/`).origin === origin;
      } catch {
        return false;
      }
    },
    getJson,
  };
}
