import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app-server';
import { axeViolations, describeViolations } from '../support/axe';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';

let app: RunningApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the built app in headless Chromium', () => {
  it('tells a user who opened it outside an EHR how to launch it, with no axe violations', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(app.url);
    expect(response?.status()).toBe(200);
    // The shell decides in the browser (no launch state in sessionStorage or the URL).
    const heading = page.getByRole('heading', { level: 1 });
    await heading.filter({ hasText: 'Open this app from your EHR' }).waitFor();
    await expect(heading.textContent()).resolves.toBe('Open this app from your EHR');
    expect(await page.textContent('main')).toContain('/launch');
    const violations = await axeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('sends a Content-Security-Policy that limits who may frame it', async () => {
    const response = await fetch(app.url);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(response.headers.get('content-security-policy')).not.toContain('launch.smarthealthit.org');
  });
});
