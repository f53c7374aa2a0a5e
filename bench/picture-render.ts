import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { picturesTiming } from '../app/components/pictures-timing';
import { startApp } from '../test/support/app-server';
import { launchChromium } from '../test/support/chromium';
import { timelineChartBundle } from './generate-timeline-chart';
import { launchUrlFor } from './launch-timing';

// The pictures over time as the app draws them, in headless Chromium: the sandbox serves one patient
// with 40 ferritin results over 15 years and 12 drug periods (bench/generate-timeline-chart.ts),
// each run is a fresh launch, and the view's own User Timing measures say how long its first
// drawing of the pictures took. Runs against the production build in $NEXT_DIST_DIR or .next.

export interface PictureRenderRow {
  runs: number;
  /** React's render and commit of both pictures (layout effects included), per launch: median and max. */
  medianMs: number;
  maxMs: number;
  /** From the same start through the next frame (style, layout and paint of the whole page included). */
  paintedMedianMs: number;
  paintedMaxMs: number;
  /**
   * Both pictures drawn again from their tables ("Show as chart", one after the other), warm: render,
   * commit, style and layout, timed in the page and summed over the two (median).
   */
  redrawMedianMs: number;
  redrawMaxMs: number;
  ferritinResults: number;
  drugPeriods: number;
  screenshot: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Both pictures drawn again from their tables, timed in the page: the click, React's render and
 * commit (flushed in a microtask for a click), then style and layout forced; paint is left out.
 */
async function redrawBoth(page: Page): Promise<number> {
  let total = 0;
  for (const id of ['iron-picture', 'drug-picture']) {
    const picture = page.getByTestId(id);
    await picture.getByRole('button', { name: 'Show as table' }).click();
    await picture.getByRole('button', { name: 'Show as chart' }).waitFor();
    const ms = await page.evaluate(`new Promise((resolve, reject) => {
      const frame = document.querySelector('[data-testid="${id}"]');
      const started = performance.now();
      frame.querySelector('.picture-toggle').click();
      queueMicrotask(() => {
        if (!frame.querySelector('svg')) return reject(new Error('the picture was not drawn in the click'));
        frame.getBoundingClientRect();
        resolve(performance.now() - started);
      });
    })`);
    if (typeof ms !== 'number') throw new Error('the page did not time the redraw');
    total += ms;
  }
  return total;
}

export async function measurePictureRender(
  options: { runs?: number; screenshotDir?: string } = {},
): Promise<PictureRenderRow> {
  const runs = options.runs ?? 7;
  const fixtures = mkdtempSync(join(tmpdir(), 'bench-pictures-'));
  // Today, as the app draws it: the chart's dates are relative to it.
  const bundle = timelineChartBundle(new Date());
  writeFileSync(join(fixtures, 'bench-pictures.json'), JSON.stringify(bundle));
  const app = await startApp({ SANDBOX: '1', SANDBOX_FIXTURES_DIR: fixtures }, '/sandbox/fhir/metadata');
  const browser = await launchChromium({ viewport: { width: 800, height: 900 } });
  try {
    const drawn: number[] = [];
    const painted: number[] = [];
    const redrawn: number[] = [];
    const dir = options.screenshotDir ?? join(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const screenshot = join(dir, 'pictures-bench.png');
    let counts = { ferritinResults: 0, drugPeriods: 0 };
    // One warm-up launch (server routes, fixture load), then the timed ones.
    for (let i = 0; i <= runs; i++) {
      const page = await browser.context.newPage();
      // When the view's measure appears, time on through the next frame (style, layout, paint).
      await page.addInitScript(`
        new PerformanceObserver((list, observer) => {
          const entry = list.getEntriesByName(${JSON.stringify(picturesTiming)})[0];
          if (!entry) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => {
            window.benchPicturesPainted = performance.now() - entry.startTime;
          }));
        }).observe({ type: 'measure', buffered: true });
      `);
      await page.goto(await launchUrlFor(app.url, 'bench-pictures', 0));
      // Strings, not functions: tsx (esbuild keepNames) would add helper calls the page lacks. Polled
      // with evaluate: waitForFunction would need eval, which the app's CSP refuses.
      // The pictures sit below the differential and are fetched as they come into view.
      await page.locator('[data-testid="over-time"]').scrollIntoViewIfNeeded({ timeout: 60_000 });
      await page.locator('[data-testid="over-time"] svg').first().waitFor({ timeout: 60_000 });
      const deadline = Date.now() + 60_000;
      while (!(await page.evaluate('typeof window.benchPicturesPainted === "number"'))) {
        if (Date.now() > deadline) throw new Error('the pictures were not drawn within 60 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const times = await page.evaluate(
        `[performance.getEntriesByName(${JSON.stringify(picturesTiming)})[0].duration, window.benchPicturesPainted]`,
      );
      if (!Array.isArray(times) || times.some((t) => typeof t !== 'number')) {
        throw new Error('the view did not record its drawing times');
      }
      if (i > 0) {
        drawn.push(Number(times[0]));
        painted.push(Number(times[1]));
        redrawn.push(await redrawBoth(page));
      }
      if (i === runs) {
        counts = {
          ferritinResults: await page
            .locator('[data-testid="iron-picture"] g.mark[data-lab="ferritin"]')
            .count(),
          drugPeriods: await page.locator('[data-testid="drug-picture"] g.mark[data-end]').count(),
        };
        await page.locator('[data-testid="over-time"]').screenshot({ path: screenshot });
      }
      await page.close();
    }
    return {
      runs,
      medianMs: median(drawn),
      maxMs: Math.max(...drawn),
      paintedMedianMs: median(painted),
      paintedMaxMs: Math.max(...painted),
      redrawMedianMs: median(redrawn),
      redrawMaxMs: Math.max(...redrawn),
      ...counts,
      screenshot,
    };
  } finally {
    await browser.close();
    await app.stop();
    rmSync(fixtures, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  measurePictureRender()
    .then((row) => console.log(JSON.stringify(row, null, 2)))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
