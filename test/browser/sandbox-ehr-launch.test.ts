import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app-server';
import { axeViolations, describeViolations } from '../support/axe';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';
import {
  candidates,
  cleanMedicationText,
  idsOfTier,
  launchInChart,
  medicationFlagClasses,
  openLauncher,
} from './sandbox-launch-helpers';

// EHR launch from the sandbox's mock chart, end to end in Chromium: launcher -> /sandbox/ehr (iframe)
// -> /launch -> authorize -> / -> FHIR searches -> differential. Expectations follow the patients'
// stories in fhir-fixtures/patients/README.md.

let app: RunningApp;
let browser: LaunchedBrowser;
const launchTimesMs: number[] = [];

beforeAll(async () => {
  app = await startApp({ SANDBOX: '1' }, '/sandbox/fhir/metadata');
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  // Seed the in-process server before timing anything (it loads once per process).
  await fetch(`${app.url}/sandbox`);
});
afterAll(async () => {
  if (launchTimesMs.length > 0) {
    console.log(`sandbox EHR launch: click to differential on screen, ms: ${launchTimesMs.join(', ')}`);
  }
  await browser?.close();
  await app?.stop();
});

describe('the sandbox launcher', () => {
  it('lists the synthetic patients with their age and story, with no axe violations', async () => {
    const page = await browser.context.newPage();
    await openLauncher(page, app.url);
    const ada = page.getByRole('row', { name: /Ada Quillfeather/ });
    await expect(ada.textContent()).resolves.toMatch(/sertraline/);
    expect(await page.getByRole('button', { name: /^Open in chart: / }).count()).toBeGreaterThanOrEqual(14);
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });

  it('can be driven from the keyboard: Tab reaches the fault selector and a launch button', async () => {
    const page = await browser.context.newPage();
    await openLauncher(page, app.url);
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.getAttribute('name') ?? ''));
    }
    expect(reached).toContain('fault');
    expect(reached).toContain('patient');
    await page.close();
  });
});

describe('EHR launch into the mock chart', () => {
  it('Ada (p01): SSRI flag, low ferritin, RLS likely; the EHR header shows the patient, so the app shows no banner', async () => {
    const page = await browser.context.newPage();
    await openLauncher(page, app.url);
    const started = performance.now();
    const frame = await launchInChart(page, 'Ada Quillfeather');
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    launchTimesMs.push(Math.round(performance.now() - started));
    await expect(page.locator('header').textContent()).resolves.toContain('Ada Quillfeather');
    expect(await frame.locator('section[aria-label="Patient"]').count()).toBe(0);
    expect(await medicationFlagClasses(frame)).toEqual(['ssri']);
    await expect(frame.locator('[data-testid="iron-flag"]').getAttribute('data-status')).resolves.toBe('low');
    expect(idsOfTier(await candidates(frame), 'likely')).toEqual(['rls']);
    await page.close();
  });

  it('Jasper (p10): haloperidol and metoclopramide flagged as dopamine antagonists, akathisia likely', async () => {
    const page = await browser.context.newPage();
    await openLauncher(page, app.url);
    const started = performance.now();
    const frame = await launchInChart(page, 'Jasper Nakamori');
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    launchTimesMs.push(Math.round(performance.now() - started));
    expect(await medicationFlagClasses(frame)).toEqual(['dopamine-antagonist']);
    expect(await frame.locator('[data-testid="medication-flag"]').count()).toBe(2);
    await expect(frame.locator('[data-testid="iron-flag"]').getAttribute('data-status')).resolves.toBe(
      'normal',
    );
    expect(idsOfTier(await candidates(frame), 'likely')).toEqual(['akathisia']);
    await page.close();
  });

  it('Oona (p15): a clean chart says no offending medications only because every medication search completed', async () => {
    const page = await browser.context.newPage();
    await openLauncher(page, app.url);
    const started = performance.now();
    const frame = await launchInChart(page, 'Oona Castellanes');
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    launchTimesMs.push(Math.round(performance.now() - started));
    expect(await frame.locator('[data-testid="medication-flag"]').count()).toBe(0);
    expect(await frame.locator('[data-testid="data-gap"]').count()).toBe(0);
    await expect(frame.locator('section[aria-label="Flags"]').textContent()).resolves.toContain(
      cleanMedicationText,
    );
    await expect(frame.locator('[data-testid="iron-flag"]').getAttribute('data-status')).resolves.toBe(
      'normal',
    );
    expect(idsOfTier(await candidates(frame), 'likely')).toEqual([]);
    expect(idsOfTier(await candidates(frame), 'possible')).toContain('rls');
    await page.close();
  });

  it('the mock chart page itself has no axe violations', async () => {
    const page = await browser.context.newPage();
    await openLauncher(page, app.url);
    const frame = await launchInChart(page, 'Ada Quillfeather');
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.close();
  });
});
