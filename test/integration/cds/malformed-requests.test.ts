import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST } from '@/app/cds-services/leg-symptom-differential/route';
import { chartQueries } from '@/lib/fhir/queries';

// Whatever an EHR (or anyone) posts, the service answers 200, 4xx or 412 with JSON: never a 500.
// Bodies are generated: raw junk, JSON of any shape, and near-valid patient-view requests whose
// prefetch holds broken Bundles and resources of the types the core reads.

const serviceUrl = 'https://legs.example.org/cds-services/leg-symptom-differential';
const chartTypes = [
  'Patient',
  'Condition',
  'Observation',
  'MedicationStatement',
  'MedicationRequest',
  'Medication',
];
const prefetchKeys = chartQueries.map((q) => q.key);

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.anything());
const fhirDateish = fc.oneof(
  fc.constantFrom('2026-11-01', '2026', '2026-02', '2023-05-10T08:00:00Z', '2026-13-45', 'yesterday', ''),
  fc.string(),
);
const codeable = fc.record(
  {
    coding: fc.array(
      fc.record(
        {
          system: fc.constantFrom(
            'http://loinc.org',
            'http://snomed.info/sct',
            'http://www.nlm.nih.gov/research/umls/rxnorm',
            'x',
          ),
          code: fc.oneof(fc.constantFrom('2276-4', '14723-1', '32914008', '36437', '328670'), fc.string()),
          display: fc.string(),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    text: fc.string(),
  },
  { requiredKeys: [] },
);
const resource = fc.record(
  {
    resourceType: fc.oneof(fc.constantFrom(...chartTypes), fc.string()),
    id: fc.oneof(fc.constantFrom('f1', 'r1', 'r2', 'Medication/x'), fc.string()),
    subject: maybe(fc.record({ reference: fc.oneof(fc.constant('Patient/f1'), fc.string()) })),
    status: maybe(
      fc.constantFrom('active', 'final', 'stopped', 'completed', 'entered-in-error', 'on-hold', 'amended'),
    ),
    intent: fc.constantFrom('order', 'plan'),
    code: maybe(codeable),
    medicationCodeableConcept: maybe(codeable),
    medicationReference: maybe(fc.record({ reference: fc.oneof(fc.constant('Medication/m1'), fc.string()) })),
    clinicalStatus: maybe(codeable),
    category: maybe(fc.array(codeable, { maxLength: 2 })),
    valueQuantity: maybe(
      fc.record(
        {
          value: fc.oneof(fc.double(), fc.integer(), fc.string()),
          unit: fc.constantFrom('ng/mL', 'pmol/L', 'ug/L', '%', 'furlongs', ''),
          comparator: fc.constantFrom('<', '<=', '>=', '>', '~'),
        },
        { requiredKeys: [] },
      ),
    ),
    effectiveDateTime: fhirDateish,
    authoredOn: fhirDateish,
    onsetDateTime: fhirDateish,
    birthDate: fhirDateish,
    gender: maybe(fc.constantFrom('male', 'female', 'other', 'unknown')),
  },
  { requiredKeys: ['resourceType'] },
);
const bundle = fc.record(
  {
    resourceType: fc.constantFrom('Bundle', 'OperationOutcome', 'Patient'),
    type: fc.constantFrom('searchset', 'collection', 'transaction'),
    entry: maybe(
      fc.array(
        fc.oneof(
          fc.record(
            {
              resource: resource,
              fullUrl: fc.oneof(
                fc.uuid().map((u) => `urn:uuid:${u}`),
                fc.string(),
              ),
            },
            { requiredKeys: [] },
          ),
          fc.anything(),
        ),
        { maxLength: 6 },
      ),
    ),
    link: maybe(
      fc.array(fc.record({ relation: fc.constantFrom('next', 'self'), url: fc.webUrl() }), { maxLength: 2 }),
    ),
  },
  { requiredKeys: ['resourceType'] },
);
const prefetch = fc.dictionary(
  fc.oneof(fc.constantFrom(...prefetchKeys), fc.string()),
  fc.oneof(fc.constant(null), bundle, resource, fc.anything()),
  { maxKeys: 6 },
);
/** Mostly right, sometimes wrong: most bodies get past the validator and into the pipeline. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown> = fc.anything()) =>
  fc.oneof({ weight: 9, arbitrary: good }, { weight: 1, arbitrary: bad });
const nearValid = fc.record(
  {
    hook: mostly(fc.constant('patient-view'), fc.string()),
    hookInstance: mostly(fc.uuid()),
    context: mostly(
      fc.record(
        {
          userId: mostly(fc.constant('Practitioner/example')),
          patientId: mostly(fc.constant('f1'), fc.string()),
          encounterId: mostly(fc.string()),
        },
        { requiredKeys: ['userId', 'patientId'] },
      ),
    ),
    prefetch: mostly(prefetch),
  },
  { requiredKeys: ['hook', 'hookInstance', 'context', 'prefetch'] },
);
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
/** Sometimes a server the schema refuses (so the fuzz run makes no network calls), or a token without one. */
const withBadServer = fc
  .tuple(
    nearValid,
    rarely(fc.constantFrom('not a url', 'ftp://ehr.example.org', 'javascript:alert(1)', '')),
    rarely(fc.record({ access_token: fc.string(), token_type: fc.constant('Bearer') })),
  )
  .map(([request, fhirServer, fhirAuthorization]) => ({
    ...request,
    ...(fhirServer === null ? {} : { fhirServer }),
    ...(fhirAuthorization === null ? {} : { fhirAuthorization }),
  }));
const body = fc.oneof(
  { weight: 1, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 7, arbitrary: withBadServer.map((v) => JSON.stringify(v)) },
);

describe('malformed and hostile request bodies', () => {
  beforeAll(() => {
    // The route never logs on the paths exercised here; silence only guards the output.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(() => vi.restoreAllMocks());

  it('never answer 500 over 1,000 generated bodies, and always answer JSON', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response = await POST(
          new Request(serviceUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: text,
          }),
        );
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const json = await response.json();
        expect(response.status).not.toBe(500);
        expect([200, 400, 412]).toContain(response.status);
        if (response.status === 200) expect(Array.isArray(json.cards)).toBe(true);
        else expect(json.resourceType).toBe('OperationOutcome');
      }),
      { numRuns: 1000, seed: 20261125 },
    );
    // The generator must reach the pipeline, not only the validator.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
  }, 60_000);
});
