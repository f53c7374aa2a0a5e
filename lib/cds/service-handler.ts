import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { Report } from '../contracts/report-schema';
import {
  describeServiceMode,
  fhirServerPermission,
  type ServiceMode,
  sandboxFhirRules,
  serviceMode,
} from './access-policy';
import { cardsFromReport } from './cards';
import { chartFromRequest } from './chart-from-request';
import { type CdsConfig, type FhirServerRule, parseCdsConfig } from './config';
import { readCappedBody } from './read-capped-body';
import { type CdsRequest, cdsRequestSchema, describeRequestIssues } from './request-schema';
import { discoveryResponse, hook, serviceId } from './service-definition';
import { verifyClientJwt } from './verify-client-jwt';

// The CDS Hooks endpoints as Web Request -> Response functions, so the Next.js route handlers
// stay one line and tests (and the load bench) can call them directly. No PHI is logged and
// the request body is not kept. Who may call, and which fhirServer is read: access-policy.ts.

export interface CdsServiceDeps {
  /** The pure pipeline: ChartSnapshot -> Report (lib/differential/analyze-chart.ts). */
  analyze: (snapshot: ChartSnapshot, now: Date) => Report;
  /** LOINC codes of the lab Observations to prefetch (from lib/knowledge). */
  labCodes: readonly string[];
  env: Record<string, string | undefined>;
  /** Reads from `fhirServer` (production: the guarded fetch of outbound-fetch.ts). */
  fetch: typeof fetch;
  now: () => Date;
  newId: () => string;
  /** Total budget for reads from the EHR's FHIR server, per request. */
  fhirTimeoutMs: number;
}

/** Prefetch bundles can be large, but not unbounded. */
export const maxBodyBytes = 10 * 1024 * 1024;

export type IssueCode = 'invalid' | 'security' | 'not-supported' | 'incomplete' | 'too-costly' | 'exception';

/**
 * Browser-based CDS Clients (e.g. the CDS Hooks sandbox) call cross-origin: only the origins in
 * CDS_CORS_ORIGINS get CORS headers, so no other web page can drive the service from a visitor's
 * browser (on an intranet, say).
 */
export function corsHeaders(corsOrigins: readonly string[], request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null || !corsOrigins.includes(origin)) return { vary: 'origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-headers': 'authorization, content-type',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-max-age': '600',
    vary: 'origin',
  };
}

export function corsPreflight(request: Request, deps: Pick<CdsServiceDeps, 'env'>): Response {
  const parsed = parseCdsConfig(deps.env);
  const headers = corsHeaders(parsed.ok ? parsed.config.corsOrigins : [], request);
  return new Response(null, { status: 204, headers });
}

export function operationOutcome(
  status: number,
  code: IssueCode,
  diagnostics: string,
  headers?: Record<string, string>,
): Response {
  return Response.json(
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] },
    { status, headers: { 'cache-control': 'no-store', ...headers } },
  );
}

export function baseUrl(config: CdsConfig, request: Request): string {
  return config.appBaseUrl ?? new URL(request.url).origin;
}

const logged = new Set<string>();
/** Configuration messages name settings, never request data; each is logged once per process. */
function logOnce(message: string) {
  if (logged.has(message)) return;
  logged.add(message);
  console.error(message);
}

export interface CallContext {
  config: CdsConfig;
  mode: ServiceMode;
  cors: Record<string, string>;
}

export function callContext(
  request: Request,
  env: Record<string, string | undefined>,
): CallContext | Response {
  const parsed = parseCdsConfig(env);
  if (!parsed.ok) {
    // A deployment error, not the caller's: the log says which setting; the caller learns nothing.
    logOnce(`cds-services: configuration is invalid: ${parsed.error}`);
    return operationOutcome(500, 'exception', 'the CDS service is not configured correctly');
  }
  const mode = serviceMode(parsed.config, env);
  const cors = corsHeaders(parsed.config.corsOrigins, request);
  if (mode.kind === 'closed') {
    logOnce(describeServiceMode(mode));
    return operationOutcome(
      403,
      'security',
      'this CDS service accepts calls only from the CDS clients it is configured to trust',
      cors,
    );
  }
  return { config: parsed.config, mode, cors };
}

/** The FHIR servers this call may name, or the 401 that refuses it. */
export async function checkCaller(
  context: CallContext,
  request: Request,
  audience: string,
): Promise<FhirServerRule[] | Response> {
  const sandbox = context.mode.kind === 'sandbox' ? sandboxFhirRules(request.url) : [];
  if (context.mode.kind !== 'clients') return sandbox;
  const check = await verifyClientJwt(request.headers.get('authorization'), {
    clients: context.mode.clients,
    audience,
  });
  if (!check.ok) {
    return operationOutcome(401, 'security', check.reason, { ...context.cors, 'www-authenticate': 'Bearer' });
  }
  return [...(check.client.fhirServers ?? [])];
}

/** GET {base}/cds-services */
export async function handleDiscovery(
  request: Request,
  deps: Pick<CdsServiceDeps, 'env' | 'labCodes'>,
): Promise<Response> {
  const context = callContext(request, deps.env);
  if (context instanceof Response) return context;
  const caller = await checkCaller(context, request, `${baseUrl(context.config, request)}/cds-services`);
  if (caller instanceof Response) return caller;
  return Response.json(discoveryResponse(deps.labCodes), {
    headers: { 'cache-control': 'no-store', ...context.cors },
  });
}

/**
 * The request as the gatherer may use it: an allowed fhirServer stays (normalised); one this
 * caller may not name is dropped with its token, so the call is answered from its prefetch.
 */
export function withPermittedServer(
  request: CdsRequest,
  rules: readonly FhirServerRule[],
): { request: CdsRequest; refused: string | null } {
  if (request.fhirServer === undefined) return { request, refused: null };
  const permission = fhirServerPermission(request.fhirServer, rules);
  if (permission.ok) return { request: { ...request, fhirServer: permission.baseUrl }, refused: null };
  const { fhirServer: _server, fhirAuthorization: _token, ...rest } = request;
  return { request: rest, refused: permission.reason };
}

export async function readJsonBody(
  request: Request,
  cors: Record<string, string>,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const read = await readCappedBody(request, maxBodyBytes);
  if (read.status === 'too-large') {
    // Close the connection: the rest of the body is not read, not even to drain it.
    const headers = { ...cors, connection: 'close' };
    return { ok: false, response: operationOutcome(413, 'too-costly', 'request body too large', headers) };
  }
  if (read.status === 'unreadable') {
    return { ok: false, response: operationOutcome(400, 'invalid', 'request body could not be read', cors) };
  }
  try {
    return { ok: true, body: JSON.parse(read.text) };
  } catch {
    return { ok: false, response: operationOutcome(400, 'invalid', 'request body is not JSON', cors) };
  }
}

/**
 * The chart for a call, read through the one reader: from its prefetch, and from its fhirServer only
 * when this caller may name that server; 412 when there is nothing to read it from.
 */
export async function chartForCall(
  request: CdsRequest,
  rules: readonly FhirServerRule[],
  deps: Pick<CdsServiceDeps, 'labCodes' | 'fetch' | 'fhirTimeoutMs'>,
  cors: Record<string, string>,
): Promise<ChartSnapshot | Response> {
  const permitted = withPermittedServer(request, rules);
  const gathered = await chartFromRequest(permitted.request, {
    labLoincCodes: deps.labCodes,
    fetch: deps.fetch,
    timeoutMs: deps.fhirTimeoutMs,
    maxPages: 5,
    ...(permitted.refused ? { noServerReason: `${permitted.refused}, so it was not read` } : {}),
  });
  if (gathered.ok) return gathered.snapshot;
  const reason = permitted.refused ? `no prefetch, and ${permitted.refused}` : gathered.reason;
  return operationOutcome(412, 'incomplete', reason, cors);
}

/** POST {base}/cds-services/leg-symptom-differential */
export async function handleServiceCall(request: Request, deps: CdsServiceDeps): Promise<Response> {
  const context = callContext(request, deps.env);
  if (context instanceof Response) return context;
  const { cors } = context;
  const base = baseUrl(context.config, request);
  const rules = await checkCaller(context, request, `${base}/cds-services/${serviceId}`);
  if (rules instanceof Response) return rules;

  const read = await readJsonBody(request, cors);
  if (!read.ok) return read.response;
  const parsed = cdsRequestSchema.safeParse(read.body);
  if (!parsed.success) {
    return operationOutcome(
      400,
      'invalid',
      `invalid CDS Hooks request: ${describeRequestIssues(parsed.error)}`,
      cors,
    );
  }
  if (parsed.data.hook !== hook) {
    return operationOutcome(400, 'not-supported', `this service answers the ${hook} hook only`, cors);
  }

  const chart = await chartForCall(parsed.data, rules, deps, cors);
  if (chart instanceof Response) return chart;

  let report: Report;
  try {
    report = deps.analyze(chart, deps.now());
  } catch (error) {
    // A bug in the core, not bad input: report the error class only (its message may quote chart data).
    const name = error instanceof Error ? error.name : 'unknown error';
    console.error(`cds-services/${serviceId}: analysis failed (${name})`);
    return operationOutcome(500, 'exception', 'the analysis failed', cors);
  }
  const cards = cardsFromReport(report, { launchUrl: `${base}/launch`, newId: deps.newId });
  return Response.json({ cards }, { headers: { 'cache-control': 'no-store', ...cors } });
}
