import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';
import { startApp } from '../test/support/app-server';
import { type LaunchedBrowser, launchChromium } from '../test/support/chromium';

// Launch to differential in headless Chromium against the sandbox, with per-request latency L
// injected on the FHIR data requests, and the JavaScript the app route ships. Runs against the
// production build in $NEXT_DIST_DIR or .next.

export interface LaunchRow {
  latencyMs: number;
  runs: number;
  /** Median time from navigating to /launch until the first candidate is on screen. */
  medianMs: number;
  /**
   * Median number of sequential waves in which the app issued FHIR data requests after the token.
   * Only meaningful with latency: at L = 0 a response can end before the next parallel request is
   * even issued, so it is reported as null there.
   */
  waves: number | null;
  /**
   * The same on the wire: Chromium opens at most 6 HTTP/1.1 connections per host, so more parallel
   * requests than that queue (HTTP/2 servers, as EHRs usually run, do not queue them).
   */
  wireWaves: number | null;
  fhirRequests: number;
  /**
   * FHIR round trips the launch makes one after another under the injected latency, the
   * denominator of the ratios: taken as 2 (SMART discovery on the FHIR base, then the data wave).
   */
  serialRoundTrips: number;
  /** medianMs / (L × serialRoundTrips); null at L = 0. */
  ratioToLatency: number | null;
  /** (median(L) - median(0)) / L: how many latency periods the launch really waited (vs serialRoundTrips). */
  latencyPeriodsPaid: number | null;
}

/** Discovery, then the data wave (see LaunchRow.serialRoundTrips). */
const serialRoundTrips = 2;

export interface BundleRow {
  appRouteGzipBytes: number;
  appRouteScripts: number;
  /** The app route once scrolled to the pictures below the differential (their code on demand). */
  withPicturesGzipBytes: number;
  withPicturesScripts: number;
  withPicturesToStackFloorRatio: number;
  notFoundGzipBytes: number;
  notFoundScripts: number;
  ratio: number;
  /** An empty sandbox page that loads only the fixed client stack (fhirclient, zod/mini, SWR). */
  stackFloorGzipBytes: number;
  stackFloorScripts: number;
  /** stackFloorGzipBytes / notFoundGzipBytes: the lowest ratio any route using the stack can reach. */
  stackFloorRatio: number;
  /** appRouteGzipBytes / stackFloorGzipBytes: the target (≤ 1.25) is set against the stack floor. */
  appToStackFloorRatio: number;
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
export async function launchUrlFor(origin: string, patient: string, latencyMs: number): Promise<string> {
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
  // A new document starts with a navigation request; history.replaceState (fhirclient removes the
  // code from the URL) is a same-document navigation and must not reset the list.
  page.on('request', (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) responses = [];
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
  const fhir: (TimedRequest & { issued: number })[] = [];
  let tokenAt = Number.POSITIVE_INFINITY;
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    // Chromium's own timing, on one clock (ms since epoch): startTime is when the page issued the
    // request, requestStart when it really left (after any connection queueing).
    const timing = request.timing();
    const start = timing.startTime + Math.max(timing.requestStart, 0);
    const end = timing.startTime + timing.responseEnd;
    if (path === '/sandbox/auth/token') tokenAt = Math.min(tokenAt, end);
    // metadata is public and served without the injected latency: it would blur the waves.
    const isData =
      path.startsWith('/sandbox/fhir/') && !path.includes('.well-known') && !path.endsWith('/metadata');
    if (isData) fhir.push({ start, end, issued: timing.startTime });
  });
  // Playwright's waitFor polls with growing intervals (up to 500 ms), which would round the time up:
  // the page itself records when the first candidate appears, on the same wall clock.
  // A string, not a function: tsx (esbuild keepNames) would add helper calls the page lacks.
  await page.addInitScript(`
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="candidate"]')) {
        window.benchDifferentialShownAt = Date.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  `);
  const t0 = Date.now();
  await page.goto(url);
  await page.locator('[data-testid="candidate"]').first().waitFor({ timeout: 60_000 });
  const shownAt = await page.evaluate(() =>
    Number((window as unknown as { benchDifferentialShownAt?: number }).benchDifferentialShownAt),
  );
  if (!Number.isFinite(shownAt)) throw new Error('the page did not record when the differential appeared');
  const elapsed = shownAt - t0;
  const afterToken = fhir.filter((r) => r.issued >= tokenAt);
  return {
    elapsed,
    waves: countWaves(afterToken.map((r) => ({ start: r.issued, end: r.end }))),
    wireWaves: countWaves(afterToken),
    fhirRequests: afterToken.length,
  };
}

/** A page that bypasses the HTTP cache, so every script it loads is seen and measured. */
async function uncachedPage(browser: LaunchedBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return page;
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
    for (const latencyMs of latencies) {
      const results = [];
      for (let i = 0; i < runs; i++) {
        const page = await browser.context.newPage();
        results.push(await oneLaunch(page, await launchUrlFor(app.url, patient, latencyMs)));
        await page.close();
      }
      rows.push({
        latencyMs,
        runs,
        medianMs: median(results.map((r) => r.elapsed)),
        waves: latencyMs > 0 ? median(results.map((r) => r.waves)) : null,
        wireWaves: latencyMs > 0 ? median(results.map((r) => r.wireWaves)) : null,
        fhirRequests: median(results.map((r) => r.fhirRequests)),
        serialRoundTrips,
        ratioToLatency: null,
        latencyPeriodsPaid: null,
      });
    }
    const base = rows.find((r) => r.latencyMs === 0)?.medianMs ?? null;
    for (const row of rows) {
      if (row.latencyMs === 0) continue;
      row.ratioToLatency = row.medianMs / (row.latencyMs * serialRoundTrips);
      row.latencyPeriodsPaid = base === null ? null : (row.medianMs - base) / row.latencyMs;
    }

    // The scripts the app route (/) loads once launched, against Next's own not-found page in the
    // same build: the floor every route pays.
    const appPage = await uncachedPage(browser);
    const appRoute = trackScripts(appPage);
    await appPage.goto(await launchUrlFor(app.url, patient, 0));
    await appPage.locator('[data-testid="candidate"]').first().waitFor({ timeout: 60_000 });
    await appPage.waitForLoadState('networkidle');
    const appScripts = await appRoute();
    // Then what the page downloads for the pictures below the differential, once scrolled to.
    await appPage.getByTestId('over-time').scrollIntoViewIfNeeded();
    await appPage.locator('[data-testid="over-time"] svg').first().waitFor({ timeout: 60_000 });
    await appPage.waitForLoadState('networkidle');
    const withPictures = await appRoute();
    await appPage.close();
    const page = await uncachedPage(browser);
    const notFound = trackScripts(page);
    await page.goto(`${app.url}/this-route-does-not-exist`);
    await page.waitForLoadState('networkidle');
    const floor = await notFound();
    await page.close();
    const stackPage = await uncachedPage(browser);
    const stack = trackScripts(stackPage);
    await stackPage.goto(`${app.url}/sandbox/stack-floor`);
    await stackPage.getByTestId('stack-floor').filter({ hasText: 'loaded' }).waitFor({ timeout: 60_000 });
    await stackPage.waitForLoadState('networkidle');
    const stackFloor = await stack();
    await stackPage.close();
    return {
      launch: rows,
      bundle: {
        appRouteGzipBytes: appScripts.bytes,
        appRouteScripts: appScripts.count,
        withPicturesGzipBytes: withPictures.bytes,
        withPicturesScripts: withPictures.count,
        withPicturesToStackFloorRatio: withPictures.bytes / stackFloor.bytes,
        notFoundGzipBytes: floor.bytes,
        notFoundScripts: floor.count,
        ratio: appScripts.bytes / floor.bytes,
        stackFloorGzipBytes: stackFloor.bytes,
        stackFloorScripts: stackFloor.count,
        stackFloorRatio: stackFloor.bytes / floor.bytes,
        appToStackFloorRatio: appScripts.bytes / stackFloor.bytes,
      },
    };
  } finally {
    await browser.close();
    await app.stop();
  }
}
