import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { POST as patientViewPost } from '../app/cds-services/leg-symptom-differential/route';
import { POST as orderSelectPost } from '../app/cds-services/leg-symptom-differential-order-select/route';
import { chartFromRequest } from '../lib/cds/chart-from-request';
import { draftOrdersOf } from '../lib/cds/draft-orders';
import { assessDraftOrders } from '../lib/cds/order-pipeline';
import { orderSelectRequestSchema } from '../lib/cds/order-request-schema';
import { orderSelectService } from '../lib/cds/order-service-definitions';
import { analyzeForCards, prefetchLabCodes } from '../lib/cds/pipeline';
import { cdsRequestSchema } from '../lib/cds/request-schema';
import { serviceId } from '../lib/cds/service-definition';
import { resourcesFromBundle } from '../lib/fhir/bundle-input';
import { isRecord } from '../lib/fhir/json-record';
import { chartQueries } from '../lib/fhir/queries';
import { startApp } from '../test/support/app-server';

// Load on a CDS service: a small node:http server on 127.0.0.1 hands each request to the route
// handler's POST (the same function `next start` calls), autocannon fires prefetch requests for a
// fixture patient, and the service's pure pipeline is timed alone in the same run (patient-view:
// analyzeChart; order-select: deriveFeatures + the draft's matching + the assessment), so the
// HTTP + parsing + card overhead can be read from the ratio. The order-select request drafts
// sertraline (an SSRI) for the fixture patient, so the warning path is the one measured.
// Run: npx tsx bench/cds-load.ts [--hook order-select] [--fixture p11-....json] [--connections 50]
//      [--duration 10] [--next]

export type BenchHook = 'patient-view' | 'order-select';

export interface CdsLoadOptions {
  /** The service under load (default patient-view). */
  hook?: BenchHook;
  /** A file in fhir-fixtures/patients (default: the busiest chart, p11). */
  fixture?: string;
  connections?: number;
  durationSeconds?: number;
  /** analyzeChart calls for the pipeline median. */
  pipelineRuns?: number;
  /**
   * `node` (default): the route handler behind a tiny node:http server in a child process.
   * `next`: `next start` on the production build in $NEXT_DIST_DIR or .next (test/support/app-server.ts).
   */
  server?: 'node' | 'next';
}

export interface CdsLoadResult {
  hook: BenchHook;
  server: 'node' | 'next';
  fixture: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
  bodyBytes: number;
  cardsPerResponse: number;
  /** Median time of one pipeline call on the same chart (analyzeChart, or the order assessment), in ms. */
  pipelineMedianMs: number;
  /** p99 latency under load divided by the pipeline's own median time. */
  p99OverPipeline: number;
}

interface AutocannonResult {
  latency: { p50: number; p99: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}) => Promise<AutocannonResult>;

// autocannon ships without types; this is the slice of its API used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const fixtureDir = fileURLToPath(new URL('../fhir-fixtures/patients/', import.meta.url));

/** The request an EHR would send for the fixture patient, with every prefetch key filled. */
export function prefetchRequestFor(fixture: string): { body: string; patientId: string } {
  const resources = resourcesFromBundle(
    JSON.parse(readFileSync(fixtureDir + fixture, 'utf8')),
  ).resources.filter(isRecord);
  const patient = resources.find((r) => r.resourceType === 'Patient');
  if (!patient || typeof patient.id !== 'string') throw new Error(`${fixture}: no Patient`);
  const searchset = (types: string[]) => ({
    resourceType: 'Bundle',
    type: 'searchset',
    entry: resources
      .filter((r) => types.includes(String(r.resourceType)))
      .map((resource) => ({
        fullUrl: `https://ehr.example.org/fhir/${resource.resourceType}/${resource.id}`,
        resource,
      })),
  });
  const prefetch: Record<string, unknown> = {};
  for (const query of chartQueries) {
    if (query.kind === 'read') prefetch[query.key] = patient;
    else if (query.resourceType === 'MedicationStatement' || query.resourceType === 'MedicationRequest')
      prefetch[query.key] = searchset([query.resourceType, 'Medication']);
    else prefetch[query.key] = searchset([query.resourceType]);
  }
  const body = {
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    hook: 'patient-view',
    context: { userId: 'Practitioner/example', patientId: patient.id },
    prefetch,
  };
  return { body: JSON.stringify(body), patientId: patient.id };
}

/** An order-select request for the fixture patient: a sertraline draft selected, the chart prefetched. */
export function orderSelectRequestFor(fixture: string): { body: string; patientId: string } {
  const patientView = JSON.parse(prefetchRequestFor(fixture).body);
  const patientId: string = patientView.context.patientId;
  const draft = {
    resourceType: 'MedicationRequest',
    id: 'bench-draft-sertraline',
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [
        {
          system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
          code: '312940',
          display: 'sertraline 50 MG Oral Tablet',
        },
      ],
      text: 'sertraline 50 MG Oral Tablet',
    },
    subject: { reference: `Patient/${patientId}` },
  };
  const body = {
    ...patientView,
    hook: 'order-select',
    context: {
      userId: 'PractitionerRole/123',
      patientId,
      selections: [`MedicationRequest/${draft.id}`],
      draftOrders: { resourceType: 'Bundle', entry: [{ resource: draft }] },
    },
  };
  return { body: JSON.stringify(body), patientId };
}

const servicePaths: Record<BenchHook, string> = {
  'patient-view': `/cds-services/${serviceId}`,
  'order-select': `/cds-services/${orderSelectService.id}`,
};

/** Adapts node:http to the Web Request/Response route handler, as Next.js does. */
async function handle(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const url = new URL(req.url ?? '/', origin);
  const post = url.pathname === servicePaths['order-select'] ? orderSelectPost : patientViewPost;
  const response = await post(
    new Request(url, {
      method: req.method,
      headers,
      body: Buffer.concat(chunks),
    }),
  );
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Serves the route handler on 127.0.0.1 at a free port; prints "listening <origin>". */
export async function serve(): Promise<void> {
  let origin = '';
  const server = createServer((req, res) => {
    handle(req, res, origin).catch(() => {
      res.writeHead(500).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Recorded as `next start` records its bind: the sandbox mode runs only on loopback.
  process.env.__NEXT_PRIVATE_ORIGIN = origin;
  process.stdout.write(`listening ${origin}\n`);
}

async function startNext(): Promise<{ origin: string; stop: () => Promise<void> }> {
  // The demo mode: a production build accepts unauthenticated prefetch calls only with SANDBOX=1.
  const app = await startApp({ SANDBOX: '1' }, '/cds-services');
  return { origin: app.url, stop: app.stop };
}

const tsxCli = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));

async function startServiceProcess(): Promise<{ origin: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [tsxCli, fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // Production answers unauthenticated calls only in the demo mode (lib/cds/access-policy.ts).
    env: { ...process.env, NODE_ENV: 'production', SANDBOX: '1' },
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  const origin = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('service did not start within 30 s')), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`service exited (${code})`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { origin, stop };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The service's pure pipeline on the request's chart, as one function of `now`. */
async function pipelineFor(hook: BenchHook, body: string): Promise<(now: Date) => unknown> {
  const json: unknown = JSON.parse(body);
  const request =
    hook === 'order-select' ? orderSelectRequestSchema.parse(json) : cdsRequestSchema.parse(json);
  const gathered = await chartFromRequest(request, {
    labLoincCodes: prefetchLabCodes,
    fetch: () => Promise.reject(new Error('no network in the bench')),
    timeoutMs: 5000,
    maxPages: 5,
  });
  if (!gathered.ok) throw new Error(gathered.reason);
  const { snapshot } = gathered;
  if (hook === 'patient-view') return (now) => analyzeForCards(snapshot, now);
  const selected = orderSelectRequestSchema.parse(json);
  const drafts = draftOrdersOf(selected.context.draftOrders);
  const input = { ...drafts, judged: new Set(selected.context.selections) };
  return (now) => assessDraftOrders(snapshot, input, now);
}

async function pipelineMedianMs(hook: BenchHook, body: string, runs: number): Promise<number> {
  const pipeline = await pipelineFor(hook, body);
  const now = new Date();
  for (let i = 0; i < 50; i++) pipeline(now); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    pipeline(now);
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function measureCdsLoad(options: CdsLoadOptions = {}): Promise<CdsLoadResult> {
  const hook = options.hook ?? 'patient-view';
  const fixture = options.fixture ?? 'p11-cerner-style-home-meds-borderline-ferritin.json';
  const connections = options.connections ?? 50;
  const durationSeconds = options.durationSeconds ?? 10;
  const { body } = hook === 'order-select' ? orderSelectRequestFor(fixture) : prefetchRequestFor(fixture);

  // The service runs in its own process, as it would in production: autocannon's own work
  // does not share the service's event loop.
  const server = options.server ?? 'node';
  const service = server === 'next' ? await startNext() : await startServiceProcess();
  const url = `${service.origin}${servicePaths[hook]}`;
  try {
    // One call first: the response is checked, and module/JIT warm-up is not measured.
    const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const probeBody: unknown = await probe.json();
    if (probe.status !== 200 || !isRecord(probeBody) || !Array.isArray(probeBody.cards)) {
      throw new Error(`service answered ${probe.status}`);
    }
    // The order-select request is built to take the warning path: measure that, not an empty answer.
    if (hook === 'order-select' && probeBody.cards.length === 0) throw new Error('order-select gave no card');
    const result = await autocannon({
      url,
      connections,
      duration: durationSeconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const pipeline = await pipelineMedianMs(hook, body, options.pipelineRuns ?? 2000);
    return {
      hook,
      server,
      fixture,
      connections,
      durationSeconds,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requestsPerSecond: result.requests.average,
      bodyBytes: Buffer.byteLength(body),
      cardsPerResponse: probeBody.cards.length,
      pipelineMedianMs: pipeline,
      p99OverPipeline: result.latency.p99 / pipeline,
    };
  } finally {
    await service.stop();
  }
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export const pipelineName: Record<BenchHook, string> = {
  'patient-view': 'analyzeChart',
  'order-select': 'order assessment',
};

function printTable(result: CdsLoadResult): void {
  console.table({
    hook: result.hook,
    server: result.server === 'next' ? 'next start (production build)' : 'node:http + route handler',
    fixture: result.fixture,
    'request body (bytes)': result.bodyBytes,
    'cards per response': result.cardsPerResponse,
    connections: result.connections,
    'duration (s)': result.durationSeconds,
    requests: result.requests,
    'non-2xx / errors / timeouts': `${result.non2xx} / ${result.errors} / ${result.timeouts}`,
    'latency p50 (ms)': result.p50Ms,
    'latency p99 (ms)': result.p99Ms,
    'throughput (req/s)': Number(result.requestsPerSecond.toFixed(1)),
    [`${pipelineName[result.hook]} median (ms)`]: Number(result.pipelineMedianMs.toFixed(3)),
    [`p99 / ${pipelineName[result.hook]} median`]: Number(result.p99OverPipeline.toFixed(1)),
  });
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === process.argv[1] &&
  process.argv.includes('--serve')
) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const hookArgument = argument('hook');
  measureCdsLoad({
    hook: hookArgument === 'order-select' ? 'order-select' : undefined,
    fixture: argument('fixture'),
    connections: argument('connections') ? Number(argument('connections')) : undefined,
    durationSeconds: argument('duration') ? Number(argument('duration')) : undefined,
    server: process.argv.includes('--next') ? 'next' : 'node',
  }).then(printTable, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
