import { delay, HttpResponse, http, type JsonBodyType } from 'msw';
import epicEncounterDx from '@/fhir-fixtures/servers/epic/condition-encounter-diagnosis.json';
import epicProblems from '@/fhir-fixtures/servers/epic/condition-problem-list-item.json';
import epicEmpty from '@/fhir-fixtures/servers/epic/empty-with-outcome.json';
import epicGaba from '@/fhir-fixtures/servers/epic/medication-eMedGaba300.json';
import epicSert from '@/fhir-fixtures/servers/epic/medication-eMedSert50.json';
import epicMedRequests from '@/fhir-fixtures/servers/epic/medication-request.json';
import epicMedStatements from '@/fhir-fixtures/servers/epic/medication-statement.json';
import epicMetadata from '@/fhir-fixtures/servers/epic/metadata.json';
import epicLabs from '@/fhir-fixtures/servers/epic/observation-laboratory.json';
import epic400 from '@/fhir-fixtures/servers/epic/operation-outcome-400.json';
import epic403 from '@/fhir-fixtures/servers/epic/operation-outcome-403.json';
import epic404 from '@/fhir-fixtures/servers/epic/operation-outcome-404.json';
import epicNoCategory from '@/fhir-fixtures/servers/epic/operation-outcome-observation-no-category.json';
import epicPatient from '@/fhir-fixtures/servers/epic/patient.json';
import oracleConditions from '@/fhir-fixtures/servers/oracle-health/condition-search.json';
import oracleAdministrations from '@/fhir-fixtures/servers/oracle-health/medication-administration.json';
import oracleMedRequests from '@/fhir-fixtures/servers/oracle-health/medication-request.json';
import oracleMetadata from '@/fhir-fixtures/servers/oracle-health/metadata.json';
import oracleLabsPage1 from '@/fhir-fixtures/servers/oracle-health/observation-page-1.json';
import oracleLabsPage2 from '@/fhir-fixtures/servers/oracle-health/observation-page-2.json';
import oracle500 from '@/fhir-fixtures/servers/oracle-health/operation-outcome-500.json';
import oraclePatient from '@/fhir-fixtures/servers/oracle-health/patient.json';
import plainProblems from '@/fhir-fixtures/servers/plain-r4/condition-problem-list-item.json';
import plainEmpty from '@/fhir-fixtures/servers/plain-r4/empty.json';
import plainMedRequests from '@/fhir-fixtures/servers/plain-r4/medication-request.json';
import plainMedStatements from '@/fhir-fixtures/servers/plain-r4/medication-statement.json';
import plainMetadata from '@/fhir-fixtures/servers/plain-r4/metadata.json';
import plainLabs from '@/fhir-fixtures/servers/plain-r4/observation-laboratory.json';
import plainPatient from '@/fhir-fixtures/servers/plain-r4/patient.json';
import type { FhirTransport } from '@/lib/fhir/fhir-http';

// MSW emulations of three kinds of FHIR server, serving the responses in fhir-fixtures/servers (each
// folder's README says which vendor page each file follows) with each server's behaviour. Every
// request is logged with its start and end time, so tests can count parallel waves from in-flight overlap.

export interface EmulatedRequest {
  /** Path after the FHIR base, e.g. "Observation" or "Patient/123". */
  path: string;
  resourceType: string;
  id?: string;
  params: URLSearchParams;
  url: URL;
  authorization: string | null;
}

export type Route = (request: EmulatedRequest) => Response | Promise<Response>;

export interface LoggedRequest {
  path: string;
  params: URLSearchParams;
  /** The raw query string as sent (to check percent-encoding). */
  search: string;
  status: number;
  start: number;
  end: number;
}

const fhirJson = (body: JsonBodyType, status = 200, headers: Record<string, string> = {}) =>
  HttpResponse.json(body, { status, headers: { 'content-type': 'application/fhir+json', ...headers } });

export const respond = fhirJson;

type Json = {
  resourceType: string;
  total?: number;
  entry?: { resource?: unknown; search?: { mode?: string } }[];
};

/** Keeps the entries whose Observation carries one of the requested system|code tokens. */
function filterByCode(bundle: Json, codeParam: string | null): Json {
  if (!codeParam) return bundle;
  const wanted = new Set(codeParam.split(','));
  return {
    ...bundle,
    entry: (bundle.entry ?? []).filter((entry) => {
      const resource = entry.resource as { code?: { coding?: { system?: string; code?: string }[] } };
      return (resource.code?.coding ?? []).some((c) => wanted.has(`${c.system}|${c.code}`));
    }),
  };
}

function withoutIncludes(bundle: Json): Json {
  return { ...bundle, entry: (bundle.entry ?? []).filter((e) => e.search?.mode !== 'include') };
}

export interface EpicOptions {
  medicationStatement: 'present' | 'absent' | 'forbidden';
}

export const epicBase = 'https://fhir.epic.example/api/FHIR/R4';
export const epicPatientId = 'erXuFYUfucBZaryVksYEcMg3';

export function epicRoute(options: EpicOptions): Route {
  return (r) => {
    if (r.path === 'metadata') return fhirJson(epicMetadata);
    if (r.resourceType === 'Patient')
      return r.id === epicPatientId ? fhirJson(epicPatient) : fhirJson(epic404, 404);
    if (r.id === undefined && r.params.get('patient') !== epicPatientId) return fhirJson(epic400, 400);
    switch (r.resourceType) {
      case 'Condition': {
        const category = r.params.get('category');
        if (category === 'problem-list-item') return fhirJson(epicProblems);
        if (category === 'encounter-diagnosis') return fhirJson(epicEncounterDx);
        return fhirJson(epicEmpty);
      }
      case 'Observation':
        // Epic: an Observation search needs category (or code) — without it, 400 (error 59108).
        if (!r.params.get('category')) return fhirJson(epicNoCategory, 400);
        return fhirJson(filterByCode(epicLabs, r.params.get('code')));
      case 'MedicationRequest':
        // _include is ignored.
        return fhirJson(epicMedRequests);
      case 'MedicationStatement':
        if (options.medicationStatement === 'present') return fhirJson(epicMedStatements);
        return options.medicationStatement === 'absent' ? fhirJson(epic404, 404) : fhirJson(epic403, 403);
      case 'Medication': {
        if (r.id === undefined) return fhirJson(epic400, 400);
        const medication = [epicSert, epicGaba].find((m) => m.id === r.id);
        return medication ? fhirJson(medication) : fhirJson(epic404, 404);
      }
      default:
        return fhirJson(epic404, 404);
    }
  };
}

export const oracleBase = 'https://fhir-ehr.oracle.example/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d';
export const oraclePatientId = '12724066';

/**
 * Oracle Health's documented client errors carry no OperationOutcome: a 400 says so in plain text,
 * a 404 has no body (fhir.cerner.com/millennium/r4/, "Client Errors").
 */
function oracleClientError(status: 400 | 404): Response {
  if (status === 404) return new HttpResponse(null, { status });
  return new HttpResponse('no supported search parameters provided', {
    status,
    headers: { 'content-type': 'text/plain' },
  });
}

/** Keeps the Conditions of the requested category; the published example answers all categories at once. */
function filterByCategory(bundle: Json, category: string | null): Json {
  if (!category) return bundle;
  const entry = (bundle.entry ?? []).filter((e) => {
    const resource = e.resource as { category?: { coding?: { code?: string }[] }[] };
    return (resource.category ?? []).some((c) => (c.coding ?? []).some((coding) => coding.code === category));
  });
  return { ...bundle, total: entry.length, entry };
}

export function oracleRoute(options: { rejectUnknownParameters?: boolean } = {}): Route {
  return (r) => {
    if (r.path === 'metadata') return fhirJson(oracleMetadata);
    if (r.resourceType === 'Patient')
      return r.id === oraclePatientId ? fhirJson(oraclePatient) : oracleClientError(404);
    if (r.resourceType === 'MedicationStatement') return oracleClientError(404);
    if (r.params.get('patient') !== oraclePatientId) return oracleClientError(400);
    if (Number(r.params.get('_count') ?? '0') > 200) return oracleClientError(400);
    // A strict server: a search parameter it does not know is a 400, not ignored.
    if (options.rejectUnknownParameters && r.params.has('_include')) return oracleClientError(400);
    switch (r.resourceType) {
      case 'Condition':
        return fhirJson(filterByCategory(oracleConditions, r.params.get('category')));
      case 'Observation': {
        // Newest first, page by page; the next link (as published) carries the cursor, not the code list.
        const page = r.params.get('-pageContext') ? oracleLabsPage2 : oracleLabsPage1;
        return fhirJson(filterByCode(page, r.params.get('code')));
      }
      case 'MedicationRequest':
        return fhirJson(oracleMedRequests);
      case 'MedicationAdministration':
        // The published page has a `next` link; the page after it is not published: served empty.
        return fhirJson(
          r.params.get('-pageContext')
            ? { resourceType: 'Bundle', type: 'searchset', entry: [] }
            : oracleAdministrations,
        );
      default:
        return oracleClientError(404);
    }
  };
}

/** Oracle Health's published OperationOutcome: a resource missing a required field answers 500. */
export const oracleRequiredFieldOutcome = oracle500;

export const plainBase = 'https://r4.plain.example/fhir';
export const plainPatientId = 'p-plain-1';

export function plainRoute(): Route {
  return (r) => {
    if (r.path === 'metadata') return fhirJson(plainMetadata);
    if (r.resourceType === 'Patient')
      return r.id === plainPatientId
        ? fhirJson(plainPatient)
        : fhirJson({ resourceType: 'OperationOutcome' }, 404);
    if (r.resourceType === 'Medication') {
      const included = plainMedRequests.entry.find((e) => e.search.mode === 'include')?.resource;
      const ids = r.id ? [r.id] : (r.params.get('_id') ?? '').split(',');
      if (r.id) return included && ids.includes(included.id) ? fhirJson(included) : fhirJson({}, 404);
      return fhirJson({
        resourceType: 'Bundle',
        type: 'searchset',
        entry:
          included && ids.includes(included.id) ? [{ resource: included, search: { mode: 'match' } }] : [],
      });
    }
    if (r.params.get('patient') !== plainPatientId) return fhirJson(plainEmpty);
    switch (r.resourceType) {
      case 'Condition':
        return fhirJson(
          !r.params.get('category') || r.params.get('category') === 'problem-list-item'
            ? plainProblems
            : plainEmpty,
        );
      case 'Observation':
        return fhirJson(filterByCode(plainLabs, r.params.get('code')));
      case 'MedicationRequest':
        return fhirJson(
          r.params.getAll('_include').includes('MedicationRequest:medication')
            ? plainMedRequests
            : withoutIncludes(plainMedRequests),
        );
      case 'MedicationStatement':
        return fhirJson(plainMedStatements);
      case 'MedicationAdministration':
        return fhirJson(plainEmpty);
      default:
        return fhirJson({ resourceType: 'OperationOutcome' }, 404);
    }
  };
}

/** A route that answers some requests differently (faults), and passes the rest on. */
export function withOverride(route: Route, override: (r: EmulatedRequest) => Response | undefined): Route {
  return (r) => override(r) ?? route(r);
}

export interface EmulatedServer {
  base: string;
  log: LoggedRequest[];
  handlers: ReturnType<typeof http.get>[];
  /** A transport like the app's: bearer token on every request, optional refresh. */
  transport(options?: {
    token?: string;
    refresh?: () => Promise<boolean>;
  }): FhirTransport & { token: string };
}

export function emulate(base: string, route: Route, options: { latencyMs?: number; token?: string } = {}) {
  const log: LoggedRequest[] = [];
  const validToken = options.token ?? 'valid-token';
  const handler = http.get(`${base}/*`, async ({ request }) => {
    const start = performance.now();
    const url = new URL(request.url);
    const path = url.pathname.slice(new URL(base).pathname.length).replace(/^\/+/, '');
    const [resourceType = '', id] = path.split('/');
    const authorization = request.headers.get('authorization');
    let response: Response;
    if (path !== 'metadata' && authorization !== `Bearer ${validToken}`) {
      response = fhirJson({ resourceType: 'OperationOutcome' }, 401);
    } else {
      if (options.latencyMs) await delay(options.latencyMs);
      response = await route({ path, resourceType, id, params: url.searchParams, url, authorization });
    }
    log.push({
      path,
      params: url.searchParams,
      search: url.search,
      status: response.status,
      start,
      end: performance.now(),
    });
    return response;
  });
  const server: EmulatedServer = {
    base,
    log,
    handlers: [handler],
    transport: (t = {}) => {
      const transport = {
        baseUrl: base,
        token: t.token ?? validToken,
        fetch: (url: string, init: { signal?: AbortSignal; headers: Record<string, string> }) =>
          fetch(url, { ...init, headers: { ...init.headers, authorization: `Bearer ${transport.token}` } }),
        ...(t.refresh ? { refresh: t.refresh } : {}),
      };
      return transport;
    },
  };
  return server;
}

/** Number of sequential waves: the longest chain of requests each started after the previous ended. */
export function countWaves(log: LoggedRequest[]): number {
  const sorted = [...log].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  sorted.forEach((request, i) => {
    let d = 1;
    for (let j = 0; j < i; j++) {
      const before = sorted[j];
      if (before && before.end <= request.start) d = Math.max(d, (depth[j] ?? 1) + 1);
    }
    depth[i] = d;
  });
  return Math.max(0, ...depth);
}
