import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { Report } from '../contracts/report-schema';
import { cardsFromReport } from './cards';
import { chartFromRequest } from './chart-from-request';
import { type CdsConfig, parseCdsConfig } from './config';
import { cdsRequestSchema, describeRequestIssues } from './request-schema';
import { discoveryResponse, hook, serviceId } from './service-definition';
import { verifyClientJwt } from './verify-client-jwt';

// The CDS Hooks endpoints as Web Request -> Response functions, so the Next.js route handlers
// stay one line and tests (and the load bench) can call them directly. No PHI is logged and
// the request body is not kept.

export interface CdsServiceDeps {
  /** The pure pipeline: ChartSnapshot -> Report (lib/differential/analyze-chart.ts). */
  analyze: (snapshot: ChartSnapshot, now: Date) => Report;
  /** LOINC codes of the lab Observations to prefetch (from lib/knowledge). */
  labCodes: readonly string[];
  env: Record<string, string | undefined>;
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
 * Browser-based CDS Clients (e.g. the CDS Hooks sandbox) call cross-origin. Any origin may call:
 * the service uses no cookies, and trust comes from the signed JWT, not from the origin.
 */
export const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-max-age': '600',
};

export function corsPreflight(): Response {
  return new Response(null, { status: 204, headers: corsHeaders });
}

export function operationOutcome(
  status: number,
  code: IssueCode,
  diagnostics: string,
  headers?: HeadersInit,
): Response {
  return Response.json(
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] },
    { status, headers: { 'cache-control': 'no-store', ...corsHeaders, ...headers } },
  );
}

export function baseUrl(config: CdsConfig, request: Request): string {
  return config.appBaseUrl ?? new URL(request.url).origin;
}

export async function checkClient(
  config: CdsConfig,
  request: Request,
  audience: string,
): Promise<Response | null> {
  if (config.trustedClients === null) return null;
  const check = await verifyClientJwt(request.headers.get('authorization'), {
    clients: config.trustedClients,
    audience,
  });
  if (check.ok) return null;
  return operationOutcome(401, 'security', check.reason, { 'www-authenticate': 'Bearer' });
}

export function loadConfig(deps: Pick<CdsServiceDeps, 'env'>): CdsConfig | Response {
  const parsed = parseCdsConfig(deps.env);
  if (parsed.ok) return parsed.config;
  // A deployment error, not the caller's: say which setting, never echo values from the request.
  return operationOutcome(500, 'exception', `CDS service configuration is invalid: ${parsed.error}`);
}

/** GET {base}/cds-services */
export async function handleDiscovery(
  request: Request,
  deps: Pick<CdsServiceDeps, 'env' | 'labCodes'>,
): Promise<Response> {
  const config = loadConfig(deps);
  if (config instanceof Response) return config;
  const refused = await checkClient(config, request, `${baseUrl(config, request)}/cds-services`);
  if (refused) return refused;
  return Response.json(discoveryResponse(deps.labCodes), {
    headers: { 'cache-control': 'no-store', ...corsHeaders },
  });
}

export async function readJsonBody(
  request: Request,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBodyBytes) {
    return { ok: false, response: operationOutcome(413, 'too-costly', 'request body too large') };
  }
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, response: operationOutcome(400, 'invalid', 'request body could not be read') };
  }
  if (text.length > maxBodyBytes) {
    return { ok: false, response: operationOutcome(413, 'too-costly', 'request body too large') };
  }
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, response: operationOutcome(400, 'invalid', 'request body is not JSON') };
  }
}

/** POST {base}/cds-services/leg-symptom-differential */
export async function handleServiceCall(request: Request, deps: CdsServiceDeps): Promise<Response> {
  const config = loadConfig(deps);
  if (config instanceof Response) return config;
  const base = baseUrl(config, request);
  const refused = await checkClient(config, request, `${base}/cds-services/${serviceId}`);
  if (refused) return refused;

  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = cdsRequestSchema.safeParse(read.body);
  if (!parsed.success) {
    return operationOutcome(
      400,
      'invalid',
      `invalid CDS Hooks request: ${describeRequestIssues(parsed.error)}`,
    );
  }
  if (parsed.data.hook !== hook) {
    return operationOutcome(400, 'not-supported', `this service answers the ${hook} hook only`);
  }

  const gathered = await chartFromRequest(parsed.data, {
    labLoincCodes: deps.labCodes,
    fetch: deps.fetch,
    timeoutMs: deps.fhirTimeoutMs,
    maxPages: 5,
  });
  if (!gathered.ok) return operationOutcome(412, 'incomplete', gathered.reason);

  let report: Report;
  try {
    report = deps.analyze(gathered.snapshot, deps.now());
  } catch (error) {
    // A bug in the core, not bad input: report the error class only (its message may quote chart data).
    const name = error instanceof Error ? error.name : 'unknown error';
    console.error(`cds-services/${serviceId}: analysis failed (${name})`);
    return operationOutcome(500, 'exception', 'the analysis failed');
  }
  const cards = cardsFromReport(report, { launchUrl: `${base}/launch`, newId: deps.newId });
  return Response.json({ cards }, { headers: { 'cache-control': 'no-store', ...corsHeaders } });
}
