import type { ChartSnapshot, QuarantinedResource, QueryOutcome } from '../contracts/chart-snapshot';
import { labDefinitions } from '../knowledge/labs';
import { fetchOfferedTypes } from './capability';
import { createFhirHttp, type FhirHttp, type FhirTransport, type RetryPolicy } from './fhir-http';
import { buildChartSnapshot } from './parse-chart';
import { type ChartQuery, chartQueries, type QueryContext } from './queries';
import { missingMedicationIds, resolveMedications } from './resolve-medications';
import { answerFromPrefetch, type QueryResult, runQuery } from './run-query';
import { sortSnapshot } from './snapshot-order';

// The one reader of a patient's chart, for every surface: the app (fhirclient transport), the CDS
// service (prefetch, then its `fhirServer` for what was not prefetched). Every declared query in one
// parallel wave (plus the CapabilityStatement), then paging and the Medications `_include` did not
// bring, then zod parsing and quarantine, then one local sort.

export interface ReadChartOptions {
  patientId: string;
  signal?: AbortSignal;
  /** Pages followed per search before the result is marked truncated. */
  maxPages?: number;
  /** LOINC codes of the labs to fetch; defaults to every lab in lib/knowledge. */
  labLoincCodes?: readonly string[];
  queries?: readonly ChartQuery[];
}

export interface LoadChartOptions extends ReadChartOptions {
  retry?: Partial<RetryPolicy>;
}

/**
 * Where the chart comes from: a FHIR server (null when there is none to ask), and answers already
 * given for some queries (CDS Hooks prefetch, keyed by the query's `key`; `null` is "no data").
 */
export interface ChartSource {
  http: FhirHttp | null;
  prefetched?: Readonly<Record<string, unknown>>;
  /** Why there is no server to ask (e.g. "fhirServer is not one this client may name"), for the gaps. */
  noServerReason?: string;
}

export const defaultMaxPages = 5;

export function defaultLabLoincCodes(): string[] {
  return [...new Set(labDefinitions.flatMap((lab) => lab.loinc))];
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

function unanswered(query: ChartQuery, detail: string): QueryResult {
  return {
    outcome: { resourceType: query.resourceType, status: 'failed', label: query.label, detail },
    resources: [],
    problems: [],
  };
}

/** One query: from its prefetched answer, else from the server, else a data gap saying why. */
function answer(
  source: ChartSource,
  query: ChartQuery,
  context: QueryContext,
  options: { maxPages: number; signal?: AbortSignal },
): Promise<QueryResult> | QueryResult {
  const prefetched = source.prefetched;
  const value = prefetched && Object.hasOwn(prefetched, query.key) ? prefetched[query.key] : undefined;
  // `null` means the EHR had nothing to give; read as a gap (re-read when we can), never as "none".
  if (value !== undefined && value !== null) return answerFromPrefetch(query, value);
  if (source.http) return runQuery(source.http, query, context, options);
  return unanswered(
    query,
    value === null
      ? 'the EHR sent no data for this prefetch (null)'
      : `not prefetched; ${source.noServerReason ?? 'no FHIR server access'}`,
  );
}

/**
 * Reads the chart. Resolves with a snapshot whatever the server refuses (refusals become data
 * gaps); rejects only with SessionExpiredError (relaunch) or the abort reason.
 */
export async function readChart(source: ChartSource, options: ReadChartOptions): Promise<ChartSnapshot> {
  const { http } = source;
  const context: QueryContext = {
    patientId: options.patientId,
    labLoincCodes: options.labLoincCodes ?? defaultLabLoincCodes(),
  };
  const queries = options.queries ?? chartQueries;
  const runOptions = { maxPages: options.maxPages ?? defaultMaxPages, signal: options.signal };

  const capability = http ? fetchOfferedTypes(http, options.signal).catch(() => null) : null;
  const settled = await Promise.allSettled(queries.map((q) => answer(source, q, context, runOptions)));
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

  const missing = missingMedicationIds(resources);
  if (missing.length > 0) {
    const medications = http
      ? await resolveMedications(http, missing, options.signal)
      : {
          resources: [],
          outcome: {
            resourceType: 'Medication' as const,
            status: 'failed' as const,
            label: 'Medication (referenced by orders and statements)',
            detail: `${missing.length} referenced Medication resource(s) not prefetched; ${source.noServerReason ?? 'no FHIR server access'}`,
          },
        };
    resources.push(...medications.resources);
    if (medications.outcome) outcomes.push(medications.outcome);
  }

  return sortSnapshot(
    buildChartSnapshot({
      patientReference: `Patient/${options.patientId}`,
      resources,
      queries: outcomes,
      quarantined: problems,
    }),
  );
}

/** The app's reader: the chart from the launch's FHIR server, through fhirclient's transport. */
export function loadChart(transport: FhirTransport, options: LoadChartOptions): Promise<ChartSnapshot> {
  return readChart({ http: createFhirHttp(transport, options.retry) }, options);
}
