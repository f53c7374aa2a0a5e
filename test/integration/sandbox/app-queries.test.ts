import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import { resourcesFromBundle, snapshotsFromResources } from '@/lib/fhir/bundle-input';
import { type FhirTransport, SessionExpiredError } from '@/lib/fhir/fhir-http';
import { loadChart } from '@/lib/fhir/load-chart';
import { chartQueries, queryPath } from '@/lib/fhir/queries';
import { handleFhirGet } from '@/lib/sandbox/fhir-endpoint';
import { getFhirServer } from '@/lib/sandbox/fhir-repository';
import { countWaves } from '../fhir/emulated-servers';
import { fhirBase, launchToken } from './smart-client';

// The app's own loader (lib/fhir/load-chart.ts, its exact queries) against the sandbox seeded with
// every synthetic patient in fhir-fixtures/patients: what the app gets over SMART must be what the
// file says, and each fault must arrive as the data gap it stands for.

// Seeding Medplum's repository is a one-time cost of seconds on a loaded machine: pay it here,
// not inside the first test's time limit.
beforeAll(async () => {
  await getFhirServer();
}, 60_000);

const patientsDir = join(import.meta.dirname, '..', '..', '..', 'fhir-fixtures', 'patients');
const files = readdirSync(patientsDir).filter((f) => f.endsWith('.json'));

function transportFor(token: string): FhirTransport {
  return {
    baseUrl: fhirBase,
    fetch: async (url, init) => {
      const parsed = new URL(url);
      const path = parsed.pathname.slice('/sandbox/fhir/'.length).split('/').map(decodeURIComponent);
      const request = new Request(parsed, {
        signal: init.signal,
        headers: { ...init.headers, authorization: `Bearer ${token}` },
      });
      return handleFhirGet(request, path);
    },
    // Like the app's transport with no refresh token: a 401 ends the session.
    refresh: async () => false,
  };
}

async function loadOverSmart(patient: string, fault: Parameters<typeof launchToken>[1] = {}) {
  const token = await launchToken(patient, fault);
  return loadChart(transportFor(token.access_token), {
    patientId: patient,
    retry: { maxRetries: 0, sleep: async () => undefined },
  });
}

// The sandbox seeds every fixture patient on its first request: done once here, so no single test is
// charged for it (on a loaded 2-core machine it can take longer than a test's 5 s).
beforeAll(async () => {
  await getFhirServer();
}, 60_000);

function ids(resources: { resourceType?: string; id?: string }[]): string[] {
  return resources.map((r) => `${r.resourceType}/${r.id}`).sort();
}

function fromFile(file: string): ChartSnapshot {
  const json: unknown = JSON.parse(readFileSync(join(patientsDir, file), 'utf8'));
  const [snapshot] = snapshotsFromResources(resourcesFromBundle(json));
  if (!snapshot) throw new Error(`${file} names no patient`);
  return snapshot;
}

describe("the app's queries against the sandbox", () => {
  it('covers every synthetic patient', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
  });

  it('answers the exact query strings the app builds with 200 searchset bundles', async () => {
    const token = (await launchToken('p01')).access_token;
    const transport = transportFor(token);
    for (const query of chartQueries) {
      const path = queryPath(query, {
        patientId: 'p01',
        labLoincCodes: ['2276-4', '718-7', '2502-3'],
      });
      const response = await transport.fetch(`${fhirBase}/${path}`, { headers: {} });
      expect(response.status, path).toBe(200);
      const body = await response.json();
      expect(body.resourceType, path).toBe(query.kind === 'read' ? query.resourceType : 'Bundle');
    }
    // Ten queries one after another against the in-process server: slow on a loaded machine.
  }, 30_000);

  it.each(files)('%s: the chart loaded over SMART holds what the file holds', async (file) => {
    const expected = fromFile(file);
    const patient = expected.patientReference.replace('Patient/', '');
    const snapshot = await loadOverSmart(patient);
    expect(snapshot.queries.filter((q) => q.status !== 'ok')).toEqual([]);
    expect(snapshot.patient?.id).toBe(patient);
    expect(ids(snapshot.medicationRequests)).toEqual(ids(expected.medicationRequests));
    expect(ids(snapshot.medicationStatements)).toEqual(ids(expected.medicationStatements));
    expect(ids(snapshot.medicationAdministrations)).toEqual(ids(expected.medicationAdministrations));
    expect(ids(snapshot.medications)).toEqual(ids(expected.medications));
    // The app asks for labs by code, and for conditions by category and without one: everything
    // it should see arrives, each once.
    const labCoded = (o: fhir4.Observation) =>
      o.category?.some((c) => c.coding?.some((x) => x.code === 'laboratory')) ?? false;
    expect(ids(snapshot.observations)).toEqual(ids(expected.observations.filter(labCoded)));
    expect(ids(snapshot.conditions)).toEqual(ids(expected.conditions));
  });

  it('reads doses given with the Medication they reference brought by _include (p29: Invega Trinza)', async () => {
    const token = (await launchToken('p29')).access_token;
    const query = chartQueries.find((q) => q.key === 'medicationAdministrations');
    if (!query) throw new Error('no administration query');
    const response = await transportFor(token).fetch(
      `${fhirBase}/${queryPath(query, { patientId: 'p29', labLoincCodes: [] })}`,
      { headers: {} },
    );
    const body = await response.json();
    const entries: { resource: { resourceType: string; id: string }; search?: { mode?: string } }[] =
      body.entry ?? [];
    expect(
      entries.map((e) => [`${e.resource.resourceType}/${e.resource.id}`, e.search?.mode]).sort(),
    ).toEqual([
      ['Medication/p29-med-trinza', 'include'],
      ['MedicationAdministration/p29-haldol-im', 'match'],
      ['MedicationAdministration/p29-trinza-dose', 'match'],
    ]);
    const snapshot = await loadOverSmart('p29');
    expect(snapshot.medicationAdministrations.map((a) => a.id).sort()).toEqual([
      'p29-haldol-im',
      'p29-trinza-dose',
    ]);
  });

  it('MedicationStatement unsupported arrives as an unsupported gap, with the orders still read', async () => {
    const snapshot = await loadOverSmart('p01', { fault: 'medication-statement-unsupported' });
    const statement = snapshot.queries.filter((q) => q.resourceType === 'MedicationStatement');
    expect(statement.map((q) => q.status)).toEqual(['unsupported']);
    expect(snapshot.medicationStatements).toEqual([]);
    expect(snapshot.medicationRequests.length).toBeGreaterThan(0);
  });

  it('Observation forbidden arrives as a forbidden gap, never as "no ferritin"', async () => {
    const snapshot = await loadOverSmart('p01', { fault: 'observation-forbidden' });
    expect(snapshot.queries.filter((q) => q.resourceType === 'Observation').map((q) => q.status)).toEqual([
      'forbidden',
      'forbidden',
    ]);
  });

  it('MedicationRequest forbidden arrives as a forbidden gap for the orders', async () => {
    const snapshot = await loadOverSmart('p15', { fault: 'medication-request-forbidden' });
    expect(
      snapshot.queries.filter((q) => q.resourceType === 'MedicationRequest').map((q) => q.status),
    ).toEqual(['forbidden']);
    expect(snapshot.medicationRequests).toEqual([]);
  });

  it('an expired token ends the session (SessionExpiredError), not a chart with gaps', async () => {
    await expect(loadOverSmart('p01', { fault: 'expired-token' })).rejects.toBeInstanceOf(
      SessionExpiredError,
    );
  });

  it('a slow server makes the load take at least one round of latency, in parallel rather than in series', async () => {
    const token = await launchToken('p01', { latencyMs: 150 });
    const transport = transportFor(token.access_token);
    // Each request's start and end, to count sequential waves (a CPU-bound timing on a shared machine is
    // too noisy to tell one wave from two).
    const log: { start: number; end: number }[] = [];
    const timedTransport: FhirTransport = {
      ...transport,
      fetch: async (url, init) => {
        const start = performance.now();
        const response = await transport.fetch(url, init);
        log.push({ start, end: performance.now() });
        return response;
      },
    };
    const started = performance.now();
    const snapshot = await loadChart(timedTransport, { patientId: 'p01', retry: { maxRetries: 0 } });
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    // Patient, four Condition searches, two lab searches, three medication searches and metadata, all at once.
    expect(log).toHaveLength(11);
    expect(
      countWaves(
        log.map((r) => ({ ...r, path: '', params: new URLSearchParams(), search: '', status: 200 })),
      ),
    ).toBe(1);
  });
});
