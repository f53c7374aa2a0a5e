import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app-server';
import { axeViolations, describeViolations } from '../support/axe';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';

// The pictures over time in headless Chromium, for p50 (fifteen years of iron and drugs) launched
// from the sandbox EHR: screenshots at 800 and 360 px, light and dark, into test-output/ (ignored).

const outputDir = join(import.meta.dirname, '..', '..', 'test-output');

let app: RunningApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  app = await startApp({ SANDBOX: '1' }, '/sandbox');
  browser = await launchChromium({ viewport: { width: 800, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Opens the patient's chart in the app frame; by default scrolls to the pictures and waits for them. */
async function launch(patient: string, width = 800, scrollToPictures = true): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(
    `${app.url}/sandbox/start?${new URLSearchParams({ patient, fault: 'none', latency: '0' })}`,
  );
  const src = await page.locator('iframe').getAttribute('src');
  if (!src) throw new Error('the mock chart has no app frame');
  await page.goto(new URL(src, app.url).toString());
  await page.locator('[data-testid="over-time"]').waitFor({ timeout: 30_000 });
  if (scrollToPictures) {
    await page.getByTestId('over-time').scrollIntoViewIfNeeded();
    await page.getByTestId('iron-picture').locator('svg').waitFor({ timeout: 30_000 });
  }
  return page;
}

/** The app's script files the page has fetched so far (Next's chunks). */
const scriptsLoaded = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => name.includes('/_next/static/chunks/')),
  );

async function expectNoAxeViolations(page: Page) {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function shoot(page: Page, name: string) {
  await page
    .locator('[data-testid="over-time"]')
    .screenshot({ path: join(outputDir, `pictures-${name}.png`) });
}

describe('the pictures over time, in the browser', () => {
  it('draws both pictures for p50 at 800 px, light and dark, with no axe violations', async () => {
    const page = await launch('p50');
    const iron = page.getByTestId('iron-picture');
    const drugs = page.getByTestId('drug-picture');
    await expect(iron.locator('g.mark').count()).resolves.toBe(26);
    await expect(drugs.locator('g.mark[data-end]').count()).resolves.toBe(12);
    await expect(drugs.locator('g.mark[data-onset]').count()).resolves.toBe(3);
    await expectNoAxeViolations(page);
    await shoot(page, '800-light');
    // The EHR's smart_style_url palette with the OS in dark mode, then the app's own dark palette.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoAxeViolations(page);
    await shoot(page, '800-ehr-style-dark');
    await page.evaluate(() => document.documentElement.removeAttribute('style'));
    await expectNoAxeViolations(page);
    await shoot(page, '800-dark');
    await page.close();
  });

  it('draws a calculated TSAT (p32), a long-acting injection with its interval (p24, dark) and a deceased patient (p18)', async () => {
    const calculated = await launch('p32');
    const point = calculated.getByTestId('iron-picture').locator('g.mark[data-calculated="true"]');
    await expect(point.count()).resolves.toBe(1);
    await expect(point.getAttribute('aria-label')).resolves.toContain('calculated from serum iron');
    await expectNoAxeViolations(calculated);
    await shoot(calculated, '800-p32-calculated-tsat');
    await calculated.close();
    const injections = await launch('p24');
    const lane = injections.getByTestId('drug-picture').locator('[data-ingredient="paliperidone"]');
    await expect(lane.locator('rect.acting').count()).resolves.toBeGreaterThan(0);
    await injections.emulateMedia({ colorScheme: 'dark' });
    await injections.evaluate(() => document.documentElement.removeAttribute('style'));
    await expectNoAxeViolations(injections);
    await shoot(injections, '800-p24-long-acting-dark');
    await injections.close();
    // A deceased patient (p18): the pictures end at the date of death, open orders stop there.
    const deceased = await launch('p18');
    await expect(deceased.getByTestId('over-time').getByText('died 2025-03-02').count()).resolves.toBe(2);
    await expect(
      deceased.getByTestId('drug-picture').locator('g.mark[data-end="open-at-death"]').count(),
    ).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(deceased);
    await shoot(deceased, '800-p18-deceased');
    await deceased.close();
  });

  it("fetches the pictures' code only once they come near the view, and draws them for the Print button", async () => {
    const page = await launch('p50', 800, false);
    await page.locator('[data-testid="candidate"]').first().waitFor();
    await page.waitForLoadState('networkidle');
    // Launched: the differential is on screen, the pictures below it are not yet fetched.
    await expect(page.getByTestId('pictures-pending').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('iron-picture').count()).resolves.toBe(0);
    const atLaunch = await scriptsLoaded(page);
    await page.getByTestId('over-time').scrollIntoViewIfNeeded();
    await page.getByTestId('iron-picture').locator('svg').waitFor({ timeout: 30_000 });
    const added = (await scriptsLoaded(page)).filter((name) => !atLaunch.includes(name));
    expect(added.length).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page.close();
    // The app's Print button draws them first: at print time both pictures are on the page.
    const printing = await launch('p50', 800, false);
    await printing.evaluate(() => {
      window.print = () => {
        document.body.dataset.printedPictures = String(
          document.querySelectorAll('[data-testid="over-time"] svg.picture-svg').length,
        );
      };
    });
    await expect(printing.getByTestId('iron-picture').count()).resolves.toBe(0);
    await printing.getByRole('button', { name: 'Print' }).click();
    await printing.locator('body[data-printed-pictures]').waitFor({ timeout: 30_000 });
    await expect(printing.locator('body').getAttribute('data-printed-pictures')).resolves.toBe('2');
    await printing.close();
    // From the flags, one click to the pictures: drawn, in view, the keyboard on their heading.
    const jumping = await launch('p50', 800, false);
    await jumping.getByRole('button', { name: 'See ferritin, TSAT and these drugs over time' }).click();
    await jumping.getByTestId('iron-picture').locator('svg').waitFor({ timeout: 30_000 });
    await expect(jumping.locator('#over-time-title').isVisible()).resolves.toBe(true);
    await expect(jumping.evaluate(() => document.activeElement?.id)).resolves.toBe('over-time-title');
    await jumping.screenshot({ path: join(outputDir, 'pictures-800-after-jump.png') });
    await jumping.close();
  });

  it('fits 360 and 320 px: the pictures stack and scroll their time axis, opened at today', async () => {
    const page = await launch('p50', 360);
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    const scroll = page.getByTestId('iron-picture').locator('.picture-scroll');
    const { scrollLeft, scrollWidth, clientWidth } = await scroll.evaluate((e) => ({
      scrollLeft: e.scrollLeft,
      scrollWidth: e.scrollWidth,
      clientWidth: e.clientWidth,
    }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(scrollLeft + clientWidth).toBeGreaterThanOrEqual(scrollWidth - 1);
    await expectNoAxeViolations(page);
    await shoot(page, '360-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.documentElement.removeAttribute('style'));
    await expectNoAxeViolations(page);
    await shoot(page, '360-dark');
    await page.setViewportSize({ width: 320, height: 900 });
    await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
    await page.close();
  });

  it('is reached by Tab once per picture; arrows move, Enter opens the source, Escape comes back', async () => {
    const page = await launch('p50');
    const stop = page.getByTestId('iron-picture').locator('g.mark[tabindex="0"]');
    await expect(stop.count()).resolves.toBe(1);
    // From the "Show as table" button, Tab lands on the picture's one tab stop.
    await page.getByTestId('iron-picture').getByRole('button', { name: 'Show as table' }).focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-source') ?? null);
    // The newest result (TSAT and ferritin were drawn the same day).
    await expect(focused()).resolves.toBe('Observation/p50-tsat-08');
    await page.keyboard.press('ArrowLeft');
    await expect(focused()).resolves.toBe('Observation/p50-ferritin-18');
    await page.keyboard.press('Home');
    await expect(focused()).resolves.toBe('Observation/p50-ferritin-01');
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
    });
    expect(ring).toBe(true);
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog');
    await expect(panel.textContent()).resolves.toContain('Observation/p50-ferritin-01');
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    await expect(panel.count()).resolves.toBe(0);
    await expect(focused()).resolves.toBe('Observation/p50-ferritin-01');
    // The next Tab leaves the picture (one stop per picture).
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toBeNull();
    await page.close();
  });

  it('shows the same data as a table with no axe violations, and back', async () => {
    const page = await launch('p50');
    const drugs = page.getByTestId('drug-picture');
    await drugs.getByRole('button', { name: 'Show as table' }).click();
    await expect(
      drugs.getByRole('table', { name: 'Drugs against time' }).locator('tbody tr').count(),
    ).resolves.toBe(12);
    await expect(drugs.textContent()).resolves.toContain(
      'Active order from 13 years ago: confirm the patient still takes it.',
    );
    await expectNoAxeViolations(page);
    await drugs.screenshot({ path: join(outputDir, 'pictures-800-drug-table.png') });
    await drugs.getByRole('button', { name: 'Show as chart' }).click();
    await expect(drugs.locator('svg').count()).resolves.toBe(1);
    await page.close();
  });

  it('prints both pictures at the page width, without their toggles', async () => {
    const page = await launch('p50');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Show as table' }).first().isVisible()).resolves.toBe(
      false,
    );
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('.picture-svg')].map((svg) => ({
        svg: svg.getBoundingClientRect().width,
        frame: svg.closest('.picture')?.getBoundingClientRect().width ?? 0,
      })),
    );
    expect(sizes).toHaveLength(2);
    for (const { svg, frame } of sizes) expect(Math.abs(svg - frame)).toBeLessThanOrEqual(1);
    await page.close();
  });
});
