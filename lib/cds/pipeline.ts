import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { Report } from '../contracts/report-schema';
import { analyzeChart } from '../differential/analyze-chart';
import { defaultLabLoincCodes } from '../fhir/load-chart';
import { sandboxEnabled } from '../sandbox/enabled';
import { outboundExceptionFor, sandboxOutboundException } from './access-policy';
import { parseCdsConfig } from './config';
import { createOutboundFetch } from './outbound-fetch';
import type { CdsServiceDeps } from './service-handler';

// The production wiring: the same pure core as the UI and CLI, and the lab codes from
// lib/knowledge (no clinical codes live in lib/cds).

/** LOINC codes of ferritin and the supporting labs the differential reads. */
export const prefetchLabCodes: readonly string[] = defaultLabLoincCodes();

/** No bedside findings exist when a chart opens: every question starts unknown. */
export function analyzeForCards(snapshot: ChartSnapshot, now: Date): Report {
  return analyzeChart(snapshot, { now, findings: {} });
}

/** One answer from the EHR's FHIR server, and everything read for one call. */
export const maxFhirAnswerBytes = 8 * 1024 * 1024;
export const maxFhirBytesPerCall = 32 * 1024 * 1024;

/**
 * The guarded fetch for one call: the exceptions (http, private addresses) are those of the
 * configured servers, and with SANDBOX=1 the sandbox's own loopback FHIR base.
 */
export function outboundFetchFor(env: Record<string, string | undefined>): typeof fetch {
  const parsed = parseCdsConfig(env);
  const rules = parsed.ok ? (parsed.config.trustedClients ?? []).flatMap((c) => c.fhirServers ?? []) : [];
  const configured = outboundExceptionFor(rules);
  const sandbox = sandboxEnabled(env);
  return createOutboundFetch({
    maxResponseBytes: maxFhirAnswerBytes,
    maxTotalBytes: maxFhirBytesPerCall,
    exceptionFor: (url) => configured(url) ?? (sandbox ? sandboxOutboundException(url) : null),
  });
}

export function productionDeps(): CdsServiceDeps {
  return {
    analyze: analyzeForCards,
    labCodes: prefetchLabCodes,
    env: process.env,
    fetch: outboundFetchFor(process.env),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    fhirTimeoutMs: 5000,
  };
}
