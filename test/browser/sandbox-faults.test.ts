import type { FrameLocator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app-server';
import { axeViolations, describeViolations } from '../support/axe';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';
import {
  candidates,
  chooseOptions,
  cleanMedicationText,
  launchInChart,
  medicationFlagClasses,
  openLauncher,
} from './sandbox-launch-helpers';

// What the clinician sees when the EHR misbehaves, and the standalone launch with its patient picker.
// Oona (p15) has a clean chart: without a fault the app says "No current medications known to worsen
// these symptoms"; with any medication search missing it must never say so.

let app: RunningApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  app = await startApp({ SANDBOX: '1' }, '/sandbox/fhir/metadata');
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
  await fetch(`${app.url}/sandbox`);
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function launchWith(patient: string, options: { fault?: string; latencyMs?: number }) {
  const page = await browser.context.newPage();
  await openLauncher(page, app.url);
  await chooseOptions(page, options);
  const started = performance.now();
  const frame = await launchInChart(page, patient);
  return { page, frame, started };
}

async function gapTypes(frame: FrameLocator): Promise<string[]> {
  return frame
    .locator('[data-testid="data-gap"]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-resource-type') ?? ''));
}

describe('faults carried in the launch', () => {
  it('MedicationStatement unsupported: the EHR answers 404 and the app names MedicationStatement as not read', async () => {
    const page = await browser.context.newPage();
    const statementStatuses: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/sandbox/fhir/MedicationStatement')
        statementStatuses.push(r.status());
    });
    await openLauncher(page, app.url);
    await chooseOptions(page, { fault: 'medication-statement-unsupported' });
    const frame = await launchInChart(page, 'Oona Castellanes');
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    expect(statementStatuses).toEqual([404]);
    expect(await gapTypes(frame)).toContain('MedicationStatement');
    // The orders were read in full (the fallback), so the clean statement is scoped to orders, never
    // the unqualified "no current medications".
    const flags = await frame.locator('section[aria-label="Flags"]').textContent();
    expect(flags).toContain('No current medication orders known to worsen these symptoms');
    expect(flags).not.toContain(cleanMedicationText);
    await page.close();
  });

  it('MedicationRequest forbidden: a MedicationRequest gap notice, and never the clean-medications text', async () => {
    const { page, frame } = await launchWith('Oona Castellanes', { fault: 'medication-request-forbidden' });
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    expect(await gapTypes(frame)).toContain('MedicationRequest');
    await expect(frame.locator('section[aria-label="Flags"]').textContent()).resolves.not.toContain(
      cleanMedicationText,
    );
    await page.close();
  });

  it('Observation forbidden: an Observation gap notice, and ferritin unknown rather than missing', async () => {
    const { page, frame } = await launchWith('Ada Quillfeather', { fault: 'observation-forbidden' });
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    expect(await gapTypes(frame)).toContain('Observation');
    await expect(frame.locator('[data-testid="iron-flag"]').getAttribute('data-status')).resolves.toBe(
      'unknown',
    );
    // The medications still arrived: the SSRI flag is shown.
    expect(await medicationFlagClasses(frame)).toEqual(['ssri']);
    await page.close();
  });

  it('slow server (500 ms per request): the differential still arrives, after the loading skeleton', async () => {
    const { page, frame, started } = await launchWith('Oona Castellanes', { latencyMs: 500 });
    await frame.locator('[data-testid="chart-skeleton"]').waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    const elapsed = Math.round(performance.now() - started);
    console.log(`sandbox EHR launch with 500 ms latency: click to differential ${elapsed} ms`);
    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect((await candidates(frame)).length).toBeGreaterThan(0);
    await page.close();
  });

  it('expired token: the app shows "Your session has ended" and the way back through the EHR', async () => {
    const { page, frame } = await launchWith('Ada Quillfeather', { fault: 'expired-token' });
    const heading = frame.getByRole('heading', { level: 1, name: 'Your session has ended' });
    await heading.waitFor({ timeout: 30_000 });
    // An EHR launch: a standalone relaunch against the EHR's base could not work, so none is offered.
    await expect(frame.getByTestId('way-back').textContent()).resolves.toContain('from the patient’s chart');
    expect(await frame.getByRole('link', { name: 'Relaunch' }).count()).toBe(0);
    expect(await frame.locator('[data-testid="candidate"]').count()).toBe(0);
    await page.close();
  });

  it('denied authorization: the app shows "Access was not granted"', async () => {
    const { page, frame } = await launchWith('Ada Quillfeather', { fault: 'deny' });
    await frame
      .getByRole('heading', { level: 1, name: 'Access was not granted' })
      .waitFor({ timeout: 30_000 });
    await page.close();
  });
});

describe('standalone launch', () => {
  it('opens a new tab, asks for a patient, then shows that patient with the app banner', async () => {
    const page = await browser.context.newPage();
    await openLauncher(page, app.url);
    const [tab] = await Promise.all([
      browser.context.waitForEvent('page'),
      page.getByRole('button', { name: /Standalone launch/ }).click(),
    ]);
    await tab.getByRole('heading', { level: 1, name: 'Choose a patient' }).waitFor({ timeout: 30_000 });
    const violations = await axeViolations(tab);
    expect(violations, describeViolations(violations)).toEqual([]);
    await tab.getByRole('radio', { name: /Dolores Finchley/ }).check();
    await tab.getByRole('button', { name: 'Allow access' }).click();
    await tab.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    expect(new URL(tab.url()).pathname).toBe('/');
    await expect(tab.locator('section[aria-label="Patient"]').textContent()).resolves.toContain(
      'Dolores Finchley',
    );
    expect(await medicationFlagClasses(tab)).toEqual(['sedating-antihistamine']);
    await tab.close();
    await page.close();
  });

  it('Deny at the picker: the app shows "Access was not granted"', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${app.url}/launch?${new URLSearchParams({ iss: `${app.url}/sandbox/fhir` })}`);
    await page.getByRole('heading', { level: 1, name: 'Choose a patient' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Deny' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Access was not granted' })
      .waitFor({ timeout: 30_000 });
    await page.close();
  });
});
