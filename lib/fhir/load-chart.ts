import { ironFlagLabIds, labDefinitions } from '@/lib/knowledge/labs';
import { fetchOfferedTypes } from './capability';
import type { ChartSnapshot, QuarantinedResource, QueryOutcome } from './chart-snapshot';
import { createFhirHttp, type FhirTransport, type RetryPolicy } from './fhir-http';
import { buildChartSnapshot } from './parse-chart';
import { type ChartQuery, chartQueries, type QueryContext } from './queries';
import { missingMedicationIds, resolveMedications } from './resolve-medications';
import { type QueryResult, runQuery } from './run-query';
import { sortSnapshot } from './snapshot-order';

// Builds the ChartSnapshot for the launch's patient: every declared query in one parallel wave
// (plus the CapabilityStatement), then paging and the Medications `_include` did not bring.

export interface LoadChartOptions {
  patientId: string;
  signal?: AbortSignal;
  /** Pages followed per search before the result is marked truncated. */
  maxPages?: number;
  /** LOINC codes of the labs to fetch; defaults to every lab in lib/knowledge. */
  labLoincCodes?: readonly string[];
  queries?: readonly ChartQuery[];
  retry?: Partial<RetryPolicy>;
}

export const defaultMaxPages = 5;

export function defaultLabLoincCodes(): string[] {
  return [...new Set(labDefinitions.flatMap((lab) => lab.loinc))];
}

/** LOINC codes of the labs the iron flag rests on, searched on their own (lib/knowledge). */
export function ironLabLoincCodes(): string[] {
  return [
    ...new Set(labDefinitions.filter((lab) => ironFlagLabIds.includes(lab.id)).flatMap((lab) => lab.loinc)),
  ];
}

/** The outcome once the CapabilityStatement is known: a type the server does not offer is unsupported. */
function withCapability(result: QueryResult, offered: Set<string> | null): QueryOutcome {
  const { outcome, resources } = result;
  if (!offered || offered.has(outcome.resourceType)) return outcome;
  if (outcome.status === 'ok' && resources.length > 0) return outcome;
  return {
    ...outcome,
    status: 'unsupported',
    detail: outcome.detail
      ? `${outcome.detail}; not in the server's CapabilityStatement`
      : "not in the server's CapabilityStatement",
  };
}

/**
 * Loads the chart. Resolves with a snapshot whatever the server refuses (refusals become data
 * gaps); rejects only with SessionExpiredError (relaunch) or the abort reason.
 */
export async function loadChart(transport: FhirTransport, options: LoadChartOptions): Promise<ChartSnapshot> {
  const http = createFhirHttp(transport, options.retry);
  const context: QueryContext = {
    patientId: options.patientId,
    labLoincCodes: options.labLoincCodes ?? defaultLabLoincCodes(),
    ironLabLoincCodes: ironLabLoincCodes(),
  };
  const queries = options.queries ?? chartQueries;
  const runOptions = { maxPages: options.maxPages ?? defaultMaxPages, signal: options.signal };

  const capability = fetchOfferedTypes(http, options.signal).catch(() => null);
  const settled = await Promise.allSettled(queries.map((q) => runQuery(http, q, context, runOptions)));
  const offered = await capability;
  options.signal?.throwIfAborted();

  const resources: unknown[] = [];
  const problems: QuarantinedResource[] = [];
  const outcomes: QueryOutcome[] = [];
  for (const result of settled) {
    // Session ended or aborted: nothing shown is better than a partial chart presented as whole.
    if (result.status === 'rejected') throw result.reason;
    resources.push(...result.value.resources);
    problems.push(...result.value.problems);
    outcomes.push(withCapability(result.value, offered));
  }

  const medications = await resolveMedications(http, missingMedicationIds(resources), options.signal);
  resources.push(...medications.resources);
  if (medications.outcome) outcomes.push(medications.outcome);

  return sortSnapshot(
    buildChartSnapshot({
      patientReference: `Patient/${options.patientId}`,
      resources,
      queries: outcomes,
      quarantined: problems,
    }),
  );
}
