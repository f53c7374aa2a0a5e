import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { POST } from '../app/cds-services/leg-symptom-differential/route';
import { chartFromRequest } from '../lib/cds/chart-from-request';
import { analyzeForCards, prefetchLabCodes } from '../lib/cds/pipeline';
import { cdsRequestSchema } from '../lib/cds/request-schema';
import { prefetchQueries } from '../lib/cds/service-definition';
import { resourcesFromBundle } from '../lib/fhir/bundle-input';
import { isRecord } from '../lib/fhir/json-record';
import { startApp } from '../test/support/app-server';

// Load on the patient-view service: a small node:http server on 127.0.0.1 hands each request to
// the route handler's POST (the same function `next start` calls), autocannon fires prefetch
// requests for a fixture patient, and the pure pipeline (analyzeChart) is timed alone in the
// same process, so the HTTP + parsing + card overhead can be read from the ratio.
// Run: npx tsx bench/cds-load.ts [--fixture p11-....json] [--connections 50] [--duration 10] [--next]

export interface CdsLoadOptions {
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
  /** Median time of one analyzeChart call on the same chart, in ms. */
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
  for (const query of prefetchQueries(prefetchLabCodes)) {
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

/** Adapts node:http to the Web Request/Response route handler, as Next.js does. */
async function handle(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const response = await POST(
    new Request(new URL(req.url ?? '/', origin), {
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

async function pipelineMedianMs(body: string, runs: number): Promise<number> {
  const request = cdsRequestSchema.parse(JSON.parse(body));
  const gathered = await chartFromRequest(request, {
    labCodes: prefetchLabCodes,
    fetch: () => Promise.reject(new Error('no network in the bench')),
    timeoutMs: 5000,
    maxPages: 5,
    maxMedicationReads: 20,
  });
  if (!gathered.ok) throw new Error(gathered.reason);
  const now = new Date();
  for (let i = 0; i < 50; i++) analyzeForCards(gathered.snapshot, now); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    analyzeForCards(gathered.snapshot, now);
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function measureCdsLoad(options: CdsLoadOptions = {}): Promise<CdsLoadResult> {
  const fixture = options.fixture ?? 'p11-cerner-style-home-meds-borderline-ferritin.json';
  const connections = options.connections ?? 50;
  const durationSeconds = options.durationSeconds ?? 10;
  const { body } = prefetchRequestFor(fixture);

  // The service runs in its own process, as it would in production: autocannon's own work
  // does not share the service's event loop.
  const server = options.server ?? 'node';
  const service = server === 'next' ? await startNext() : await startServiceProcess();
  const url = `${service.origin}/cds-services/leg-symptom-differential`;
  try {
    // One call first: the response is checked, and module/JIT warm-up is not measured.
    const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const probeBody: unknown = await probe.json();
    if (probe.status !== 200 || !isRecord(probeBody) || !Array.isArray(probeBody.cards)) {
      throw new Error(`service answered ${probe.status}`);
    }
    const result = await autocannon({
      url,
      connections,
      duration: durationSeconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const pipeline = await pipelineMedianMs(body, options.pipelineRuns ?? 2000);
    return {
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

function printTable(result: CdsLoadResult): void {
  console.table({
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
    'analyzeChart median (ms)': Number(result.pipelineMedianMs.toFixed(3)),
    'p99 / analyzeChart median': Number(result.p99OverPipeline.toFixed(1)),
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
  measureCdsLoad({
    fixture: argument('fixture'),
    connections: argument('connections') ? Number(argument('connections')) : undefined,
    durationSeconds: argument('duration') ? Number(argument('duration')) : undefined,
    server: process.argv.includes('--next') ? 'next' : 'node',
  }).then(printTable, (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
