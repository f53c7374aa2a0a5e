import type { FrameLocator, Page } from 'playwright-core';

// Drives the sandbox launcher like a person: pick the fault and latency, click a patient's
// "Open in chart" button, then read the app inside the mock chart's iframe.

export const appFrameSelector = 'iframe[title^="Leg symptom differential"]';

export async function openLauncher(page: Page, baseUrl: string) {
  const response = await page.goto(`${baseUrl}/sandbox`);
  if (response?.status() !== 200) throw new Error(`/sandbox answered ${response?.status()}`);
}

export async function chooseOptions(page: Page, options: { fault?: string; latencyMs?: number }) {
  if (options.fault) await page.getByLabel('Fault to simulate').selectOption(options.fault);
  if (options.latencyMs !== undefined) {
    await page.getByLabel('Added server latency per request').selectOption(String(options.latencyMs));
  }
}

/** Clicks the patient's launch button and returns the app's frame in the mock chart. */
export async function launchInChart(page: Page, patientName: string): Promise<FrameLocator> {
  await page.getByRole('button', { name: `Open in chart: ${patientName}` }).click();
  await page.waitForURL(/\/sandbox\/ehr\?/);
  return page.frameLocator(appFrameSelector);
}

export async function candidates(app: FrameLocator | Page) {
  return app
    .locator('[data-testid="candidate"]')
    .evaluateAll((nodes) =>
      nodes.map((n) => ({ id: n.getAttribute('data-candidate-id'), tier: n.getAttribute('data-tier') })),
    );
}

export async function medicationFlagClasses(app: FrameLocator | Page): Promise<string[]> {
  const classes = await app
    .locator('[data-testid="medication-flag"]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-class') ?? ''));
  return [...new Set(classes)].sort();
}

export function idsOfTier(list: { id: string | null; tier: string | null }[], tier: string): string[] {
  return list
    .filter((c) => c.tier === tier)
    .map((c) => c.id ?? '')
    .sort();
}

export const cleanMedicationText = 'No current medications known to worsen these symptoms';
