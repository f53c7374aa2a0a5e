import type { ChartSnapshot } from '../contracts/chart-snapshot';
import { bearerTransport } from '../fhir/bearer-transport';
import { createFhirHttp } from '../fhir/fhir-http';
import { readChart } from '../fhir/load-chart';
import { chartQueries } from '../fhir/queries';
import type { CdsRequest } from './request-schema';

// CDS Hooks request -> ChartSnapshot, through the app's own reader (lib/fhir/load-chart.ts): the
// prefetch answers the queries it holds; the rest are read from `fhirServer`; what neither gives
// is a data gap, never an empty result. Prefetch semantics:
// https://cds-hooks.hl7.org/2.0/#prefetch-template — a missing key means the client chose not to
// (or failed to) prefetch; `null` means it had nothing to give. We treat `null` as a data gap too
// (re-reading from the server when we can): an EHR that sends null for a search it could not run
// would otherwise read as "no medications".

export interface GatherOptions {
  /** LOINC codes of the lab Observations the differential reads (from lib/knowledge). */
  labLoincCodes: readonly string[];
  fetch: typeof fetch;
  /** Total time budget for all FHIR reads of one request. */
  timeoutMs: number;
  maxPages: number;
  /** Why there is no server access although the request named one (the data gaps say so). */
  noServerReason?: string;
}

export type GatherResult =
  | { ok: true; snapshot: ChartSnapshot }
  /** Neither prefetch nor server access: CDS Hooks asks for 412 Precondition Failed. */
  | { ok: false; reason: string };

/** Builds the ChartSnapshot for the patient in context. Never throws on bad FHIR data. */
export async function chartFromRequest(request: CdsRequest, options: GatherOptions): Promise<GatherResult> {
  const prefetch = request.prefetch ?? {};
  const anyPrefetch = chartQueries.some((q) => Object.hasOwn(prefetch, q.key));
  if (!anyPrefetch && !request.fhirServer) {
    return { ok: false, reason: 'no prefetch and no fhirServer to read the chart from' };
  }
  const http = request.fhirServer
    ? createFhirHttp(
        bearerTransport({
          baseUrl: request.fhirServer,
          accessToken: request.fhirAuthorization?.access_token,
          fetch: options.fetch,
          deadline: AbortSignal.timeout(options.timeoutMs),
        }),
        // One budget for the whole call: no waiting between tries.
        { maxRetries: 0 },
      )
    : null;
  const snapshot = await readChart(
    {
      http,
      prefetched: prefetch,
      ...(options.noServerReason ? { noServerReason: options.noServerReason } : {}),
    },
    {
      patientId: request.context.patientId,
      labLoincCodes: options.labLoincCodes,
      maxPages: options.maxPages,
    },
  );
  return { ok: true, snapshot };
}
