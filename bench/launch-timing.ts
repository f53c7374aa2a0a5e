import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';
import { startApp } from '../test/support/app-server';
import { launchChromium } from '../test/support/chromium';

// Launch to differential in headless Chromium against the sandbox, with per-request latency L
// injected on the FHIR data requests, and the JavaScript the app route ships. Runs against the
// production build in $NEXT_DIST_DIR or .next.

export interface LaunchRow {
  latencyMs: number;
  runs: number;
  /** Median time from navigating to /launch until the first candidate is on screen. */
  medianMs: number;
  /** Median number of sequential waves of FHIR data requests after the token. */
  waves: number;
  fhirRequests: number;
  /** medianMs / (L × minimal sequential FHIR round trips, which is 1); null at L = 0. */
  ratioToLatency: number | null;
  /** (median(L) - median(0)) / L: how many latency periods the launch really waited. */
  latencyPeriodsPaid: number | null;
}

export interface BundleRow {
  appRouteGzipBytes: number;
  appRouteScripts: number;
  notFoundGzipBytes: number;
  notFoundScripts: number;
  ratio: number;
}

interface TimedRequest {
  start: number;
  end: number;
}

/** Groups requests into sequential waves: a request that starts after one of the current wave ended was waiting on it. */
export function countWaves(requests: TimedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  let waves = 0;
  let firstEndOfWave = Number.NEGATIVE_INFINITY;
  for (const request of sorted) {
    if (waves === 0 || request.start >= firstEndOfWave) {
      waves += 1;
      firstEndOfWave = request.end;
    } else {
      firstEndOfWave = Math.min(firstEndOfWave, request.end);
    }
  }
  return waves;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The app's launch URL for a sandbox EHR launch (what the mock chart frame would embed). */
async function launchUrlFor(origin: string, patient: string, latencyMs: number): Promise<string> {
  const params = new URLSearchParams({ patient, fault: 'none', latency: String(latencyMs) });
  const start = await fetch(`${origin}/sandbox/start?${params}`, { redirect: 'manual' });
  const location = start.headers.get('location');
  const launch = location ? new URL(location, origin).searchParams.get('launch') : null;
  if (!launch) throw new Error(`sandbox did not start a launch (HTTP ${start.status})`);
  return `${origin}/launch?${new URLSearchParams({ iss: `${origin}/sandbox/fhir`, launch })}`;
}

/** Collects the gzip size of every script the current document loads (reset on main-frame navigation). */
function trackScripts(page: Page): () => Promise<{ bytes: number; count: number }> {
  let responses: Response[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) responses = [];
  });
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') responses.push(response);
  });
  return async () => {
    const current = [...new Map(responses.map((r) => [r.url(), r])).values()];
    let bytes = 0;
    for (const response of current) bytes += gzipSync(await response.body(), { level: 9 }).length;
    return { bytes, count: current.length };
  };
}

async function oneLaunch(page: Page, url: string) {
  const fhir: TimedRequest[] = [];
  const started = new Map<string, number>();
  let tokenAt = Number.POSITIVE_INFINITY;
  page.on('request', (request) => started.set(request.url() + request.method(), performance.now()));
  page.on('requestfinished', (request) => {
    const now = performance.now();
    const path = new URL(request.url()).pathname;
    const start = started.get(request.url() + request.method()) ?? now;
    if (path === '/sandbox/auth/token') tokenAt = Math.min(tokenAt, now);
    const isData =
      path.startsWith('/sandbox/fhir/') && !path.includes('.well-known') && !path.endsWith('/metadata');
    if (isData && start >= tokenAt) fhir.push({ start, end: now });
  });
  const scripts = trackScripts(page);
  const t0 = performance.now();
  await page.goto(url);
  await page.locator('[data-testid="candidate"]').first().waitFor({ timeout: 60_000 });
  const elapsed = performance.now() - t0;
  return { elapsed, waves: countWaves(fhir), fhirRequests: fhir.length, scripts: await scripts() };
}

export async function measureLaunch(
  options: { latencies?: number[]; runs?: number; patient?: string } = {},
): Promise<{ launch: LaunchRow[]; bundle: BundleRow }> {
  const latencies = options.latencies ?? [0, 50, 150];
  const runs = options.runs ?? 3;
  const patient = options.patient ?? 'p01';
  const app = await startApp({ SANDBOX: '1' }, '/sandbox/fhir/metadata');
  const browser = await launchChromium();
  try {
    // Warm the server (fixture load, route compilation) so the first row is not a cold start.
    const warm = await browser.context.newPage();
    await oneLaunch(warm, await launchUrlFor(app.url, patient, 0));
    await warm.close();

    const rows: LaunchRow[] = [];
    let appScripts = { bytes: 0, count: 0 };
    for (const latencyMs of latencies) {
      const results = [];
      for (let i = 0; i < runs; i++) {
        const page = await browser.context.newPage();
        results.push(await oneLaunch(page, await launchUrlFor(app.url, patient, latencyMs)));
        await page.close();
      }
      appScripts = results[0]?.scripts ?? appScripts;
      rows.push({
        latencyMs,
        runs,
        medianMs: median(results.map((r) => r.elapsed)),
        waves: median(results.map((r) => r.waves)),
        fhirRequests: median(results.map((r) => r.fhirRequests)),
        ratioToLatency: null,
        latencyPeriodsPaid: null,
      });
    }
    const base = rows.find((r) => r.latencyMs === 0)?.medianMs ?? null;
    for (const row of rows) {
      if (row.latencyMs === 0) continue;
      row.ratioToLatency = row.medianMs / row.latencyMs;
      row.latencyPeriodsPaid = base === null ? null : (row.medianMs - base) / row.latencyMs;
    }

    // Next's own not-found page in the same build is the floor every route pays.
    const page = await browser.context.newPage();
    const notFound = trackScripts(page);
    await page.goto(`${app.url}/this-route-does-not-exist`);
    await page.waitForLoadState('networkidle');
    const floor = await notFound();
    await page.close();
    return {
      launch: rows,
      bundle: {
        appRouteGzipBytes: appScripts.bytes,
        appRouteScripts: appScripts.count,
        notFoundGzipBytes: floor.bytes,
        notFoundScripts: floor.count,
        ratio: appScripts.bytes / floor.bytes,
      },
    };
  } finally {
    await browser.close();
    await app.stop();
  }
}
