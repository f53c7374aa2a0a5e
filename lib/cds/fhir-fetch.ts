import type { QueryOutcome, QueryStatus } from '../fhir/chart-snapshot';
import { isRecord } from '../fhir/json-record';
import { OutboundRefusedError } from './outbound-fetch';

// Reads from the CDS Client's FHIR server with the token it passed in `fhirAuthorization`
// (https://cds-hooks.hl7.org/2.0/#fhir-resource-access). Every failure becomes a QueryOutcome
// (a data gap), never an exception and never an empty "none found".

export interface FhirAccess {
  /** Base URL without a trailing slash. */
  baseUrl: string;
  accessToken?: string;
  signal: AbortSignal;
  fetch: typeof fetch;
  /** Search pages followed before a result counts as truncated. */
  maxPages: number;
}

export interface FetchResult {
  /** Bodies of the pages read (Bundles) or the resource read. */
  bodies: unknown[];
  status: QueryStatus;
  httpStatus?: number;
  detail?: string;
  pages: number;
}

export function statusForHttp(httpStatus: number): QueryStatus {
  if (httpStatus === 401 || httpStatus === 403) return 'forbidden';
  if ([400, 404, 405, 501].includes(httpStatus)) return 'unsupported';
  return 'failed';
}

/** The `next` link of a searchset Bundle, if any. */
export function nextLink(bundle: unknown): string | null {
  if (!isRecord(bundle) || !Array.isArray(bundle.link)) return null;
  for (const link of bundle.link) {
    if (isRecord(link) && link.relation === 'next' && typeof link.url === 'string') return link.url;
  }
  return null;
}

/**
 * A relative FHIR path ("Type/id" or "Type?query") under the base URL (base paths like "/fhir/R4"
 * are kept). Built with the URL API: each segment is percent-encoded, so no part of the path can
 * climb out of the base or add a query or a host.
 */
export function resolveFhirUrl(baseUrl: string, path: string): string {
  const url = new URL(baseUrl);
  const queryAt = path.indexOf('?');
  const segments = (queryAt === -1 ? path : path.slice(0, queryAt)).split('/').filter(Boolean);
  if (segments.length === 0 || segments.some((s) => /^\.+$/.test(s))) {
    throw new OutboundRefusedError('not a FHIR read or search path');
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${segments.map(encodeURIComponent).join('/')}`;
  url.search = queryAt === -1 ? '' : new URLSearchParams(path.slice(queryAt + 1)).toString();
  url.hash = '';
  return url.href;
}

/**
 * GETs `path` and follows `next` links up to `maxPages`. A `next` link on another origin is not
 * followed (the token must not leave the FHIR server): the result is marked truncated.
 */
export async function fetchFhir(access: FhirAccess, path: string): Promise<FetchResult> {
  const origin = new URL(access.baseUrl).origin;
  const bodies: unknown[] = [];
  let url: string | null;
  try {
    url = resolveFhirUrl(access.baseUrl, path);
  } catch {
    return { bodies, status: 'failed', detail: 'not a FHIR read or search path', pages: 0 };
  }
  let pages = 0;
  while (url !== null) {
    if (pages >= access.maxPages) {
      return { bodies, status: 'truncated', detail: `stopped after ${pages} pages`, pages };
    }
    if (new URL(url).origin !== origin) {
      return { bodies, status: 'truncated', detail: 'next page on another origin not followed', pages };
    }
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'application/fhir+json' };
      if (access.accessToken) headers.authorization = `Bearer ${access.accessToken}`;
      response = await access.fetch(url, { headers, signal: access.signal, redirect: 'error' });
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      // The guard's reasons name rules, not data: "https only", "redirects are not followed".
      const detail = error instanceof OutboundRefusedError ? `refused: ${error.message}` : 'network error';
      return { bodies, status: 'failed', detail: timedOut ? 'timed out' : detail, pages };
    }
    if (!response.ok) {
      // Drain the body so the connection can be reused; its content is not needed.
      await response.body?.cancel().catch(() => undefined);
      return {
        bodies,
        status: statusForHttp(response.status),
        httpStatus: response.status,
        detail: `HTTP ${response.status}`,
        pages,
      };
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      const detail =
        error instanceof OutboundRefusedError ? `refused: ${error.message}` : 'unparseable response';
      return { bodies, status: 'failed', httpStatus: response.status, detail, pages };
    }
    pages += 1;
    if (isRecord(body) && body.resourceType === 'OperationOutcome') {
      return {
        bodies,
        status: 'failed',
        httpStatus: response.status,
        detail: 'OperationOutcome returned',
        pages,
      };
    }
    bodies.push(body);
    url = nextLink(body);
  }
  return { bodies, status: 'ok', pages };
}

export function outcomeOf(
  resourceType: QueryOutcome['resourceType'],
  label: string,
  result: FetchResult,
): QueryOutcome {
  const outcome: QueryOutcome = { resourceType, status: result.status, label, pages: result.pages };
  if (result.detail !== undefined) outcome.detail = result.detail;
  if (result.httpStatus !== undefined) outcome.httpStatus = result.httpStatus;
  return outcome;
}
