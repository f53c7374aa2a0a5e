import type { Resource } from '@medplum/fhirtypes';
import { requestOrigin } from './enabled';
import { getFhirServer, patientOf, readResource, type SandboxFhirServer } from './fhir-repository';
import { isSandboxResourceType, scopeAllows } from './scopes';
import { searchBundle } from './search-bundle';
import {
  capabilityStatement,
  type SandboxUrls,
  sandboxUrls,
  smartConfiguration,
} from './smart-configuration';
import { type Claims, verifyToken } from './tokens';

// The sandbox's FHIR base (/sandbox/fhir/...): bearer-token and patient-compartment enforcement,
// faults from the token's claims, then Medplum's router for the search itself.

const fhirJson = 'application/fhir+json; charset=utf-8';

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': fhirJson, 'cache-control': 'no-store', ...headers },
  });
}

export function operationOutcome(
  status: number,
  code: string,
  diagnostics: string,
  headers: Record<string, string> = {},
): Response {
  return json(
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] },
    status,
    headers,
  );
}

function unauthorized(reason: 'missing' | 'expired' | 'invalid'): Response {
  const description = {
    missing: 'A bearer access token is required',
    expired: 'The access token has expired',
    invalid: 'The access token is not valid',
  }[reason];
  const header =
    reason === 'missing'
      ? 'Bearer realm="sandbox"'
      : `Bearer realm="sandbox", error="invalid_token", error_description="${description}"`;
  return operationOutcome(401, 'login', description, { 'www-authenticate': header });
}

function forbidden(diagnostics: string): Response {
  return operationOutcome(403, 'forbidden', diagnostics);
}

export async function bearerClaims(
  request: Request,
): Promise<{ ok: true; claims: Claims<'access'> } | { ok: false; response: Response }> {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return { ok: false, response: unauthorized('missing') };
  const verified = await verifyToken('access', match[1]);
  if (!verified.ok) return { ok: false, response: unauthorized(verified.reason) };
  return { ok: true, claims: verified.claims };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Faults that replace the answer for a resource type, as a real EHR would. */
function faultResponse(claims: Claims<'access'>, type: string): Response | null {
  if (claims.fault === 'medication-statement-unsupported' && type === 'MedicationStatement') {
    return operationOutcome(404, 'not-supported', 'Resource type MedicationStatement is not supported');
  }
  if (claims.fault === 'observation-forbidden' && type === 'Observation') {
    return forbidden('Site policy does not release Observation to this app');
  }
  if (claims.fault === 'medication-request-forbidden' && type === 'MedicationRequest') {
    return forbidden('Site policy does not release MedicationRequest to this app');
  }
  return null;
}

function unsupportedTypes(claims: Claims<'access'> | null): string[] {
  return claims?.fault === 'medication-statement-unsupported' ? ['MedicationStatement'] : [];
}

/** Handles GET <origin>/sandbox/fhir/<path...>. `path` excludes the base. */
export async function handleFhirGet(request: Request, path: string[]): Promise<Response> {
  const url = new URL(request.url);
  const urls = sandboxUrls(requestOrigin(request));
  const [first, second, ...rest] = path;

  if (first === '.well-known' && second === 'smart-configuration' && rest.length === 0) {
    return json(smartConfiguration(urls), 200, { 'content-type': 'application/json' });
  }
  if (first === 'metadata' && second === undefined) {
    // Public, as in real EHRs; a valid token narrows it to what that launch's server "supports".
    const auth = request.headers.has('authorization') ? await bearerClaims(request) : null;
    return json(capabilityStatement(urls, { unsupported: unsupportedTypes(auth?.ok ? auth.claims : null) }));
  }

  const auth = await bearerClaims(request);
  if (!auth.ok) return auth.response;
  const { claims } = auth;
  if (claims.latencyMs > 0) await sleep(claims.latencyMs);

  if (
    !first ||
    rest.length > 0 ||
    first.startsWith('_') ||
    second?.startsWith('_') ||
    second?.startsWith('$')
  ) {
    return operationOutcome(400, 'not-supported', 'Only read (Type/id) and search (Type?...) are supported');
  }
  const type = first;
  const fault = faultResponse(claims, type);
  if (fault) return fault;
  const interaction = second === undefined ? 'search' : 'read';
  if (!isSandboxResourceType(type) || !scopeAllows(claims.scope, type, interaction)) {
    return forbidden(`The granted scopes do not allow ${interaction} of ${type}`);
  }
  const server = await getFhirServer();
  return second === undefined
    ? search(server, urls, claims, type, url.searchParams)
    : read(server, claims, type, second);
}

function inCompartment(resource: Resource, patient: string): boolean {
  return resource.resourceType === 'Medication' || patientOf(resource) === patient;
}

async function read(
  server: SandboxFhirServer,
  claims: Claims<'access'>,
  type: string,
  id: string,
): Promise<Response> {
  const { status, resource, outcome } = await readResource(server, type, id);
  if (!resource) return json(outcome, status);
  if (!inCompartment(resource, claims.patient)) {
    return forbidden(`${type}/${id} is outside the launch patient's compartment`);
  }
  return json(resource, status);
}

/** The search must name the launch patient (patient/subject, or _id for Patient); Medication is shared. */
function compartmentError(type: string, params: URLSearchParams, patient: string): string | null {
  if (type === 'Medication') return null;
  const names = type === 'Patient' ? ['_id'] : ['patient', 'subject'];
  const values = names.flatMap((n) => params.getAll(n)).flatMap((v) => v.split(','));
  if (values.length === 0) return `Search ${type} by ${names.join(' or ')} of the launch patient`;
  const ok = values.every(
    (v) => v === patient || v === `Patient/${patient}` || v.endsWith(`/Patient/${patient}`),
  );
  return ok ? null : `Search ${type} for another patient is not allowed`;
}

async function search(
  server: SandboxFhirServer,
  urls: SandboxUrls,
  claims: Claims<'access'>,
  type: string,
  params: URLSearchParams,
): Promise<Response> {
  if ([...params.keys()].some((k) => k === '_revinclude' || k === '_has' || k.includes('.'))) {
    return operationOutcome(
      400,
      'not-supported',
      '_revinclude, _has and chained parameters are not supported',
    );
  }
  const denial = compartmentError(type, params, claims.patient);
  if (denial) return forbidden(denial);
  const answer = await searchBundle(server, {
    type,
    params,
    fhirBase: urls.fhirBase,
    visible: (r) => inCompartment(r, claims.patient),
    compartmentOf: claims.patient,
    includesAllowed: scopeAllows(claims.scope, 'Medication', 'read'),
  });
  return answer.ok ? json(answer.bundle) : json(answer.outcome, answer.status);
}
