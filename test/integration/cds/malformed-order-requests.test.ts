import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as orderSelect } from '@/app/cds-services/leg-symptom-differential-order-select/route';
import { POST as orderSign } from '@/app/cds-services/leg-symptom-differential-order-sign/route';
import { chartWith, rlsCondition } from './order-request';

// Whatever an EHR (or anyone) posts to the order hooks, the answer is 200, 400 or 412 with JSON:
// never a 500. Draft orders are generated near-valid (drug names the tables know and do not, junk
// statuses, references, contained Medications, wrong types), next to a real chart's prefetch.

const { patientId, prefetch } = chartWith('p15-clean-normal-ferritin.json', (id) => [rlsCondition(id)]);

const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: fc.anything() });
const concept = fc.record(
  {
    coding: fc.array(
      fc.record(
        {
          system: fc.constantFrom(
            'http://www.nlm.nih.gov/research/umls/rxnorm',
            'http://www.whocc.no/atc',
            'x',
          ),
          code: fc.oneof(fc.constantFrom('36437', '5093', '6915', '312940', 'N06AB06'), fc.string()),
          display: fc.oneof(
            fc.constantFrom('sertraline 50 MG', 'Haldol 5 mg', 'ibuprofen', 'Zoloft'),
            fc.string(),
          ),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    text: fc.oneof(fc.constantFrom('metoclopramide 10 mg', 'acetaminophen'), fc.string()),
  },
  { requiredKeys: [] },
);
const draft = fc.record(
  {
    resourceType: fc.constantFrom(
      'MedicationRequest',
      'MedicationRequest',
      'NutritionOrder',
      'ServiceRequest',
      'Medication',
    ),
    id: fc.constantFrom('d1', 'd2', 'd3', 'd1', 'd2', 'd3', 'bad id!'),
    status: maybe(fc.constantFrom('draft', 'active', 'stopped', 'entered-in-error')),
    intent: maybe(fc.constant('order')),
    subject: maybe(
      fc.record({
        reference: fc.constantFrom(...Array(6).fill(`Patient/${patientId}`), 'Patient/other', '#x'),
      }),
    ),
    medicationCodeableConcept: maybe(concept),
    medicationReference: maybe(
      fc.record(
        { reference: fc.constantFrom('Medication/m1', '#m1', 'nope'), display: fc.string() },
        { requiredKeys: [] },
      ),
    ),
    contained: maybe(
      fc.array(fc.record({ resourceType: fc.constant('Medication'), id: fc.constant('m1'), code: concept }), {
        maxLength: 1,
      }),
    ),
    code: maybe(concept),
  },
  { requiredKeys: ['resourceType'] },
);
const mostly = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: fc.anything() });
const request = fc
  .record({
    hook: mostly(fc.constant('order-select')),
    drafts: fc.array(
      fc.oneof(
        { weight: 9, arbitrary: draft.map((resource) => ({ kind: 'draft' as const, resource })) },
        { weight: 1, arbitrary: fc.anything().map((junk) => ({ kind: 'junk' as const, junk })) },
      ),
      { maxLength: 4 },
    ),
    junkSelection: fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.string() },
    ),
    withPrefetch: fc.boolean(),
  })
  .map(({ hook, drafts, junkSelection, withPrefetch }) => ({
    hook,
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context: {
      userId: 'PractitionerRole/123',
      patientId,
      // Mostly the drafts' own references (so most calls reach the pipeline), sometimes junk.
      selections: [
        ...drafts.flatMap((d) => (d.kind === 'draft' ? [`${d.resource.resourceType}/${d.resource.id}`] : [])),
        ...(junkSelection === null ? [] : [junkSelection]),
      ],
      draftOrders: {
        resourceType: 'Bundle',
        entry: drafts.map((d) => (d.kind === 'draft' ? { resource: d.resource } : d.junk)),
      },
    },
    ...(withPrefetch ? { prefetch } : {}),
  }));

describe('malformed and hostile order hook bodies', () => {
  beforeAll(() => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => vi.restoreAllMocks());

  it.each([
    ['order-select', orderSelect],
    ['order-sign', orderSign],
  ])(
    '%s never answers 500 over 300 generated bodies',
    async (hook, handler) => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(request, async (body) => {
          const response = await handler(
            new Request(`https://legs.example.org/cds-services/leg-symptom-differential-${hook}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(
                hook === 'order-sign'
                  ? { ...body, hook: body.hook === 'order-select' ? 'order-sign' : body.hook }
                  : body,
              ),
            }),
          );
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const json = await response.json();
          expect([200, 400, 412]).toContain(response.status);
          if (response.status === 200) expect(Array.isArray(json.cards)).toBe(true);
          else expect(json.resourceType).toBe('OperationOutcome');
        }),
        { numRuns: 300, seed: 20261125 },
      );
      // The generator must reach the pipeline, not only the validator.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(30);
      expect(statuses.get(400) ?? 0).toBeGreaterThan(30);
    },
    60_000,
  );
});
