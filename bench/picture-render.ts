import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeChart } from '../lib/differential/analyze-chart';
import { startApp } from '../test/support/app-server';
import { launchChromium } from '../test/support/chromium';
import { generateTimelineChart } from './generate-timeline-chart';

// The pictures over time drawn in headless Chromium from a Report of 40 ferritin results over 15
// years and 12 drug periods (bench/generate-timeline-chart.ts), on the sandbox's bench page.
// Runs against the production build in $NEXT_DIST_DIR or .next.

export interface PictureRenderRow {
  ferritinResults: number;
  drugPeriods: number;
  runs: number;
  /** The first drawing after the page loaded (code not yet optimised), in ms. */
  firstMs: number;
  /** React render and commit, style and layout, timed in the page: median of the runs after the first. */
  medianMs: number;
  maxMs: number;
  /** The medians of the two parts: React's render and commit, then style and layout. */
  renderMedianMs: number;
  layoutMedianMs: number;
  /** The first drawing's two parts. */
  firstRenderMs: number;
  firstLayoutMs: number;
  /** Chromium's main-thread task time for the same drawing, through its next frame (paint included). */
  mainThreadMedianMs: number;
  screenshot: string;
}

function isParts(value: unknown): value is { renderMs: number; layoutMs: number } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.renderMs === 'number' && typeof record.layoutMs === 'number';
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function measurePictureRender(
  options: { runs?: number; screenshotDir?: string } = {},
): Promise<PictureRenderRow> {
  const runs = options.runs ?? 20;
  // Today, as the app draws it: the chart's dates are relative to it.
  const now = new Date();
  const report = analyzeChart(generateTimelineChart(now), { now });
  const timeline = report.timeline;
  if (!timeline) throw new Error('the Report has no timeline');
  const app = await startApp({ SANDBOX: '1' }, '/sandbox/fhir/metadata');
  const browser = await launchChromium({ viewport: { width: 800, height: 900 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/sandbox/picture-bench`);
    await page.getByTestId('picture-bench').filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
    };
    // The Report is handed over once: each run times the drawing, not the transfer.
    await page.evaluate(`window.benchReport = ${JSON.stringify(report)};`);
    const parts: { renderMs: number; layoutMs: number }[] = [];
    const mainThread: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const before = await taskSeconds();
      // A string, not a function: tsx (esbuild keepNames) would add helper calls the page lacks.
      const result = await page.evaluate(
        `new Promise((resolve) => {
          const ms = window.benchRenderPictures(window.benchReport);
          requestAnimationFrame(() => setTimeout(() => resolve(ms), 0));
        })`,
      );
      const after = await taskSeconds();
      if (!isParts(result)) throw new Error('the bench page did not return its times');
      parts.push(result);
      mainThread.push((after - before) * 1000);
    }
    const dir = options.screenshotDir ?? join(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const screenshot = join(dir, 'pictures-bench.png');
    await page.locator('[data-testid="over-time"]').screenshot({ path: screenshot });
    const times = parts.map((p) => p.renderMs + p.layoutMs);
    const [first = 0, ...rest] = times;
    const later = parts.slice(1);
    return {
      ferritinResults: timeline.labs.filter((p) => p.lab === 'ferritin').length,
      drugPeriods: timeline.drugs.reduce((n, d) => n + d.periods.length, 0),
      runs,
      firstMs: first,
      medianMs: median(rest),
      maxMs: Math.max(...rest),
      renderMedianMs: median(later.map((p) => p.renderMs)),
      layoutMedianMs: median(later.map((p) => p.layoutMs)),
      firstRenderMs: parts[0]?.renderMs ?? 0,
      firstLayoutMs: parts[0]?.layoutMs ?? 0,
      mainThreadMedianMs: median(mainThread.slice(1)),
      screenshot,
    };
  } finally {
    await browser.close();
    await app.stop();
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
