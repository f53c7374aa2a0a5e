import { createServer, type Server } from 'node:http';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type RunningApp, startApp } from '../support/app-server';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';

// EHRs frame the app from their own origin. There, an IntersectionObserver on the top-level
// viewport ignores its margin (it applies only to a same-origin root), so the pictures below the
// differential would be fetched only once already on screen. This test frames the app from another
// origin (another loopback port) and checks that the pictures start arriving while still below the
// frame's view, within the 300 px margin (app/components/over-time.tsx).

let app: RunningApp;
let browser: LaunchedBrowser;
let ehr: Server;
let ehrUrl = '';

beforeAll(async () => {
  const ehrPort = await freePort();
  ehrUrl = `http://127.0.0.1:${ehrPort}`;
  app = await startApp({ SANDBOX: '1', FRAME_ANCESTORS: ehrUrl }, '/sandbox');
  // The "EHR": one page that frames whatever app URL it is given (no patient data in it).
  ehr = createServer((request, response) => {
    const src = new URL(request.url ?? '/', ehrUrl).searchParams.get('app') ?? '';
    if (!src.startsWith(app.url)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><title>EHR</title><iframe title="app" src="${src.replace(/"/g, '&quot;')}" style="width:800px;height:700px;border:0"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => ehr.listen(ehrPort, '127.0.0.1', resolve));
  browser = await launchChromium({ viewport: { width: 900, height: 800 } });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => ehr?.close(resolve));
  await app?.stop();
});

/** The app's launch URL for a sandbox patient, as the sandbox EHR would frame it. */
async function launchUrl(page: Page, patient: string): Promise<string> {
  await page.goto(
    `${app.url}/sandbox/start?${new URLSearchParams({ patient, fault: 'none', latency: '0' })}`,
  );
  const src = await page.locator('iframe').getAttribute('src');
  if (!src) throw new Error('the mock chart has no app frame');
  return new URL(src, app.url).toString();
}

async function appFrame(page: Page): Promise<Frame> {
  const handle = await page.locator('iframe[title="app"]').elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('no app frame');
  return frame;
}

describe('the pictures in an EHR frame of another origin', () => {
  it('start arriving while still below the frame’s view, within the margin', async () => {
    const page = await browser.context.newPage();
    const src = await launchUrl(page, 'p50');
    await page.goto(`${ehrUrl}/?${new URLSearchParams({ app: src })}`);
    const frame = await appFrame(page);
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    await expect(frame.getByTestId('pictures-pending').count()).resolves.toBe(1);
    // Scroll the frame so that the section's top is 150 px below its view: not on screen, but
    // within the 300 px margin.
    const gap = await frame.evaluate(() => {
      const section = document.querySelector('[data-testid="over-time"]');
      if (!section) throw new Error('no over-time section');
      const top = section.getBoundingClientRect().top + window.scrollY;
      window.scrollTo(0, top - window.innerHeight - 150);
      return section.getBoundingClientRect().top - window.innerHeight;
    });
    expect(gap).toBeGreaterThan(100);
    await frame.getByTestId('iron-picture').locator('svg').waitFor({ timeout: 15_000 });
    // Drawn before it was seen: the section is still below the frame's view.
    const below = await frame.evaluate(
      () =>
        (document.querySelector('[data-testid="over-time"]')?.getBoundingClientRect().top ?? 0) >
        window.innerHeight,
    );
    expect(below).toBe(true);
    await page.close();
  });
});
