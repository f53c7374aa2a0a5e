import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChartSnapshot, QueryOutcome } from '@/lib/contracts/chart-snapshot';
import { deriveFeatures } from '@/lib/features/derive-features';
import { SessionExpiredError } from '@/lib/fhir/fhir-http';
import { loadChart } from '@/lib/fhir/load-chart';
import {
  countWaves,
  type EmulatedServer,
  emulate,
  epicBase,
  epicPatientId,
  epicRoute,
  oracleBase,
  oraclePatientId,
  oracleRequiredFieldOutcome,
  oracleRoute,
  plainBase,
  plainPatientId,
  plainRoute,
  respond,
  withOverride,
} from './emulated-servers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function serve(emulated: EmulatedServer): EmulatedServer {
  server.use(...emulated.handlers);
  return emulated;
}

/** Records the waits the retry logic asks for, without waiting. */
function recordedSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const ids = (resources: { id?: string }[]) => resources.map((r) => r.id);

function ok(resourceType: QueryOutcome['resourceType'], label: string, pages?: number): QueryOutcome {
  return { resourceType, status: 'ok', label, ...(pages === undefined ? {} : { pages }) };
}

const conditionQueries = [
  ok('Condition', 'Condition?category=problem-list-item', 1),
  ok('Condition', 'Condition?category=encounter-diagnosis', 1),
  ok('Condition', 'Condition?category=health-concern', 1),
  ok('Condition', 'Condition (any category)', 1),
];
const ironLabLabel = 'Observation?category=laboratory&code=(ferritin, TSAT, iron, TIBC)&_sort=-date';
const labLabel = 'Observation?category=laboratory&code=(other lab codes)&_sort=-date';
const labQueries = (pages: number, ironPages = pages) => [
  ok('Observation', ironLabLabel, ironPages),
  ok('Observation', labLabel, pages),
];
/** The search for the supporting labs (hemoglobin, eGFR...), not ferritin and TSAT. */
const isSupportingLabSearch = (r: { params: URLSearchParams }) => {
  const code = r.params.get('code');
  return code !== null && !code.includes('|2276-4');
};
const medRequestLabel = 'MedicationRequest?_include=MedicationRequest:medication';
const medStatementLabel = 'MedicationStatement?_include=MedicationStatement:medication';
const medicationLabel = 'Medication (referenced by orders and statements)';
const medAdministrationLabel = 'MedicationAdministration?_include=MedicationAdministration:medication';

function resourceIds(snapshot: ChartSnapshot) {
  return {
    patient: snapshot.patient?.id,
    conditions: ids(snapshot.conditions),
    observations: ids(snapshot.observations),
    medicationRequests: ids(snapshot.medicationRequests),
    medicationStatements: ids(snapshot.medicationStatements),
    medicationAdministrations: ids(snapshot.medicationAdministrations),
    medications: ids(snapshot.medications),
  };
}

describe('an Epic-like server', () => {
  it('reads labs by category and LOINC code, conditions per category, and reads the medications _include ignored', async () => {
    const epic = serve(emulate(epicBase, epicRoute({ medicationStatement: 'absent' })));
    const snapshot = await loadChart(epic.transport(), { patientId: epicPatientId });

    expect(snapshot.patientReference).toBe(`Patient/${epicPatientId}`);
    expect(resourceIds(snapshot)).toEqual({
      patient: epicPatientId,
      conditions: ['eEncDxCramp1', 'eProbIDA1', 'eProbRLS1'],
      observations: ['eLabFerr1', 'eLabHgb1'],
      medicationRequests: ['eRxGaba1', 'eRxSert1', 'eRxSert0'],
      medicationStatements: [],
      medicationAdministrations: [],
      medications: ['eMedGaba300', 'eMedSert50'],
    });
    expect(snapshot.quarantined).toEqual([]);
    expect(snapshot.queries).toEqual([
      ok('Patient', 'Patient (read)'),
      ...conditionQueries,
      ...labQueries(1),
      ok('MedicationRequest', medRequestLabel, 1),
      {
        resourceType: 'MedicationStatement',
        status: 'unsupported',
        label: medStatementLabel,
        detail: 'HTTP 404',
        httpStatus: 404,
      },
      // No Epic MedicationAdministration example is published: the emulation does not offer it.
      {
        resourceType: 'MedicationAdministration',
        status: 'unsupported',
        label: medAdministrationLabel,
        detail: "HTTP 404; not in the server's CapabilityStatement",
        httpStatus: 404,
      },
      ok('Medication', medicationLabel),
    ]);

    const labSearch = epic.log.find((r) => r.path === 'Observation' && !isSupportingLabSearch(r));
    expect(labSearch?.params.get('_sort')).toBe('-date');
    expect(labSearch?.params.get('category')).toBe('laboratory');
    expect(labSearch?.params.get('code')?.split(',')).toContain('http://loinc.org|2276-4');
    // Percent-encoded: no raw "//" for a proxy to collapse.
    expect(labSearch?.search).toContain('http%3A%2F%2Floinc.org%7C2276-4');
    expect(labSearch?.search).not.toContain('//');
    // The _id search is refused; each medication is read once although two orders name sertraline.
    expect(epic.log.filter((r) => r.path.startsWith('Medication/')).map((r) => r.path)).toEqual(
      expect.arrayContaining(['Medication/eMedGaba300', 'Medication/eMedSert50']),
    );
    expect(epic.log.filter((r) => r.path === 'Medication/eMedSert50')).toHaveLength(1);
  });

  it('uses MedicationStatement when the site offers it', async () => {
    const epic = serve(emulate(epicBase, epicRoute({ medicationStatement: 'present' })));
    const snapshot = await loadChart(epic.transport(), { patientId: epicPatientId });
    expect(snapshot.quarantined).toEqual([]);
    expect(ids(snapshot.medicationStatements)).toEqual(['eStmtDiphen1']);
    expect(snapshot.queries.find((q) => q.resourceType === 'MedicationStatement')).toEqual(
      ok('MedicationStatement', medStatementLabel, 1),
    );
  });

  it('records a MedicationStatement refused with 403 as a forbidden gap and still loads the orders', async () => {
    const epic = serve(emulate(epicBase, epicRoute({ medicationStatement: 'forbidden' })));
    const snapshot = await loadChart(epic.transport(), { patientId: epicPatientId });
    expect(snapshot.quarantined).toEqual([]);
    expect(ids(snapshot.medicationRequests)).toEqual(['eRxGaba1', 'eRxSert1', 'eRxSert0']);
    expect(snapshot.queries.find((q) => q.resourceType === 'MedicationStatement')).toEqual({
      resourceType: 'MedicationStatement',
      status: 'forbidden',
      label: medStatementLabel,
      detail: 'HTTP 403',
      httpStatus: 403,
    });
  });
});

describe('an Oracle-Health-like server', () => {
  it('follows next links for labs, keeps home medications from MedicationRequest and marks MedicationStatement unsupported', async () => {
    const oracle = serve(emulate(oracleBase, oracleRoute()));
    const snapshot = await loadChart(oracle.transport(), { patientId: oraclePatientId });
    expect(snapshot.quarantined).toEqual([]);

    expect(resourceIds(snapshot)).toEqual({
      patient: oraclePatientId,
      conditions: ['bed1c2ec-1f33-4097-8296-f6aa01824387', 'd2572382197', 'p73077203'],
      observations: ['L-197412603', 'L-150011201'],
      medicationRequests: ['314010287', '313757847', '261542609', '4595905'],
      medicationStatements: [],
      // The published search: a completed infusion (contained Medication whose id is the
      // administration's own) and a not-done dose.
      medicationAdministrations: ['197287785', '197287732'],
      medications: [],
    });
    // The home medication: a reported order (the published Create example), not a MedicationStatement.
    expect(snapshot.medicationRequests.find((m) => m.id === '4595905')?.reportedBoolean).toBe(true);
    expect(snapshot.queries).toEqual([
      ok('Patient', 'Patient (read)'),
      ...conditionQueries,
      ...labQueries(2),
      ok('MedicationRequest', medRequestLabel, 1),
      {
        resourceType: 'MedicationStatement',
        status: 'unsupported',
        label: medStatementLabel,
        detail: "HTTP 404; not in the server's CapabilityStatement",
        httpStatus: 404,
      },
      ok('MedicationAdministration', medAdministrationLabel, 2),
    ]);
    expect(oracle.log.filter((r) => r.path === 'Observation')).toHaveLength(4);
    // One search per category; the published example answers them from one bundle (its health concern
    // is coded in the US Core category system, the others in terminology.hl7.org's).
    expect(
      oracle.log.filter((r) => r.path === 'Condition').map((r) => [r.params.get('category'), r.status]),
    ).toEqual([
      ['problem-list-item', 200],
      ['encounter-diagnosis', 200],
      ['health-concern', 200],
      // and the search without a category (Synthea and HAPI send none)
      [null, 200],
    ]);
  });

  it('reads a masked preliminary hemoglobin as no value and takes the ferritin from the second page', async () => {
    const oracle = serve(emulate(oracleBase, oracleRoute()));
    const snapshot = await loadChart(oracle.transport(), { patientId: oraclePatientId });
    expect(ids(snapshot.observations)).toContain('L-197412603');
    const features = deriveFeatures(snapshot, { now: new Date('2022-07-01T00:00:00Z') });
    expect(features.iron.hemoglobin).toBeNull();
    expect(features.iron.latest).toMatchObject({ ngPerMl: 42, sources: ['Observation/L-150011201'] });
    expect(features.iron.labsSearch).toBe('complete');
  });

  it('keeps the chart when the orders answer 500 with the published OperationOutcome, and says orders are a gap', async () => {
    const oracle = serve(
      emulate(
        oracleBase,
        withOverride(oracleRoute(), (r) =>
          r.resourceType === 'MedicationRequest' ? respond(oracleRequiredFieldOutcome, 500) : undefined,
        ),
      ),
    );
    const { sleep } = recordedSleep();
    const snapshot = await loadChart(oracle.transport(), { patientId: oraclePatientId, retry: { sleep } });
    expect(snapshot.quarantined).toEqual([]);
    expect(ids(snapshot.medicationRequests)).toEqual([]);
    expect(ids(snapshot.conditions)).toHaveLength(3);
    expect(
      snapshot.queries.filter((q) => q.status !== 'ok' && q.resourceType === 'MedicationRequest'),
    ).toEqual([
      {
        resourceType: 'MedicationRequest',
        status: 'failed',
        label: medRequestLabel,
        detail: 'HTTP 500',
        httpStatus: 500,
      },
    ]);
  });
});

describe('a strict server that rejects _include with 400', () => {
  it('asks for the medication orders once more without _include and keeps them', async () => {
    const oracle = serve(emulate(oracleBase, oracleRoute({ rejectUnknownParameters: true })));
    const snapshot = await loadChart(oracle.transport(), { patientId: oraclePatientId });
    expect(snapshot.quarantined).toEqual([]);
    expect(ids(snapshot.medicationRequests)).toEqual(['314010287', '313757847', '261542609', '4595905']);
    expect(snapshot.queries.find((q) => q.resourceType === 'MedicationRequest')).toEqual({
      resourceType: 'MedicationRequest',
      status: 'ok',
      label: medRequestLabel,
      pages: 1,
      detail: 'asked without _include, _count after HTTP 400',
    });
    const orders = oracle.log.filter((r) => r.path === 'MedicationRequest');
    expect(orders.map((r) => [r.status, r.params.has('_include')])).toEqual([
      [400, true],
      [200, false],
    ]);
  });
});

describe('a plain R4 server', () => {
  it('loads every resource type with the medication brought by _include and no further reads', async () => {
    const plain = serve(emulate(plainBase, plainRoute()));
    const snapshot = await loadChart(plain.transport(), { patientId: plainPatientId });
    expect(snapshot.quarantined).toEqual([]);
    expect(resourceIds(snapshot)).toEqual({
      patient: plainPatientId,
      conditions: ['c-neuro'],
      observations: ['o-ferritin'],
      medicationRequests: ['mr-amitriptyline'],
      medicationStatements: ['ms-loratadine'],
      medicationAdministrations: [],
      medications: ['med-amitriptyline'],
    });
    expect(snapshot.queries).toEqual([
      ok('Patient', 'Patient (read)'),
      ...conditionQueries,
      ...labQueries(1),
      ok('MedicationRequest', medRequestLabel, 1),
      ok('MedicationStatement', medStatementLabel, 1),
      ok('MedicationAdministration', medAdministrationLabel, 1),
    ]);
    expect(plain.log.some((r) => r.path.startsWith('Medication/') || r.path === 'Medication')).toBe(false);
  });

  it('sends every request of a typical chart in one parallel wave', async () => {
    const plain = serve(emulate(plainBase, plainRoute(), { latencyMs: 40 }));
    await loadChart(plain.transport(), { patientId: plainPatientId });
    // metadata, Patient, 3 Condition categories and one without, 2 Observation searches,
    // MedicationRequest, MedicationStatement, MedicationAdministration
    expect(plain.log).toHaveLength(11);
    expect(countWaves(plain.log)).toBe(1);
  });
});

describe('faults', () => {
  it('keeps the rest of the chart when labs are forbidden, and says labs are a gap', async () => {
    const plain = serve(
      emulate(
        plainBase,
        withOverride(plainRoute(), (r) =>
          r.resourceType === 'Observation' ? respond({ resourceType: 'OperationOutcome' }, 403) : undefined,
        ),
      ),
    );
    const snapshot = await loadChart(plain.transport(), { patientId: plainPatientId });
    expect(snapshot.quarantined).toEqual([]);
    expect(ids(snapshot.observations)).toEqual([]);
    expect(ids(snapshot.conditions)).toEqual(['c-neuro']);
    expect(snapshot.queries.filter((q) => q.status !== 'ok')).toEqual(
      [ironLabLabel, labLabel].map((label) => ({
        resourceType: 'Observation',
        status: 'forbidden',
        label,
        detail: 'HTTP 403',
        httpStatus: 403,
      })),
    );
  });

  it('retries a 500 once and uses the answer that follows', async () => {
    let failures = 1;
    const plain = serve(
      emulate(
        plainBase,
        withOverride(plainRoute(), (r) =>
          r.params.get('category') === 'problem-list-item' && failures-- > 0 ? respond({}, 500) : undefined,
        ),
      ),
    );
    const { waits, sleep } = recordedSleep();
    const snapshot = await loadChart(plain.transport(), { patientId: plainPatientId, retry: { sleep } });
    expect(snapshot.quarantined).toEqual([]);
    expect(ids(snapshot.conditions)).toEqual(['c-neuro']);
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
    expect(
      plain.log.filter((r) => r.params.get('category') === 'problem-list-item').map((r) => r.status),
    ).toEqual([500, 200]);
    expect(waits).toEqual([500]);
  });

  it('gives up after two retries of a failing search and reports it as failed', async () => {
    const plain = serve(
      emulate(
        plainBase,
        withOverride(plainRoute(), (r) =>
          r.resourceType === 'MedicationRequest' ? respond({}, 503) : undefined,
        ),
      ),
    );
    const { waits, sleep } = recordedSleep();
    const snapshot = await loadChart(plain.transport(), { patientId: plainPatientId, retry: { sleep } });
    expect(snapshot.quarantined).toEqual([]);
    expect(plain.log.filter((r) => r.path === 'MedicationRequest')).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
    expect(snapshot.queries.filter((q) => q.status !== 'ok')).toEqual([
      {
        resourceType: 'MedicationRequest',
        status: 'failed',
        label: medRequestLabel,
        detail: 'HTTP 503',
        httpStatus: 503,
      },
    ]);
    expect(ids(snapshot.medicationRequests)).toEqual([]);
  });

  it('waits as long as Retry-After says when throttled with 429', async () => {
    let throttled = true;
    const plain = serve(
      emulate(
        plainBase,
        withOverride(plainRoute(), (r) => {
          if (r.resourceType !== 'MedicationStatement' || !throttled) return undefined;
          throttled = false;
          return respond({}, 429, { 'retry-after': '3' });
        }),
      ),
    );
    const { waits, sleep } = recordedSleep();
    const snapshot = await loadChart(plain.transport(), { patientId: plainPatientId, retry: { sleep } });
    expect(snapshot.quarantined).toEqual([]);
    expect(waits).toEqual([3000]);
    expect(ids(snapshot.medicationStatements)).toEqual(['ms-loratadine']);
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
  });

  it('stops following a never-ending list of pages at the bound and marks it truncated', async () => {
    let page = 0;
    const plain = serve(
      emulate(
        plainBase,
        withOverride(plainRoute(), (r) => {
          if (!isSupportingLabSearch(r)) return undefined;
          page++;
          return respond({
            resourceType: 'Bundle',
            type: 'searchset',
            // The next link keeps the search's code list, as servers do.
            link: [
              {
                relation: 'next',
                url: `${plainBase}/Observation?${new URLSearchParams({ code: r.params.get('code') ?? '', _page: String(page + 1) })}`,
              },
            ],
            entry: [
              {
                resource: {
                  resourceType: 'Observation',
                  id: `o-page-${page}`,
                  status: 'final',
                  code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
                  subject: { reference: `Patient/${plainPatientId}` },
                  effectiveDateTime: `2026-0${page}-01`,
                },
              },
            ],
          });
        }),
      ),
    );
    const snapshot = await loadChart(plain.transport(), { patientId: plainPatientId, maxPages: 3 });
    expect(snapshot.quarantined).toEqual([]);
    // Ferritin has its own search, which the long list of other labs does not touch.
    expect(ids(snapshot.observations)).toEqual(['o-ferritin', 'o-page-3', 'o-page-2', 'o-page-1']);
    expect(plain.log.filter(isSupportingLabSearch)).toHaveLength(3);
    expect(snapshot.queries.filter((q) => q.status !== 'ok')).toEqual([
      {
        resourceType: 'Observation',
        status: 'truncated',
        label: labLabel,
        detail: 'stopped after 3 pages',
        pages: 3,
      },
    ]);
  });

  it('never follows a next link to another server with the token', async () => {
    const plain = serve(
      emulate(
        plainBase,
        withOverride(plainRoute(), (r) =>
          r.resourceType === 'Condition' && r.params.get('category') === 'problem-list-item'
            ? respond({
                resourceType: 'Bundle',
                type: 'searchset',
                link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/Condition?page=2' }],
                entry: [],
              })
            : undefined,
        ),
      ),
    );
    const snapshot = await loadChart(plain.transport(), { patientId: plainPatientId });
    expect(snapshot.quarantined).toEqual([]);
    expect(snapshot.queries.filter((q) => q.status !== 'ok')).toEqual([
      {
        resourceType: 'Condition',
        status: 'truncated',
        label: 'Condition?category=problem-list-item',
        detail: 'next page is on another server',
        pages: 1,
      },
    ]);
  });

  it('quarantines malformed resources with their reason and keeps the valid ones', async () => {
    const subject = { reference: `Patient/${plainPatientId}` };
    const plain = serve(
      emulate(
        plainBase,
        withOverride(plainRoute(), (r) => {
          if (r.resourceType === 'Observation' && !isSupportingLabSearch(r))
            return respond({
              resourceType: 'Bundle',
              type: 'searchset',
              entry: [
                {
                  resource: {
                    resourceType: 'Observation',
                    id: 'o-good',
                    status: 'final',
                    code: { coding: [{ system: 'http://loinc.org', code: '2276-4' }] },
                    subject,
                    effectiveDateTime: '2026-06-01',
                    valueQuantity: { value: 30, unit: 'ng/mL' },
                  },
                },
                {
                  resource: {
                    resourceType: 'Observation',
                    id: 'o-bad-date',
                    status: 'final',
                    code: { coding: [{ system: 'http://loinc.org', code: '2276-4' }] },
                    subject,
                    effectiveDateTime: 'last Tuesday',
                  },
                },
                { fullUrl: 'urn:uuid:1' },
              ],
            });
          if (r.resourceType === 'MedicationStatement')
            return respond({
              resourceType: 'Bundle',
              type: 'searchset',
              entry: [
                {
                  resource: {
                    resourceType: 'MedicationStatement',
                    id: 'ms-no-drug',
                    status: 'active',
                    subject,
                  },
                },
              ],
            });
          return undefined;
        }),
      ),
    );
    const snapshot = await loadChart(plain.transport(), { patientId: plainPatientId });
    expect(ids(snapshot.observations)).toEqual(['o-good']);
    expect(ids(snapshot.medicationStatements)).toEqual([]);
    expect(snapshot.quarantined).toEqual([
      { reference: `${ironLabLabel} page 1 entry 2`, reason: 'entry without a resource' },
      { reference: 'Observation/o-bad-date', reason: 'effectiveDateTime: not a FHIR date' },
      { reference: 'MedicationStatement/ms-no-drug', reason: '(resource): no medication[x]' },
    ]);
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
  });
});

describe('the session', () => {
  it('refreshes an expired token once for all parallel requests and loads the chart', async () => {
    const plain = serve(emulate(plainBase, plainRoute(), { token: 'fresh' }));
    let refreshes = 0;
    const transport = plain.transport({
      token: 'expired',
      refresh: async () => {
        refreshes++;
        transport.token = 'fresh';
        return true;
      },
    });
    const snapshot = await loadChart(transport, { patientId: plainPatientId });
    expect(refreshes).toBe(1);
    expect(snapshot.queries.every((q) => q.status === 'ok')).toBe(true);
    expect(snapshot.patient?.id).toBe(plainPatientId);
  });

  it('ends the session when the token is refused and there is no refresh token', async () => {
    const plain = serve(emulate(plainBase, plainRoute(), { token: 'fresh' }));
    // The app's transport resolves false when fhirclient holds no refresh token.
    const transport = plain.transport({ token: 'expired', refresh: async () => false });
    await expect(loadChart(transport, { patientId: plainPatientId })).rejects.toBeInstanceOf(
      SessionExpiredError,
    );
  });

  it('reads a 401 as a forbidden gap when the transport has no session to renew (CDS Hooks)', async () => {
    const plain = serve(emulate(plainBase, plainRoute(), { token: 'fresh' }));
    const snapshot = await loadChart(plain.transport({ token: 'expired' }), { patientId: plainPatientId });
    expect(snapshot.queries.length).toBeGreaterThan(0);
    for (const query of snapshot.queries)
      expect([query.status, query.httpStatus]).toEqual(['forbidden', 401]);
  });

  it('ends the session when the refreshed token is refused too', async () => {
    const plain = serve(emulate(plainBase, plainRoute(), { token: 'fresh' }));
    const transport = plain.transport({ token: 'expired', refresh: async () => true });
    await expect(loadChart(transport, { patientId: plainPatientId })).rejects.toBeInstanceOf(
      SessionExpiredError,
    );
  });

  it('cancels the requests when the user leaves', async () => {
    const plain = serve(emulate(plainBase, plainRoute(), { latencyMs: 200 }));
    const controller = new AbortController();
    const loading = loadChart(plain.transport(), { patientId: plainPatientId, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
  });
});
