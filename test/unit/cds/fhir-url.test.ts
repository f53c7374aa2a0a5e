import { describe, expect, it } from 'vitest';
import { resolveFhirUrl } from '@/lib/cds/fhir-fetch';
import { queryPath } from '@/lib/cds/service-definition';

// Read and search URLs are built under the caller's FHIR base with the URL API, never by pasting
// strings: no part of a patient id or a chart reference can leave the base.

const base = 'https://ehr.example.org/fhir/R4';

describe('FHIR URLs under the base', () => {
  it('keeps the base path and encodes the query', () => {
    expect(resolveFhirUrl(`${base}/`, 'Patient/p01')).toBe(`${base}/Patient/p01`);
    const search = queryPath(
      {
        key: 'labObservations',
        resourceType: 'Observation',
        kind: 'search',
        params: [['code', 'http://loinc.org|2276-4']],
        label: 'x',
      },
      'p01',
    );
    expect(resolveFhirUrl(base, search)).toBe(
      `${base}/Observation?patient=p01&code=http%3A%2F%2Floinc.org%7C2276-4`,
    );
  });

  it('refuses a dot segment that would climb out of the base', () => {
    expect(() => resolveFhirUrl(base, 'Patient/..')).toThrow(/not a FHIR read or search path/);
    expect(() => resolveFhirUrl(base, '../admin')).toThrow();
  });

  it('encodes what a reference could smuggle in: another host, a query, a fragment', () => {
    expect(resolveFhirUrl(base, 'Medication/x%2F..%2F..')).toBe(`${base}/Medication/x%252F..%252F..`);
    expect(new URL(resolveFhirUrl(base, 'Medication/@evil.example#frag')).host).toBe('ehr.example.org');
    expect(resolveFhirUrl(base, 'Medication/a#b')).toBe(`${base}/Medication/a%23b`);
  });
});
