import { beforeAll, describe, expect, it } from 'vitest';
import { chartFromRequest } from '@/lib/cds/chart-from-request';
import { prefetchLabCodes } from '@/lib/cds/pipeline';
import { cdsRequestSchema } from '@/lib/cds/request-schema';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import type { Report } from '@/lib/contracts/report-schema';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import type { FhirTransport } from '@/lib/fhir/fhir-http';
import { loadChart } from '@/lib/fhir/load-chart';
import { handleFhirGet } from '@/lib/sandbox/fhir-endpoint';
import { getFhirServer } from '@/lib/sandbox/fhir-repository';
import { fhirBase, launchToken } from '../sandbox/smart-client';
import {
  cdsRequest,
  fixtureFiles,
  fixtureResources,
  patientIdOf,
  prefetchFromResources,
} from './cds-request';

// One reader for every surface: for each synthetic patient, the app (loadChart over SMART against
// the sandbox), the CDS service reading the same server as `fhirServer`, and the CDS service given
// the prefetch an EHR would send, must give the same Report.

const now = new Date('2026-11-25T12:00:00Z');

/** The sandbox's FHIR endpoint as a fetch, for the CDS service's reads of `fhirServer`. */
const sandboxFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const path = url.pathname.slice('/sandbox/fhir/'.length).split('/').map(decodeURIComponent);
  return handleFhirGet(new Request(url, { headers: init?.headers, signal: init?.signal }), path);
};

function appTransport(token: string): FhirTransport {
  return {
    baseUrl: fhirBase,
    fetch: (url, init) =>
      sandboxFetch(url, {
        signal: init.signal,
        headers: { ...init.headers, authorization: `Bearer ${token}` },
      }),
    refresh: async () => false,
  };
}

async function viaCds(patientId: string, extra: Record<string, unknown>): Promise<ChartSnapshot> {
  const request = cdsRequestSchema.parse(cdsRequest(patientId, extra));
  const gathered = await chartFromRequest(request, {
    labLoincCodes: prefetchLabCodes,
    fetch: sandboxFetch,
    timeoutMs: 5000,
    maxPages: 5,
  });
  if (!gathered.ok) throw new Error(gathered.reason);
  return gathered.snapshot;
}

// The sandbox seeds every fixture patient on its first request: done once here, so no single test is
// charged for it (on a loaded 2-core machine it can take longer than a test's 5 s).
beforeAll(async () => {
  await getFhirServer();
}, 60_000);

const report = (snapshot: ChartSnapshot): Report => analyzeChart(snapshot, { now, findings: {} });

describe('the app and the CDS service read a chart the same way', () => {
  const files = fixtureFiles();

  it('covers every synthetic patient', () => {
    expect(files.length).toBeGreaterThanOrEqual(17);
  });

  it.each(files)(
    '%s: the same report from the app, from CDS reading fhirServer and from CDS prefetch',
    async (file) => {
      const resources = fixtureResources(file);
      const patientId = patientIdOf(resources);
      const token = await launchToken(patientId);
      const app = report(await loadChart(appTransport(token.access_token), { patientId }));
      const cdsFetched = report(
        await viaCds(patientId, {
          fhirServer: fhirBase,
          fhirAuthorization: { access_token: token.access_token, token_type: 'Bearer' },
        }),
      );
      const cdsPrefetched = report(await viaCds(patientId, { prefetch: prefetchFromResources(resources) }));

      expect(cdsFetched).toEqual(app);
      // The sandbox refuses malformed resources when it is seeded, so they never reach the app;
      // a prefetch carries them and they are quarantined: everything else must agree.
      expect({ ...cdsPrefetched, quarantined: [] }).toEqual({ ...app, quarantined: [] });
      expect(cdsPrefetched.flags).toEqual(app.flags);
    },
  );
});
