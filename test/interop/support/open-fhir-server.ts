import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFhirServer, readResource, type SandboxFhirServer } from '@/lib/sandbox/fhir-repository';
import { type FixtureSet, loadFixtures } from '@/lib/sandbox/fixtures';
import { searchBundle } from '@/lib/sandbox/search-bundle';
import { capabilityStatement, sandboxUrls } from '@/lib/sandbox/smart-configuration';

// An open FHIR R4 server (no authorization, as the SMART App Launcher expects its upstream to be)
// over the sandbox's in-memory Medplum repository, served at the root of its own 127.0.0.1 port:
// the launcher's encounter auto-select asks `/Encounter/?…` at the upstream's root, dropping any
// base path. Read-only: read and search, with the sandbox's paging links and `_include`.

export interface OpenFhirServer {
  /** The FHIR base, e.g. http://127.0.0.1:41234 (no path). */
  base: string;
  fixtures: FixtureSet;
  /** Every request it answered: method, path and query (no bodies). */
  requests: string[];
  stop: () => Promise<void>;
}

export interface OpenFhirServerOptions {
  /** Folders of FHIR bundles to seed it with (fhir-fixtures/patients, the Synthea samples). */
  folders: string[];
  /** Delay before each answer, so requests sent in parallel overlap and can be counted as one wave. */
  latencyMs?: number;
}

const fhirJson = 'application/fhir+json; charset=utf-8';

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': fhirJson, 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function outcome(code: string, diagnostics: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

async function answer(server: SandboxFhirServer, base: string, url: URL): Promise<[number, unknown]> {
  // The launcher's proxy may leave empty segments ("/Encounter/"): they mean nothing.
  const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [type, id, ...rest] = segments;
  if (type === 'metadata' && id === undefined) {
    const statement = capabilityStatement({ ...sandboxUrls(base), fhirBase: base });
    return [200, statement];
  }
  if (!type || rest.length > 0 || type.startsWith('_') || id?.startsWith('_') || id?.startsWith('$')) {
    return [400, outcome('not-supported', 'Only read (Type/id) and search (Type?...) are supported')];
  }
  if (id !== undefined) {
    const { status, resource, outcome } = await readResource(server, type, id);
    return [status, resource ?? outcome];
  }
  const search = await searchBundle(server, { type, params: url.searchParams, fhirBase: base });
  return search.ok ? [200, search.bundle] : [search.status, search.outcome];
}

function mergeFixtures(sets: FixtureSet[]): FixtureSet {
  return {
    resources: sets.flatMap((s) => s.resources),
    patients: sets.flatMap((s) => s.patients),
    problems: sets.flatMap((s) => s.problems),
  };
}

export async function startOpenFhirServer(options: OpenFhirServerOptions): Promise<OpenFhirServer> {
  const fixtures = mergeFixtures(options.folders.map((folder) => loadFixtures(folder)));
  const fhir = await createFhirServer(fixtures);
  const requests: string[] = [];
  let base = '';
  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', base);
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (request.method !== 'GET') {
      send(response, 405, outcome('not-supported', 'This server is read-only'));
      return;
    }
    const delay = options.latencyMs ?? 0;
    setTimeout(() => {
      answer(fhir, base, url).then(
        ([status, body]) => send(response, status, body),
        (error: unknown) =>
          send(response, 500, outcome('exception', error instanceof Error ? error.message : 'error')),
      );
    }, delay);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    base,
    fixtures,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
