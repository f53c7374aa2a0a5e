import { chartFromRequest } from '@/lib/cds/chart-from-request';
import { prefetchLabCodes } from '@/lib/cds/pipeline';
import { cdsRequestSchema } from '@/lib/cds/request-schema';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import type { Report } from '@/lib/contracts/report-schema';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import type { FhirTransport } from '@/lib/fhir/fhir-http';
import { loadChart } from '@/lib/fhir/load-chart';
import { handleFhirGet } from '@/lib/sandbox/fhir-endpoint';
import { fixtureNow } from '../../support/fixture-snapshot';
import { fhirBase, launchToken } from '../sandbox/smart-client';
import { cdsRequest, patientIdOf, prefetchFromResources } from './cds-request';

// One patient's chart read by the three readers every surface uses: the app (loadChart over SMART
// against the sandbox), the CDS service reading the same server as `fhirServer`, and the CDS
// service given the prefetch an EHR would send. Each gives its Report.

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

const report = (snapshot: ChartSnapshot): Report => analyzeChart(snapshot, { now: fixtureNow, findings: {} });

/** The three Reports of the patient whose resources (as seeded in the sandbox) are given. */
export async function threeReports(
  resources: Record<string, unknown>[],
): Promise<{ app: Report; cdsFetched: Report; cdsPrefetched: Report }> {
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
  return { app, cdsFetched, cdsPrefetched };
}
