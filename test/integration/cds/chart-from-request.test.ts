import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chartFromRequest, type GatherOptions } from '@/lib/cds/chart-from-request';
import { cdsRequestSchema } from '@/lib/cds/request-schema';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import { chartQueries } from '@/lib/fhir/queries';
import {
  cdsRequest,
  fhirAuthorization,
  fixtureResources,
  patientIdOf,
  prefetchFromResources,
  searchset,
  testLabCodes,
} from './cds-request';

const fhirBase = 'https://ehr.example.org/fhir/R4';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const options: GatherOptions = {
  labLoincCodes: testLabCodes,
  fetch: (...args) => fetch(...args),
  timeoutMs: 5000,
  maxPages: 3,
};

async function gather(body: Record<string, unknown>, overrides: Partial<GatherOptions> = {}) {
  const parsed = cdsRequestSchema.parse(body);
  return chartFromRequest(parsed, { ...options, ...overrides });
}

async function snapshotOf(body: Record<string, unknown>, overrides: Partial<GatherOptions> = {}) {
  const result = await gather(body, overrides);
  if (!result.ok) throw new Error(result.reason);
  return result.snapshot;
}

const statusOf = (snapshot: ChartSnapshot, type: string) =>
  snapshot.queries.filter((q) => q.resourceType === type).map((q) => q.status);

const conditionKeys = chartQueries.filter((q) => q.resourceType === 'Condition').map((q) => q.key);
const problemListKey = 'conditions-problem-list-item';
/** The prefetch without any Condition key: those searches go to the server. */
function withoutConditions(prefetch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(prefetch).filter(([key]) => !conditionKeys.includes(key)));
}

const noNetwork: typeof fetch = () => Promise.reject(new Error('the service must not call the FHIR server'));

describe('prefetch', () => {
  it("reads a full prefetch of p01's chart without calling the FHIR server", async () => {
    const resources = fixtureResources('p01-rls-sertraline-low-ferritin.json');
    const snapshot = await snapshotOf(
      cdsRequest('p01', {
        prefetch: prefetchFromResources(resources),
        fhirServer: fhirBase,
        fhirAuthorization,
      }),
      { fetch: noNetwork },
    );
    expect(snapshot.patientReference).toBe('Patient/p01');
    expect(snapshot.patient?.id).toBe('p01');
    expect(snapshot.conditions.length).toBeGreaterThan(0);
    expect(snapshot.medicationStatements.length + snapshot.medicationRequests.length).toBeGreaterThan(0);
    expect(snapshot.observations.map((o) => o.id)).toContain('p01-ferritin-1');
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
  });

  it('resolves urn:uuid references in a prefetched transaction-style bundle (p02)', async () => {
    const resources = fixtureResources('p02-rls-pramipexole-augmentation-urn-uuid.json');
    const snapshot = await snapshotOf(
      cdsRequest(patientIdOf(resources), { prefetch: prefetchFromResources(resources) }),
      {
        fetch: noNetwork,
      },
    );
    expect(snapshot.observations.length).toBeGreaterThan(0);
    expect(
      snapshot.conditions.every((c) => c.subject.reference === `Patient/${patientIdOf(resources)}`),
    ).toBe(true);
  });

  it('treats a null prefetch for labs as a data gap, not as "no ferritin", when it cannot re-read', async () => {
    const prefetch = prefetchFromResources(fixtureResources('p01-rls-sertraline-low-ferritin.json'));
    const snapshot = await snapshotOf(
      cdsRequest('p01', { prefetch: { ...prefetch, labObservations: null, ironLabObservations: null } }),
      {
        fetch: noNetwork,
      },
    );
    const gap = snapshot.queries.find((q) => q.resourceType === 'Observation');
    expect(gap?.status).toBe('failed');
    expect(gap?.detail).toContain('null');
    expect(snapshot.observations).toEqual([]);
  });

  it('marks a prefetch bundle that still has a next page as truncated', async () => {
    const prefetch = prefetchFromResources(fixtureResources('p01-rls-sertraline-low-ferritin.json'));
    const conditions = {
      ...(prefetch[problemListKey] as object),
      link: [{ relation: 'next', url: `${fhirBase}/Condition?page=2` }],
    };
    const snapshot = await snapshotOf(
      cdsRequest('p01', { prefetch: { ...prefetch, [problemListKey]: conditions } }),
      { fetch: noNetwork },
    );
    expect(statusOf(snapshot, 'Condition')).toContain('truncated');
  });

  it('quarantines a malformed prefetched resource and keeps the rest (p12)', async () => {
    const resources = fixtureResources('p12-malformed-resources-lithium.json');
    const snapshot = await snapshotOf(
      cdsRequest(patientIdOf(resources), { prefetch: prefetchFromResources(resources) }),
      {
        fetch: noNetwork,
      },
    );
    expect(snapshot.quarantined.length).toBeGreaterThan(0);
    expect(snapshot.medicationStatements.length + snapshot.medicationRequests.length).toBeGreaterThan(0);
  });

  it('counts an OperationOutcome or a non-resource in a prefetch slot as a failed read', async () => {
    const prefetch = prefetchFromResources(fixtureResources('p01-rls-sertraline-low-ferritin.json'));
    const snapshot = await snapshotOf(
      cdsRequest('p01', {
        prefetch: {
          ...prefetch,
          [problemListKey]: { resourceType: 'OperationOutcome', issue: [] },
          labObservations: 'oops',
          ironLabObservations: 'oops',
        },
      }),
      { fetch: noNetwork },
    );
    expect(statusOf(snapshot, 'Condition')).toContain('failed');
    expect(statusOf(snapshot, 'Observation')).toEqual(['failed', 'failed']);
  });

  it('asks for 412 when there is neither prefetch nor a FHIR server', async () => {
    const result = await gather(cdsRequest('p01'));
    expect(result.ok).toBe(false);
  });

  it('names a referenced Medication that was not prefetched as a gap', async () => {
    const patient = { resourceType: 'Patient', id: 'm1' };
    const order = {
      resourceType: 'MedicationRequest',
      id: 'm1-order',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/m1' },
      medicationReference: { reference: 'Medication/med-x' },
    };
    const snapshot = await snapshotOf(
      cdsRequest('m1', { prefetch: { patient, medicationRequests: searchset([order]) } }),
      { fetch: noNetwork },
    );
    const gap = snapshot.queries.find((q) => q.resourceType === 'Medication');
    expect(gap?.status).toBe('failed');
    expect(gap?.detail).toContain('1 referenced Medication');
  });
});

describe('reading from the FHIR server when nothing was prefetched', () => {
  it('runs the discovery queries with the bearer token and a percent-encoded lab code list', async () => {
    const resources = fixtureResources('p01-rls-sertraline-low-ferritin.json');
    const prefetch = prefetchFromResources(resources);
    const seen: { path: string; search: URLSearchParams; auth: string | null }[] = [];
    const answer =
      (body: unknown) =>
      ({ request }: { request: Request }) => {
        const url = new URL(request.url);
        seen.push({
          path: url.pathname,
          search: url.searchParams,
          auth: request.headers.get('authorization'),
        });
        return HttpResponse.json(body as Record<string, unknown>);
      };
    server.use(
      http.get(`${fhirBase}/Patient/p01`, answer(prefetch.patient)),
      http.get(`${fhirBase}/Condition`, ({ request }) => {
        const category = new URL(request.url).searchParams.get('category');
        return answer(prefetch[category ? `conditions-${category}` : 'conditions'])({ request });
      }),
      http.get(`${fhirBase}/MedicationStatement`, answer(prefetch.medicationStatements)),
      http.get(`${fhirBase}/MedicationRequest`, answer(prefetch.medicationRequests)),
      http.get(`${fhirBase}/MedicationAdministration`, answer(prefetch.medicationAdministrations)),
      http.get(`${fhirBase}/Observation`, ({ request }) => {
        const iron = new URL(request.url).searchParams.get('code')?.includes('2276-4');
        return answer(iron ? prefetch.ironLabObservations : prefetch.labObservations)({ request });
      }),
    );
    const snapshot = await snapshotOf(cdsRequest('p01', { fhirServer: fhirBase, fhirAuthorization }));
    expect(seen).toHaveLength(chartQueries.length);
    expect(seen.every((s) => s.auth === 'Bearer some-opaque-fhir-access-token')).toBe(true);
    // Ferritin and TSAT on their own (hemoglobin 718-7 goes with the other labs), percent-encoded.
    const labs = seen.find(
      (s) => s.path.endsWith('/Observation') && s.search.get('code')?.includes('2276-4'),
    );
    expect(labs?.search.get('patient')).toBe('p01');
    expect(labs?.search.get('category')).toBe('laboratory');
    expect(labs?.search.get('code')?.split(',')).toEqual(
      testLabCodes.filter((code) => code !== '718-7').map((code) => `http://loinc.org|${code}`),
    );
    expect(snapshot.observations.map((o) => o.id)).toContain('p01-ferritin-1');
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
  });

  it('reads only the prefetch keys the EHR left out', async () => {
    const prefetch = prefetchFromResources(fixtureResources('p01-rls-sertraline-low-ferritin.json'));
    const { labObservations, ironLabObservations: _iron, ...rest } = prefetch;
    server.use(
      http.get(`${fhirBase}/Observation`, () =>
        HttpResponse.json(labObservations as Record<string, unknown>),
      ),
    );
    const snapshot = await snapshotOf(
      cdsRequest('p01', { prefetch: rest, fhirServer: fhirBase, fhirAuthorization }),
    );
    expect(snapshot.observations.map((o) => o.id)).toContain('p01-ferritin-1');
  });

  it('turns 403, 404 and 500 into forbidden, unsupported and failed gaps', async () => {
    server.use(
      http.get(`${fhirBase}/Patient/p01`, () => HttpResponse.json({ resourceType: 'Patient', id: 'p01' })),
      http.get(`${fhirBase}/Condition`, () => new HttpResponse(null, { status: 403 })),
      http.get(`${fhirBase}/MedicationStatement`, () => new HttpResponse(null, { status: 404 })),
      http.get(`${fhirBase}/MedicationRequest`, () => new HttpResponse('oops', { status: 500 })),
      http.get(`${fhirBase}/Observation`, () => HttpResponse.text('not json')),
    );
    const snapshot = await snapshotOf(cdsRequest('p01', { fhirServer: fhirBase, fhirAuthorization }));
    expect(statusOf(snapshot, 'Patient')).toEqual(['ok']);
    expect(statusOf(snapshot, 'Condition')).toEqual(conditionKeys.map(() => 'forbidden'));
    expect(statusOf(snapshot, 'MedicationStatement')).toEqual(['unsupported']);
    expect(statusOf(snapshot, 'MedicationRequest')).toEqual(['failed']);
    expect(snapshot.queries.find((q) => q.resourceType === 'Observation')?.detail).toBe(
      'the answer was not JSON',
    );
  });

  it('gives up on a slow server within the time budget and reports a timed-out gap', async () => {
    server.use(
      http.get(`${fhirBase}/*`, async () => {
        await delay(2000);
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' });
      }),
    );
    const started = performance.now();
    const snapshot = await snapshotOf(cdsRequest('p01', { fhirServer: fhirBase, fhirAuthorization }), {
      timeoutMs: 150,
    });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(snapshot.queries.every((q) => q.status === 'failed' && q.detail === 'timed out')).toBe(true);
  });

  it('follows next pages up to the bound, then says the result is truncated', async () => {
    let calls = 0;
    server.use(
      http.get(`${fhirBase}/Condition`, () => {
        calls += 1;
        return HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: `${fhirBase}/Condition?page=${calls + 1}` }],
          entry: [],
        });
      }),
    );
    const prefetch = prefetchFromResources(fixtureResources('p01-rls-sertraline-low-ferritin.json'));
    const snapshot = await snapshotOf(
      cdsRequest('p01', { prefetch: withoutConditions(prefetch), fhirServer: fhirBase, fhirAuthorization }),
    );
    // maxPages is 3: each Condition search stops after its third page.
    expect(calls).toBe(3 * conditionKeys.length);
    expect(statusOf(snapshot, 'Condition')).toEqual(conditionKeys.map(() => 'truncated'));
  });

  it('does not send the token to a next link on another origin', async () => {
    server.use(
      http.get(`${fhirBase}/Condition`, () =>
        HttpResponse.json({
          resourceType: 'Bundle',
          type: 'searchset',
          link: [{ relation: 'next', url: 'https://elsewhere.example.net/Condition?page=2' }],
        }),
      ),
    );
    const prefetch = prefetchFromResources(fixtureResources('p01-rls-sertraline-low-ferritin.json'));
    const snapshot = await snapshotOf(
      cdsRequest('p01', { prefetch: withoutConditions(prefetch), fhirServer: fhirBase, fhirAuthorization }),
    );
    expect(statusOf(snapshot, 'Condition')).toEqual(conditionKeys.map(() => 'truncated'));
  });

  it('reads a referenced Medication from the server when it was not prefetched', async () => {
    const order = {
      resourceType: 'MedicationRequest',
      id: 'm2-order',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/m2' },
      medicationReference: { reference: 'Medication/med-y' },
    };
    server.use(
      http.get(`${fhirBase}/Medication/med-y`, () =>
        HttpResponse.json({ resourceType: 'Medication', id: 'med-y', code: { text: 'a medication' } }),
      ),
    );
    const snapshot = await snapshotOf(
      cdsRequest('m2', {
        fhirServer: fhirBase,
        fhirAuthorization,
        prefetch: {
          patient: { resourceType: 'Patient', id: 'm2' },
          ...Object.fromEntries(conditionKeys.map((key) => [key, searchset([])])),
          medicationStatements: searchset([]),
          medicationRequests: searchset([order]),
          labObservations: searchset([]),
          ironLabObservations: searchset([]),
        },
      }),
    );
    expect(snapshot.medications.map((m) => m.id)).toEqual(['med-y']);
    expect(statusOf(snapshot, 'Medication')).toEqual(['ok']);
  });
});
