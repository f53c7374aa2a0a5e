import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app-server';
import { axeViolations, describeViolations } from '../support/axe';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';

// The in-chart view in headless Chromium, launched through the sandbox EHR like a clinician would.

const outputDir = join(import.meta.dirname, '..', '..', 'test-output');

let app: RunningApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  mkdirSync(outputDir, { recursive: true });
  app = await startApp({ SANDBOX: '1' }, '/sandbox');
  browser = await launchChromium({ viewport: { width: 800, height: 900 } });
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Opens the patient in the sandbox's mock chart and returns the app URL its iframe launches. */
async function chartFrameLaunchUrl(
  page: Page,
  patient: string,
  fault = 'none',
  latency = '0',
): Promise<string> {
  await page.goto(`${app.url}/sandbox/start?${new URLSearchParams({ patient, fault, latency })}`);
  const src = await page.locator('iframe').getAttribute('src');
  if (!src) throw new Error('the mock chart has no app frame');
  return new URL(src, app.url).toString();
}

/** The EHR launch of one fixture patient, with the app as the whole page (for axe, keys and screenshots). */
async function launchPatient(patient: string, fault = 'none'): Promise<Page> {
  const page = await browser.context.newPage();
  const launchUrl = await chartFrameLaunchUrl(page, patient, fault);
  await page.goto(launchUrl);
  await page.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
  return page;
}

async function expectNoAxeViolations(page: Page) {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(violations)).toEqual([]);
}

async function tierOf(page: Page, id: string) {
  return page.locator(`[data-testid="candidate"][data-candidate-id="${id}"]`).getAttribute('data-tier');
}

describe('the in-chart view, launched from the sandbox EHR', () => {
  it('renders inside the mock chart frame with the flags and the differential', async () => {
    const page = await browser.context.newPage();
    await chartFrameLaunchUrl(page, 'p01');
    const frame = page.frameLocator('iframe');
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    await expect(frame.locator('[data-testid="medication-flag"]').getAttribute('data-class')).resolves.toBe(
      'ssri',
    );
    await expect(frame.locator('[data-testid="iron-flag"]').getAttribute('data-status')).resolves.toBe('low');
    await expect(frame.locator('[data-testid="candidate"]').count()).resolves.toBe(10);
    await page.close();
  });

  it('shows flags and the tiered differential for coded RLS on sertraline, with no axe violations', async () => {
    const page = await launchPatient('p01');
    const flags = page.locator('section[aria-label="Flags"]');
    await expect(flags.locator('[data-testid="medication-flag"]').textContent()).resolves.toMatch(
      /review; consider stopping or substituting/i,
    );
    await expect(flags.locator('[data-testid="iron-flag"]').textContent()).resolves.toMatch(
      /ferritin < 50 ng\/mL/,
    );
    await expect(tierOf(page, 'rls')).resolves.toBe('likely');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(outputDir, 'chart-view-800.png'), fullPage: true });
    await page.screenshot({ path: join(outputDir, 'chart-view-800-first-screen.png') });
    // A wide frame puts the bedside findings beside the differential.
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: join(outputDir, 'chart-view-1100-first-screen.png') });
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: join(outputDir, 'chart-view-360.png'), fullPage: true });
    await page.screenshot({ path: join(outputDir, 'chart-view-360-first-screen.png') });
    // Nothing wider than the frame at 360 or 320 px (an 800 px frame at 250% zoom): no sideways scrolling.
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 800 });
    await expect(overflow()).resolves.toBeLessThanOrEqual(0);
    await page.close();
  });

  it('shows a loading skeleton with no axe violations while a slow EHR answers, without shifting the layout', async () => {
    const page = await browser.context.newPage();
    const launchUrl = await chartFrameLaunchUrl(page, 'p01', 'none', '500');
    // Cumulative layout shift, as browsers measure it for Core Web Vitals.
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[])
          w.__cls += entry.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(launchUrl);
    const skeleton = page.locator('[data-testid="chart-skeleton"]');
    await skeleton.waitFor({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Loading the chart' }).count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await page.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    await expect(skeleton.count()).resolves.toBe(0);
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    console.info(`cumulative layout shift from skeleton to view: ${cls.toFixed(4)}`);
    expect(cls).toBeLessThan(0.1);
    await page.close();
  });

  it('stays readable in the EHR palette and in its own light and dark defaults, with no axe violations', async () => {
    const page = await launchPatient('p01');
    // The sandbox EHR's smart_style_url palette, with the OS in dark mode.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectNoAxeViolations(page);
    // The app's own palettes, as when the EHR gives no style.
    await page.evaluate(() => document.documentElement.removeAttribute('style'));
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(outputDir, 'chart-view-dark-800-first-screen.png') });
    await page.emulateMedia({ colorScheme: 'light' });
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('re-ranks the differential live when bedside findings are answered', async () => {
    const page = await launchPatient('p15');
    await expect(tierOf(page, 'rls')).resolves.toBe('possible');
    for (const question of [
      'Urge to move the legs',
      'Worse in the evening',
      'Begins or worsens at rest',
      'Relieved by walking',
    ]) {
      await page.locator('fieldset', { hasText: question }).getByRole('radio', { name: 'Yes' }).check();
    }
    await expect(tierOf(page, 'rls')).resolves.toBe('likely');
    await expect(page.getByTestId('tier-changes').textContent()).resolves.toContain(
      'Restless legs syndrome moved to Likely',
    );
    const rls = page.locator('[data-testid="candidate"][data-candidate-id="rls"]');
    await rls.getByRole('button', { expanded: false }).click();
    await expect(rls.textContent()).resolves.toContain('from your bedside findings');
    await rls.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(outputDir, 'chart-view-findings-800.png') });
    // Kept for this patient in this tab: a reload keeps the answers.
    await page.reload();
    await page.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    await expect(tierOf(page, 'rls')).resolves.toBe('likely');
    await page.close();
  });

  it('goes from a claim to its chart fact in two clicks, and Escape closes the source', async () => {
    const page = await launchPatient('p01');
    const rls = page.locator('[data-testid="candidate"][data-candidate-id="rls"]');
    await rls.getByRole('button', { expanded: false }).click();
    await rls
      .getByRole('button', { name: /^Show source: Ferritin/ })
      .first()
      .click();
    const panel = page.getByRole('dialog');
    await expect(panel.textContent()).resolves.toContain('LOINC 2276-4');
    await expect(panel.textContent()).resolves.toContain('ng/mL');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(outputDir, 'chart-view-source-800.png') });
    await page.keyboard.press('Escape');
    await expect(panel.count()).resolves.toBe(0);
    await page.close();
  });

  it('prints the report without its controls, keeping only the bedside findings answered', async () => {
    const page = await launchPatient('p01');
    await page
      .locator('fieldset', { hasText: 'Urge to move the legs' })
      .getByRole('radio', { name: 'Yes' })
      .check();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Copy summary' }).isVisible()).resolves.toBe(false);
    await expect(page.locator('fieldset:visible').count()).resolves.toBe(1);
    await expect(page.locator('[data-testid="candidate"]:visible').count()).resolves.toBe(10);
    await expect(page.locator('[data-testid="iron-flag"]').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('copies a plain-text summary for the note and confirms it', async () => {
    const page = await launchPatient('p01');
    await page.getByRole('button', { name: 'Copy summary' }).click();
    await page.getByText('Summary copied. Paste it into your note.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('Likely:');
    expect(copied).toContain('Restless legs syndrome');
    expect(copied).toContain('(SSRI');
    await page.close();
  });

  it('names the medication statements this EHR does not offer, with no axe violations', async () => {
    const page = await launchPatient('p15', 'medication-statement-unsupported');
    const gap = page.locator('[data-testid="data-gap"][data-resource-type="MedicationStatement"]');
    await expect(gap.count()).resolves.toBe(1);
    await expect(gap.textContent()).resolves.toContain('Medication statements: not offered by this EHR');
    await expect(page.locator('[data-testid="medication-clear"]').textContent()).resolves.toBe(
      'No current medication orders known to worsen these symptoms (medication statements are not offered by this EHR)',
    );
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(outputDir, 'chart-view-partial-800.png'), fullPage: true });
    await page.close();
  });

  it('never says no offending medication was found when the orders were forbidden, with no axe violations', async () => {
    const page = await launchPatient('p15', 'medication-request-forbidden');
    const flags = page.locator('section[aria-label="Flags"]');
    await expect(
      flags.locator('[data-testid="data-gap"][data-resource-type="MedicationRequest"]').textContent(),
    ).resolves.toContain('Medication orders: access not granted');
    await expect(flags.textContent()).resolves.not.toContain(
      'No current medications known to worsen these symptoms',
    );
    await expect(flags.textContent()).resolves.toContain('Medications could not be fully checked.');
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(outputDir, 'chart-view-meds-forbidden-800-first-screen.png') });
    await page.close();
  });

  it('shows the ferritin as unknown when labs are forbidden, with no axe violations', async () => {
    const page = await launchPatient('p01', 'observation-forbidden');
    await expect(page.locator('[data-testid="iron-flag"]').getAttribute('data-status')).resolves.toBe(
      'unknown',
    );
    await expect(
      page.locator('[data-testid="data-gap"][data-resource-type="Observation"]').count(),
    ).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('counts the malformed resources it skipped and still flags the valid lithium, with no axe violations', async () => {
    const page = await launchPatient('p12');
    const skipped = page.locator('[data-testid="quarantined"]');
    await expect(skipped.textContent()).resolves.toMatch(/\d+ resources? skipped/);
    await skipped.locator('summary').click();
    await expect(page.locator('[data-testid="medication-flag"][data-class="lithium"]').count()).resolves.toBe(
      1,
    );
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('reaches every control with the keyboard alone, with a visible focus ring', async () => {
    const page = await launchPatient('p01');
    // Tab through the whole page once and record what took focus.
    const reached = new Set<string>();
    let unringed = 0;
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const ringed = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
        const id =
          el instanceof HTMLInputElement
            ? `radio:${el.name}`
            : `${el.tagName}:${el.textContent?.trim().slice(0, 60)}`;
        return { id, ringed };
      });
      if (!info) continue;
      if (reached.has(info.id)) continue;
      reached.add(info.id);
      if (!info.ringed) unringed += 1;
    }
    const expected = await page.evaluate(() => {
      const ids = new Set<string>();
      for (const el of document.querySelectorAll('button, input, a[href], summary, textarea')) {
        if (el instanceof HTMLElement && el.offsetParent === null) continue;
        if (el instanceof HTMLButtonElement && el.disabled) continue;
        ids.add(
          el instanceof HTMLInputElement
            ? `radio:${el.name}`
            : `${el.tagName}:${el.textContent?.trim().slice(0, 60)}`,
        );
      }
      return [...ids];
    });
    // Copy, Print, 10 candidate rows, 14 bedside findings and the source links at least.
    expect(expected.length).toBeGreaterThan(26);
    const missed = expected.filter((id) => !reached.has(id));
    expect(missed).toEqual([]);
    expect(unringed).toBe(0);

    // Keys do the work too: Enter opens a candidate, arrows answer a finding.
    const toggle = page.locator('[data-candidate-id="plms"] button[aria-expanded]');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await page
      .locator('fieldset', { hasText: 'Urge to move the legs' })
      .getByRole('radio', { name: 'Unknown' })
      .focus();
    await page.keyboard.press('ArrowLeft');
    await expect(
      page
        .locator('fieldset', { hasText: 'Urge to move the legs' })
        .getByRole('radio', { name: 'No', exact: true })
        .isChecked(),
    ).resolves.toBe(true);
    await page.close();
  });
});
