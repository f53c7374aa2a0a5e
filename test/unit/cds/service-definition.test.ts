import { describe, expect, it } from 'vitest';
import { cdsRequestSchema } from '@/lib/cds/request-schema';
import { discoveryResponse } from '@/lib/cds/service-definition';
import { chartQueries, prefetchTemplate, queryPath } from '@/lib/fhir/queries';

const labCodes = ['2276-4', '14723-1'];

describe('prefetch templates', () => {
  it('percent-encodes the lab code list and keeps the context token readable', () => {
    const [service] = discoveryResponse(labCodes).services;
    expect(service?.prefetch.ironLabObservations).toBe(
      'Observation?patient={{context.patientId}}&category=laboratory&code=http%3A%2F%2Floinc.org%7C2276-4%2Chttp%3A%2F%2Floinc.org%7C14723-1&_sort=-date&_count=100',
    );
  });

  it('lists one template per query the app itself issues, rendered from the same query list', () => {
    const [service] = discoveryResponse(labCodes).services;
    expect(Object.keys(service?.prefetch ?? {})).toEqual(chartQueries.map((q) => q.key));
    for (const query of chartQueries) {
      const template = service?.prefetch[query.key] ?? '';
      const appPath = queryPath(query, { patientId: 'p01', labLoincCodes: labCodes });
      expect(template.replace('{{context.patientId}}', 'p01')).toBe(appPath);
      expect(template).toBe(prefetchTemplate(query, labCodes));
    }
    expect(service?.prefetch.medicationRequests).toContain('_include=MedicationRequest%3Amedication');
  });
});

describe('CDS Hooks request validation', () => {
  const valid = {
    hook: 'patient-view',
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    context: { userId: 'Practitioner/example', patientId: '1288992', encounterId: '89284' },
  };

  it("accepts the spec's example request, including an http sandbox fhirServer and extensions", () => {
    const result = cdsRequestSchema.safeParse({
      ...valid,
      fhirServer: 'http://hooks.smarthealthit.org:9080',
      fhirAuthorization: {
        access_token: 'some-opaque-fhir-access-token',
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'patient/Patient.read patient/Observation.read',
        subject: 'cds-service4',
      },
      prefetch: { patientToGreet: { resourceType: 'Patient', id: '1288992' } },
      extension: { 'com.example.timestamp': '2017-11-27T22:13:25Z' },
    });
    expect(result.success).toBe(true);
  });

  it('refuses a patient id that is not a FHIR id (it would be put into search URLs)', () => {
    for (const patientId of ['', '1/../../Observation', 'p01&code=x', 'a'.repeat(65)]) {
      expect(cdsRequestSchema.safeParse({ ...valid, context: { ...valid.context, patientId } }).success).toBe(
        false,
      );
    }
  });
});
