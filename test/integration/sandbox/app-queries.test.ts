import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesFromBundle, snapshotsFromResources } from '@/lib/fhir/bundle-input';
import type { ChartSnapshot } from '@/lib/fhir/chart-snapshot';
import { type FhirTransport, SessionExpiredError } from '@/lib/fhir/fhir-http';
import { loadChart } from '@/lib/fhir/load-chart';
import { chartQueries, queryPath } from '@/lib/fhir/queries';
import { handleFhirGet } from '@/lib/sandbox/fhir-endpoint';
import { fhirBase, launchToken } from './smart-client';

// The app's own loader (lib/fhir/load-chart.ts, its exact queries) against the sandbox seeded with
// every synthetic patient in fhir-fixtures/patients: what the app gets over SMART must be what the
// file says, and each fault must arrive as the data gap it stands for.

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
  };
}

async function loadOverSmart(patient: string, fault: Parameters<typeof launchToken>[1] = {}) {
  const token = await launchToken(patient, fault);
  return loadChart(transportFor(token.access_token), {
    patientId: patient,
    retry: { maxRetries: 0, sleep: async () => undefined },
  });
}

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
        ironLabLoincCodes: ['2276-4', '2502-3'],
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
    expect(ids(snapshot.medications)).toEqual(ids(expected.medications));
    // The app asks for labs by code, and for conditions by category and without one: everything
    // it should see arrives, each once.
    const labCoded = (o: fhir4.Observation) =>
      o.category?.some((c) => c.coding?.some((x) => x.code === 'laboratory')) ?? false;
    expect(ids(snapshot.observations)).toEqual(ids(expected.observations.filter(labCoded)));
    expect(ids(snapshot.conditions)).toEqual(ids(expected.conditions));
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
    const started = performance.now();
    const snapshot = await loadOverSmart('p01', { latencyMs: 150 });
    const elapsed = performance.now() - started;
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    // Patient, three Condition categories, labs, two medication searches and metadata: 8 requests.
    expect(elapsed).toBeLessThan(8 * 150);
  });
});
