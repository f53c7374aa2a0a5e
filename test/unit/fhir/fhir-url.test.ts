import { describe, expect, it } from 'vitest';
import { fhirUrl } from '@/lib/fhir/fhir-url';
import { chartQueries, queryPath } from '@/lib/fhir/queries';

// Read and search URLs are built under the server's FHIR base with the URL API, never by pasting
// strings: no part of a patient id or a chart reference can leave the base.

const base = 'https://ehr.example.org/fhir/R4';

describe('FHIR URLs under the base', () => {
  it('keeps the base path and the query as the query model encoded it', () => {
    expect(fhirUrl(`${base}/`, 'Patient/p01')).toBe(`${base}/Patient/p01`);
    const labs = chartQueries.find((q) => q.key === 'ironLabObservations');
    if (!labs) throw new Error('no lab query');
    const path = queryPath(labs, { patientId: 'p01', labLoincCodes: ['2276-4'] });
    expect(fhirUrl(base, path)).toBe(`${base}/${path}`);
    expect(fhirUrl(base, path)).toContain('code=http%3A%2F%2Floinc.org%7C2276-4');
  });

  it('refuses a dot segment that would climb out of the base', () => {
    expect(fhirUrl(base, 'Patient/..')).toBeNull();
    expect(fhirUrl(base, '../admin')).toBeNull();
    expect(fhirUrl(base, '')).toBeNull();
  });

  it('encodes what a reference could smuggle in: another host, a query, a fragment', () => {
    expect(fhirUrl(base, 'Medication/x%2F..%2F..')).toBe(`${base}/Medication/x%252F..%252F..`);
    expect(new URL(fhirUrl(base, 'Medication/@evil.example#frag') ?? '').host).toBe('ehr.example.org');
    expect(fhirUrl(base, 'Medication/a#b')).toBe(`${base}/Medication/a%23b`);
  });
});
