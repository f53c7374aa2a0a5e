import type { QuarantinedResource, QueryOutcome } from '../contracts/chart-snapshot';
import type { QueryStatus } from '../contracts/ids';
import { resourcesFromBundle } from './bundle-input';
import type { FhirHttp, FhirResponse } from './fhir-http';
import { isRecord } from './json-record';
import { type ChartQuery, type QueryContext, queryPath } from './queries';

// Runs one declared query: a read, or a search followed through its `next` links up to a bound.
// Never throws for server answers (they become the outcome); only SessionExpiredError and aborts
// propagate. A prefetched answer (CDS Hooks) is read by the same page reader (answerFromPrefetch).

export interface QueryResult {
  outcome: QueryOutcome;
  /** Raw resources as received (validated later by parse-chart). */
  resources: unknown[];
  problems: QuarantinedResource[];
}

export interface RunOptions {
  maxPages: number;
  signal?: AbortSignal;
}

/** How an HTTP refusal reads as a data gap (see QueryStatus). */
export function statusForHttp(status: number): QueryStatus {
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 400 || status === 404 || status === 405 || status === 501) return 'unsupported';
  return 'failed';
}

interface Failure {
  status: QueryStatus;
  detail: string;
  httpStatus?: number;
}

function describeFailure(response: Exclude<FhirResponse, { kind: 'ok' }>): Failure {
  switch (response.kind) {
    case 'http-error':
      return {
        status: statusForHttp(response.status),
        detail: `HTTP ${response.status}`,
        httpStatus: response.status,
      };
    case 'network-error':
      return {
        status: 'failed',
        detail:
          response.detail === 'TimeoutError' ? 'timed out' : `no answer from the server (${response.detail})`,
      };
    case 'bad-body':
      return { status: 'failed', detail: 'the answer was not JSON', httpStatus: response.status };
  }
}

/** A 2xx answer that is an OperationOutcome: the server reports a problem, not a result. */
function isOperationOutcome(body: unknown): boolean {
  return isRecord(body) && body.resourceType === 'OperationOutcome';
}

function nextLink(bundle: Record<string, unknown>): string | null {
  if (!Array.isArray(bundle.link)) return null;
  for (const link of bundle.link) {
    if (isRecord(link) && link.relation === 'next' && typeof link.url === 'string' && link.url)
      return link.url;
  }
  return null;
}

/** Reads the entries of one searchset page into `resources`; entries without a resource are problems. */
function readPage(
  bundle: Record<string, unknown>,
  where: string,
  resources: unknown[],
  problems: QuarantinedResource[],
): void {
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  entries.forEach((entry, index) => {
    if (isRecord(entry) && entry.resource !== undefined) resources.push(entry.resource);
    else problems.push({ reference: `${where} entry ${index}`, reason: 'entry without a resource' });
  });
}

export async function runQuery(
  http: FhirHttp,
  query: ChartQuery,
  context: QueryContext,
  options: RunOptions,
): Promise<QueryResult> {
  const base = { resourceType: query.resourceType, label: query.label };
  let first = await http.getJson(queryPath(query, context), options.signal);
  let relaxedNote: string | null = null;
  if (
    query.kind === 'search' &&
    query.droppableOn400?.length &&
    first.kind === 'http-error' &&
    first.status === 400
  ) {
    // A strict server refused a refinement: ask for the plain search once.
    first = await http.getJson(queryPath(query, context, { relaxed: true }), options.signal);
    relaxedNote = `asked without ${query.droppableOn400.join(', ')} after HTTP 400`;
  }

  if (query.kind === 'read') {
    if (first.kind !== 'ok') {
      const failure = describeFailure(first);
      // A read that finds nothing is not an unsupported feature: the record is missing.
      const status = failure.httpStatus === 404 ? 'failed' : failure.status;
      return { outcome: { ...base, ...failure, status }, resources: [], problems: [] };
    }
    if (isOperationOutcome(first.body))
      return {
        outcome: { ...base, status: 'failed', detail: 'the server answered with an OperationOutcome' },
        resources: [],
        problems: [],
      };
    return { outcome: { ...base, status: 'ok' }, resources: [first.body], problems: [] };
  }

  const resources: unknown[] = [];
  const problems: QuarantinedResource[] = [];
  let response: FhirResponse = first;
  let pages = 0;
  for (;;) {
    if (response.kind !== 'ok') {
      const failure = describeFailure(response);
      if (pages === 0) return { outcome: { ...base, ...failure }, resources, problems };
      // Later pages failed: keep what arrived, and say the list is incomplete.
      return {
        outcome: {
          ...base,
          ...failure,
          status: 'failed',
          detail: `page ${pages + 1}: ${failure.detail}`,
          pages,
        },
        resources,
        problems,
      };
    }
    const bundle = response.body;
    if (isOperationOutcome(bundle)) {
      return {
        outcome: { ...base, status: 'failed', detail: 'the server answered with an OperationOutcome', pages },
        resources,
        problems,
      };
    }
    if (!isRecord(bundle) || bundle.resourceType !== 'Bundle') {
      return {
        outcome: { ...base, status: 'failed', detail: 'the answer was not a Bundle', pages },
        resources,
        problems,
      };
    }
    pages++;
    readPage(bundle, `${query.label} page ${pages}`, resources, problems);
    const next = nextLink(bundle);
    if (!next) {
      return {
        outcome: { ...base, status: 'ok', pages, ...(relaxedNote ? { detail: relaxedNote } : {}) },
        resources,
        problems,
      };
    }
    if (!http.isOnServer(next)) {
      // Never send the bearer token to another origin.
      return {
        outcome: { ...base, status: 'truncated', detail: 'next page is on another server', pages },
        resources,
        problems,
      };
    }
    if (pages >= options.maxPages) {
      return {
        outcome: { ...base, status: 'truncated', detail: `stopped after ${pages} pages`, pages },
        resources,
        problems,
      };
    }
    response = await http.getJson(next, options.signal);
  }
}

/**
 * A query answered by a CDS Hooks prefetch value (a resource, or a searchset Bundle) instead of a
 * request. Read like one page of the search: a Bundle with a `next` link is a partial answer.
 */
export function answerFromPrefetch(query: ChartQuery, value: unknown): QueryResult {
  const base = { resourceType: query.resourceType, label: `${query.label} (prefetch)` };
  const gap = (detail: string): QueryResult => ({
    outcome: { ...base, status: 'failed', detail },
    resources: [],
    problems: [],
  });
  if (!isRecord(value) || typeof value.resourceType !== 'string')
    return gap('prefetch value is not a FHIR resource or Bundle');
  if (isOperationOutcome(value)) return gap('prefetch holds an OperationOutcome');
  if (value.resourceType !== 'Bundle')
    return { outcome: { ...base, status: 'ok' }, resources: [value], problems: [] };
  // Any Bundle type an EHR may build, urn:uuid references resolved as for a file.
  const { resources, problems } = resourcesFromBundle(value);
  // Prefetch must come in one piece; a `next` link means the client sent a partial result.
  const outcome: QueryOutcome =
    nextLink(value) !== null
      ? { ...base, status: 'truncated', detail: 'prefetch Bundle has a next page' }
      : { ...base, status: 'ok' };
  return { outcome, resources, problems };
}
