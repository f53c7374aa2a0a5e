import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/cds-services/leg-symptom-differential/route';
import { GET } from '@/app/cds-services/route';
import type { CdsCard } from '@/lib/cds/cards';
import { analyzeForCards, prefetchLabCodes } from '@/lib/cds/pipeline';
import { type CdsServiceDeps, handleServiceCall } from '@/lib/cds/service-handler';
import {
  cdsRequest,
  fhirAuthorization,
  fixtureFiles,
  fixtureResources,
  patientIdOf,
  prefetchFromResources,
} from './cds-request';
import { type EhrKeys, ehrIssuer, ehrKeys, signCallToken } from './ehr-jwt';

// The EHR's view: discovery, then patient-view calls with the spec's example request shape, for
// the synthetic patients in fhir-fixtures/patients, through the real route handlers and the same
// pure core as the app.

const serviceUrl = 'https://legs.example.org/cds-services/leg-symptom-differential';
const fhirBase = 'https://ehr.example.org/fhir/R4';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await POST(
    new Request(serviceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
  return { status: response.status, body: await response.json() };
}

async function cardsFor(file: string): Promise<CdsCard[]> {
  const resources = fixtureResources(file);
  const { status, body } = await post(
    cdsRequest(patientIdOf(resources), { prefetch: prefetchFromResources(resources) }),
  );
  expect(status).toBe(200);
  return body.cards;
}

/**
 * A call from a trusted EHR whose CDS_CLIENTS entry lists `fhirBase`: the only kind of caller
 * whose fhirServer is read. MSW plays the EHR's FHIR server and JWKS.
 */
async function postAsTrustedEhr(body: unknown, fetchSpy?: (url: string) => void) {
  const keys: EhrKeys = await ehrKeys(server);
  const deps: CdsServiceDeps = {
    analyze: analyzeForCards,
    labCodes: prefetchLabCodes,
    env: {
      NODE_ENV: 'production',
      APP_BASE_URL: 'https://legs.example.org',
      CDS_CLIENTS: JSON.stringify([{ issuer: ehrIssuer, jwksUrl: keys.jwksUrl, fhirServers: [fhirBase] }]),
    },
    fetch: (input, init) => {
      fetchSpy?.(String(input));
      return fetch(input, init);
    },
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    fhirTimeoutMs: 5000,
  };
  const token = await signCallToken(keys, { aud: serviceUrl });
  const response = await handleServiceCall(
    new Request(serviceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
    deps,
  );
  return { status: response.status, body: await response.json() };
}

const brief = (cards: CdsCard[]) => cards.map((c) => [c.indicator, c.source.topic.code]);

describe('discovery', () => {
  it('describes the patient-view service with prefetch templates for the chart and the lab codes', async () => {
    const response = await GET(new Request('https://legs.example.org/cds-services'));
    expect(response.status).toBe(200);
    const { services } = await response.json();
    expect(services.map((s: { hook: string }) => s.hook)).toEqual([
      'patient-view',
      'order-select',
      'order-sign',
    ]);
    const [service] = services;
    expect(service).toMatchObject({ id: 'leg-symptom-differential', hook: 'patient-view' });
    expect(service.title).toBeTruthy();
    expect(service.description).toBeTruthy();
    // The app's own searches (lib/fhir/queries.ts): categories, _include and _count as the app asks.
    expect(service.prefetch.patient).toBe('Patient/{{context.patientId}}');
    expect(service.prefetch['conditions-problem-list-item']).toBe(
      'Condition?patient={{context.patientId}}&category=problem-list-item&_count=100',
    );
    expect(service.prefetch.medicationStatements).toBe(
      'MedicationStatement?patient={{context.patientId}}&_include=MedicationStatement%3Amedication&_count=100',
    );
    expect(service.prefetch.medicationRequests).toBe(
      'MedicationRequest?patient={{context.patientId}}&_include=MedicationRequest%3Amedication&_count=100',
    );
    expect(service.prefetch.medicationAdministrations).toBe(
      'MedicationAdministration?patient={{context.patientId}}&_include=MedicationAdministration%3Amedication&_count=100',
    );
    const labs: string = service.prefetch.ironLabObservations;
    expect(labs.startsWith('Observation?patient={{context.patientId}}&category=laboratory&code=')).toBe(true);
    const codes = decodeURIComponent(labs.split('code=')[1]?.split('&')[0] ?? '').split(',');
    // Ferritin by mass and by moles, TSAT under both codes, and serum iron and TIBC (for a calculated
    // TSAT), straight from lib/knowledge's lab table.
    expect(codes).toEqual(
      expect.arrayContaining([
        'http://loinc.org|2276-4',
        'http://loinc.org|14723-1',
        'http://loinc.org|2502-3',
        'http://loinc.org|14801-5',
        'http://loinc.org|2498-4',
        'http://loinc.org|2500-7',
      ]),
    );
    expect(labs).not.toMatch(/[|, ]/);
  });
});

describe('patient-view cards for the synthetic patients (prefetch)', () => {
  it('warns about sertraline and the low ferritin for p01, each citing its resources', async () => {
    const cards = await cardsFor('p01-rls-sertraline-low-ferritin.json');
    expect(brief(cards)).toEqual([
      ['warning', 'medication-induced'],
      ['warning', 'iron-status'],
    ]);
    expect(cards[0]?.summary).toMatch(/sertraline/i);
    expect(cards[0]?.detail).toMatch(/MedicationStatement\/p01-/);
    expect(cards[1]?.summary).toContain('32 ng/mL');
    expect(cards[1]?.detail).toContain('`Observation/p01-ferritin-1`');
  });

  it('gives only the iron card for p02: pramipexole is a treatment, not an offending drug', async () => {
    const cards = await cardsFor('p02-rls-pramipexole-augmentation-urn-uuid.json');
    expect(brief(cards)).toEqual([['warning', 'iron-status']]);
    expect(cards[0]?.summary).toContain('<10 ng/mL');
  });

  it('says ferritin is missing for p03 as information, not a warning', async () => {
    const cards = await cardsFor('p03-plmd-ferritin-missing.json');
    expect(brief(cards)).toEqual([['info', 'iron-status']]);
    expect(cards[0]?.summary).toContain('No ferritin');
  });

  it('flags hydroxyzine charted under a local formulary code for p04', async () => {
    const cards = await cardsFor('p04-leg-cramps-metabolic-syndrome-hydroxyzine.json');
    expect(brief(cards)).toEqual([['warning', 'medication-induced']]);
    expect(cards[0]?.summary).toMatch(/hydroxyzine/i);
  });

  it('shows the molar ferritin of p06 as borderline in ng/mL, with the charted pmol/L in the detail', async () => {
    const cards = await cardsFor('p06-venous-disease-molar-ferritin-borderline.json');
    expect(brief(cards)).toEqual([['info', 'iron-status']]);
    expect(cards[0]?.summary).toContain('60.1 ng/mL');
    expect(cards[0]?.detail).toContain('135 pmol/L');
  });

  it('says the 2023 ferritin of p07 is out of date', async () => {
    const cards = await cardsFor('p07-pad-stale-ferritin.json');
    expect(brief(cards)).toEqual([['info', 'iron-status']]);
    expect(cards[0]?.summary).toContain('out of date');
  });

  it('warns about both dopamine antagonists for p10', async () => {
    const cards = await cardsFor('p10-akathisia-haloperidol-metoclopramide.json');
    expect(brief(cards)).toEqual([
      ['warning', 'medication-induced'],
      ['warning', 'medication-induced'],
    ]);
    expect(cards.map((c) => c.summary).join(' ')).toMatch(/haloperidol.*metoclopramide/i);
  });

  it('reads Cerner-style home meds in tall-man text for p11 and says ferritin is borderline', async () => {
    const cards = await cardsFor('p11-cerner-style-home-meds-borderline-ferritin.json');
    expect(brief(cards)).toEqual([
      ['warning', 'medication-induced'],
      ['warning', 'medication-induced'],
      ['info', 'iron-status'],
    ]);
  });

  it('still flags lithium for p12 although other resources were malformed', async () => {
    const cards = await cardsFor('p12-malformed-resources-lithium.json');
    expect(brief(cards)).toEqual([['warning', 'medication-induced']]);
    expect(cards[0]?.summary).toMatch(/lithium/i);
  });

  it('makes no card for the stopped and entered-in-error drugs of p14, only the current OTC sleep aid', async () => {
    const cards = await cardsFor('p14-otc-sleep-aid-stopped-and-entered-in-error-meds.json');
    expect(brief(cards)).toEqual([
      ['warning', 'medication-induced'],
      ['info', 'iron-status'],
    ]);
    expect(cards.map((c) => c.summary).join(' ')).not.toMatch(/citalopram|fluoxetine/i);
  });

  it('returns an empty card list for the clean chart of p15', async () => {
    expect(await cardsFor('p15-clean-normal-ferritin.json')).toEqual([]);
  });

  it('gives two cards for promethazine in p16 (two classes) and a borderline iron card', async () => {
    const cards = await cardsFor('p16-esrd-promethazine-two-classes.json');
    expect(brief(cards)).toEqual([
      ['warning', 'medication-induced'],
      ['warning', 'medication-induced'],
      ['info', 'iron-status'],
    ]);
  });

  it('keeps every summary under 140 characters, with a SMART link and a unique uuid, for every patient', async () => {
    const uuids = new Set<string>();
    for (const file of fixtureFiles()) {
      for (const card of await cardsFor(file)) {
        expect(card.summary.length, `${file}: ${card.summary}`).toBeLessThan(140);
        expect(['info', 'warning', 'critical']).toContain(card.indicator);
        expect(card.source.label).toBe('Leg symptom differential');
        expect(card.links).toEqual([
          expect.objectContaining({ type: 'smart', url: 'https://legs.example.org/launch' }),
        ]);
        expect(card.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        uuids.add(card.uuid);
      }
    }
    expect(uuids.size).toBeGreaterThan(10);
  });

  it('links to the launch URL under APP_BASE_URL when it is configured', async () => {
    vi.stubEnv('APP_BASE_URL', 'https://public.example.com/legs/');
    const cards = await cardsFor('p01-rls-sertraline-low-ferritin.json');
    expect(cards[0]?.links[0]?.url).toBe('https://public.example.com/legs/launch');
  });

  it('logs nothing while answering, so no patient data reaches the logs', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    for (const file of fixtureFiles()) await cardsFor(file);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describe('patient-view without prefetch: reading the trusted EHR FHIR server', () => {
  it("fetches p10's chart with the EHR's token and gives the same cards as with prefetch", async () => {
    const resources = fixtureResources('p10-akathisia-haloperidol-metoclopramide.json');
    const prefetch = prefetchFromResources(resources);
    const tokens = new Set<string | null>();
    const serve =
      (body: unknown) =>
      ({ request }: { request: Request }) => {
        tokens.add(request.headers.get('authorization'));
        return HttpResponse.json(body as Record<string, unknown>);
      };
    server.use(
      http.get(`${fhirBase}/Patient/p10`, serve(prefetch.patient)),
      http.get(`${fhirBase}/Condition`, ({ request }) => {
        const category = new URL(request.url).searchParams.get('category');
        return serve(prefetch[category ? `conditions-${category}` : 'conditions'])({ request });
      }),
      http.get(`${fhirBase}/MedicationStatement`, serve(prefetch.medicationStatements)),
      http.get(`${fhirBase}/MedicationRequest`, serve(prefetch.medicationRequests)),
      http.get(`${fhirBase}/MedicationAdministration`, serve(prefetch.medicationAdministrations)),
      http.get(`${fhirBase}/MedicationAdministration`, serve(prefetch.medicationAdministrations)),
      http.get(`${fhirBase}/Observation`, ({ request }) =>
        serve(
          new URL(request.url).searchParams.get('code')?.includes('2276-4')
            ? prefetch.ironLabObservations
            : prefetch.labObservations,
        )({ request }),
      ),
    );
    const fetched = await postAsTrustedEhr(cdsRequest('p10', { fhirServer: fhirBase, fhirAuthorization }));
    expect(fetched.status).toBe(200);
    expect([...tokens]).toEqual(['Bearer some-opaque-fhir-access-token']);
    const prefetched = await cardsFor('p10-akathisia-haloperidol-metoclopramide.json');
    const strip = (cards: CdsCard[]) => cards.map(({ uuid: _uuid, ...rest }) => rest);
    expect(strip(fetched.body.cards)).toEqual(strip(prefetched));
  });

  it('answers with an info iron card, not a "no ferritin" claim, when the lab search is forbidden', async () => {
    const prefetch = prefetchFromResources(fixtureResources('p15-clean-normal-ferritin.json'));
    const { labObservations: _labs, ironLabObservations: _iron, ...rest } = prefetch;
    server.use(http.get(`${fhirBase}/Observation`, () => new HttpResponse(null, { status: 403 })));
    const { status, body } = await postAsTrustedEhr(
      cdsRequest('p15', { prefetch: rest, fhirServer: fhirBase, fhirAuthorization }),
    );
    expect(status).toBe(200);
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0].indicator).toBe('info');
    expect(body.cards[0].summary).not.toContain('No ferritin');
    expect(body.cards[0].detail).toContain('Observation: forbidden');
  });

  it('reads nothing from a fhirServer the client is not configured for, and shows what is missing as data gaps', async () => {
    const prefetch = prefetchFromResources(fixtureResources('p15-clean-normal-ferritin.json'));
    const { labObservations: _labs, ironLabObservations: _iron, ...rest } = prefetch;
    const fetched: string[] = [];
    const { status, body } = await postAsTrustedEhr(
      cdsRequest('p15', {
        prefetch: rest,
        fhirServer: 'https://other-ehr.example.net/fhir',
        fhirAuthorization,
      }),
      (url) => fetched.push(url),
    );
    expect(status).toBe(200);
    expect(fetched).toEqual([]);
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0].summary).toContain('Ferritin could not be assessed');
    expect(body.cards[0].detail).toContain('not a server this caller may name');
  });

  it('reads a path under the configured base, but not a sibling path on the same origin', async () => {
    const fetched: string[] = [];
    const request = (fhirServer: string) => cdsRequest('p15', { fhirServer, fhirAuthorization });
    server.use(http.get(`${fhirBase}/*`, () => new HttpResponse(null, { status: 404 })));
    await postAsTrustedEhr(request(`${fhirBase}/`), (url) => fetched.push(url));
    expect(fetched.length).toBeGreaterThan(0);
    fetched.length = 0;
    const sibling = await postAsTrustedEhr(request('https://ehr.example.org/fhir/R4-admin'), (url) =>
      fetched.push(url),
    );
    expect(fetched).toEqual([]);
    expect(sibling.status).toBe(412);
  });
});

describe('patient-view with an incomplete prefetch', () => {
  it('says the medication check is incomplete when the EHR sent null for medication orders', async () => {
    const prefetch = prefetchFromResources(fixtureResources('p15-clean-normal-ferritin.json'));
    const { status, body } = await post(
      cdsRequest('p15', { prefetch: { ...prefetch, medicationRequests: null } }),
    );
    expect(status).toBe(200);
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0].indicator).toBe('info');
    expect(body.cards[0].summary).toMatch(/medication/i);
    expect(body.cards[0].detail).toContain('MedicationRequest');
  });
});

describe('bad requests', () => {
  it.each([
    ['a body that is not JSON', '{"hook": "patient-view",'],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['no context', { hook: 'patient-view', hookInstance: 'x' }],
    ['no hookInstance', { hook: 'patient-view', context: { userId: 'Practitioner/1', patientId: 'p01' } }],
    ['a patient id that would escape the search URL', cdsRequest('p01&_include=*')],
    ['fhirAuthorization without fhirServer', cdsRequest('p01', { fhirAuthorization })],
    ['a fhirServer that is not http(s)', cdsRequest('p01', { fhirServer: 'file:///etc/passwd' })],
  ])('answers 400 with an OperationOutcome for %s', async (_label, body) => {
    const { status, body: outcome } = await post(body);
    expect(status).toBe(400);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].severity).toBe('error');
  });

  it('answers 400 for another hook', async () => {
    const { status, body } = await post({ ...cdsRequest('p01', { prefetch: {} }), hook: 'order-sign' });
    expect(status).toBe(400);
    expect(body.issue[0].diagnostics).toContain('patient-view');
  });

  it('does not echo request values (possible PHI) in its error message', async () => {
    const { body } = await post(cdsRequest('Jane Doe 1961-03-14'));
    expect(JSON.stringify(body)).not.toContain('Jane');
  });

  it('answers 412 when there is neither prefetch nor a FHIR server', async () => {
    const { status, body } = await post(cdsRequest('p01'));
    expect(status).toBe(412);
    expect(body.resourceType).toBe('OperationOutcome');
  });
});
