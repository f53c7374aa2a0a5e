import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../support/app-server';
import { type LaunchedBrowser, launchChromium } from '../support/chromium';
import { candidates, launchInChart, openLauncher } from './sandbox-launch-helpers';

// The attacks of issue 16, played against the production build (`next start`) with loopback
// listeners that count every request reaching them: a CDS call asking the service to fetch from
// a loopback server, a 64 MB chunked body, /launch with an issuer nobody configured or with
// fhirclient's override parameters, a configured issuer whose discovery points the sign-in at
// another server; and the per-request CSP, checked in Chromium on a real sandbox launch.

interface Listener {
  server: Server;
  origin: string;
  hits: string[];
}

async function listen(handle?: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listener> {
  const listener: Listener = { server: createServer(), origin: '', hits: [] };
  listener.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    listener.hits.push(`${req.method} ${req.url}`);
    if (handle) handle(req, res);
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  listener.server.listen(0, '127.0.0.1');
  await once(listener.server, 'listening');
  listener.origin = `http://127.0.0.1:${(listener.server.address() as AddressInfo).port}`;
  return listener;
}

function close(listener: Listener | undefined) {
  listener?.server.closeAllConnections();
  listener?.server.close();
}

/** Plays an attacker's FHIR and OAuth server: everything it is asked, it answers. */
let attacker: Listener;
/** A configured EHR whose discovery document names the attacker's authorize and token endpoints. */
let hijackedEhr: Listener;
/** The production build as shipped: no SANDBOX, no CDS clients; one SMART server configured. */
let locked: RunningApp;
/** The demo: SANDBOX=1, nothing else configured. */
let demo: RunningApp;
let browser: LaunchedBrowser;

beforeAll(async () => {
  attacker = await listen();
  hijackedEhr = await listen((req, res) => {
    const body = req.url?.includes('smart-configuration')
      ? {
          authorization_endpoint: `${attacker.origin}/authorize`,
          token_endpoint: `${attacker.origin}/token`,
          code_challenge_methods_supported: ['S256'],
          capabilities: ['launch-ehr'],
        }
      : {};
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(body));
  });
  // One server at a time: two cold starts at once on a shared 2-core machine slow every other test.
  locked = await startApp({
    SANDBOX: '',
    FRAME_ANCESTORS: 'https://ehr.example.org',
    SMART_SERVERS: JSON.stringify([
      { issMatch: `${hijackedEhr.origin}/fhir`, clientId: 'configured-client' },
    ]),
  });
  demo = await startApp({ SANDBOX: '1' }, '/sandbox/fhir/metadata');
  browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([locked?.stop(), demo?.stop()]);
  close(attacker);
  close(hijackedEhr);
});

function patientView(extra: Record<string, unknown>) {
  return JSON.stringify({
    hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
    hook: 'patient-view',
    context: { userId: 'Practitioner/example', patientId: 'p01' },
    ...extra,
  });
}

const fhirAuthorization = { access_token: 'token-the-attacker-chose', token_type: 'Bearer' };

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('the CDS service of a production build with nothing configured', () => {
  it('refuses an unauthenticated call naming a loopback fhirServer, and sends that server nothing', async () => {
    const before = attacker.hits.length;
    const response = await fetch(`${locked.url}/cds-services/leg-symptom-differential`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://intranet-page.example' },
      body: patientView({ fhirServer: `${attacker.origin}/fhir`, fhirAuthorization }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).resourceType).toBe('OperationOutcome');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const discovery = await fetch(`${locked.url}/cds-services`);
    expect(discovery.status).toBe(403);
    await settle();
    expect(attacker.hits.length).toBe(before);
    expect(locked.output()).toContain('no trusted CDS clients are configured in production');
  });
});

describe('the CDS service of the demo (SANDBOX=1)', () => {
  it('answers from the prefetch and sends a loopback fhirServer that is not its sandbox nothing', async () => {
    const before = attacker.hits.length;
    const response = await fetch(`${demo.url}/cds-services/leg-symptom-differential`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: patientView({
        fhirServer: `${attacker.origin}/fhir`,
        fhirAuthorization,
        prefetch: { patient: { resourceType: 'Patient', id: 'p01', birthDate: '1970-01-01' } },
      }),
    });
    expect(response.status).toBe(200);
    const { cards } = await response.json();
    expect(JSON.stringify(cards)).toContain('not a server this caller may name');
    await settle();
    expect(attacker.hits.length).toBe(before);
  });

  it('refuses a 64 MB chunked body with 413 once it passes 10 MB, without reading or buffering the rest', async () => {
    const peakBefore = peakMemoryKb(demo.pid);
    const result = await postChunked(`${demo.url}/cds-services/leg-symptom-differential`, 64 * 1024 * 1024);
    expect(result.status).toBe(413);
    // Sent before the answer came: the 10 MB the service read plus what the sockets buffer.
    expect(result.bytesWritten).toBeLessThan(24 * 1024 * 1024);
    if (peakBefore !== null) {
      const peakAfter = peakMemoryKb(demo.pid) ?? peakBefore;
      expect(peakAfter - peakBefore).toBeLessThan(48 * 1024);
    }
  });
});

/** The process's peak resident memory (Linux /proc), or null elsewhere. */
function peakMemoryKb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** POSTs `total` bytes chunked (no Content-Length), with backpressure, until the server answers. */
function postChunked(url: string, total: number): Promise<{ status: number; bytesWritten: number }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let bytesWritten = 0;
    let answered = false;
    const req = request({
      host: target.hostname,
      port: target.port,
      path: target.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (res) => {
      answered = true;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytesWritten }));
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const write = () => {
      while (!answered && bytesWritten < total) {
        bytesWritten += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

/** Opens a /launch URL in Chromium and returns the screen's heading once the app has decided. */
async function launchScreen(page: Page, query: string): Promise<{ heading: string; text: string }> {
  await page.goto(`${locked.url}/launch?${query}`);
  const heading = page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Connecting to your EHR' });
  await heading.waitFor({ timeout: 20_000 });
  await settle();
  return { heading: (await heading.textContent()) ?? '', text: (await page.textContent('main')) ?? '' };
}

describe('/launch on a production build', () => {
  it('shows "not configured" for an issuer nobody configured, and contacts it not once', async () => {
    const page = await browser.context.newPage();
    const before = attacker.hits.length;
    const iss = encodeURIComponent(`${attacker.origin}/fhir`);
    const screen = await launchScreen(page, `iss=${iss}&launch=abc`);
    expect(screen.heading).toBe('This EHR is not configured for the app');
    expect(attacker.hits.length).toBe(before);
    await page.close();
  });

  it.each([
    ['clientId', (ehr: string) => `iss=${encodeURIComponent(ehr)}&launch=abc&clientId=attacker-client`],
    ['fhirServiceUrl', () => `fhirServiceUrl=${encodeURIComponent(`${attacker.origin}/fhir`)}`],
    ['patientId', (ehr: string) => `iss=${encodeURIComponent(ehr)}&launch=abc&patientId=p02`],
  ])('refuses a launch URL carrying %s and contacts no server', async (_name, query) => {
    const page = await browser.context.newPage();
    const before = [attacker.hits.length, hijackedEhr.hits.length];
    const screen = await launchScreen(page, query(`${hijackedEhr.origin}/fhir`));
    expect(screen.heading).toBe('Could not start the app');
    expect(screen.text).toContain('settings an EHR never sends');
    expect([attacker.hits.length, hijackedEhr.hits.length]).toEqual(before);
    await page.close();
  });

  it('reads a configured issuer’s discovery, but does not go to a sign-in on another server', async () => {
    const page = await browser.context.newPage();
    const before = [attacker.hits.length, hijackedEhr.hits.length];
    const screen = await launchScreen(
      page,
      `iss=${encodeURIComponent(`${hijackedEhr.origin}/fhir`)}&launch=abc`,
    );
    expect(screen.heading).toBe('Could not start the app');
    expect(screen.text).toContain('not configured to trust');
    // The configured EHR was asked (so the listeners do count), the attacker's endpoints never.
    expect(hijackedEhr.hits.length).toBeGreaterThan(before[1] ?? 0);
    expect(attacker.hits.length).toBe(before[0]);
    expect(new URL(page.url()).origin).toBe(locked.url);
    await page.close();
  });
});

function directive(policy: string | null, name: string): string {
  return (policy ?? '').split('; ').find((d) => d.startsWith(`${name} `)) ?? '';
}

describe('security headers at request time', () => {
  it('gives every page its own script nonce, with strict-dynamic and no unsafe-inline, on Next’s own scripts too', async () => {
    const [first, second] = await Promise.all([fetch(`${locked.url}/launch`), fetch(`${locked.url}/launch`)]);
    const scripts = directive(first.headers.get('content-security-policy'), 'script-src');
    expect(scripts).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/);
    expect(scripts).not.toContain('unsafe-inline');
    expect(directive(second.headers.get('content-security-policy'), 'script-src')).not.toBe(scripts);
    const nonce = /'nonce-([^']+)'/.exec(scripts)?.[1] ?? '';
    const html = await first.text();
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(3);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('takes frame-ancestors from FRAME_ANCESTORS as the server was started, not as it was built', async () => {
    const set = await fetch(`${locked.url}/`);
    const unset = await fetch(`${demo.url}/`);
    expect(directive(set.headers.get('content-security-policy'), 'frame-ancestors')).toBe(
      'frame-ancestors https://ehr.example.org',
    );
    expect(directive(unset.headers.get('content-security-policy'), 'frame-ancestors')).toBe(
      "frame-ancestors 'self'",
    );
  });

  it('lets the browser connect only to the app and the configured FHIR server, and sends HSTS', async () => {
    const response = await fetch(`${locked.url}/`);
    expect(directive(response.headers.get('content-security-policy'), 'connect-src')).toBe(
      `connect-src 'self' ${hijackedEhr.origin}`,
    );
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});

describe('the app under its CSP in Chromium', () => {
  it('launches from the sandbox EHR and renders the differential with no CSP violation', async () => {
    const violations: string[] = [];
    const context = browser.context;
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content.Security.Policy|CSP violation/i.test(message.text())) violations.push(message.text());
    });
    await openLauncher(page, demo.url);
    const frame = await launchInChart(page, 'Ada Quillfeather');
    await frame.locator('[data-testid="candidate"]').first().waitFor({ timeout: 30_000 });
    expect((await candidates(frame)).length).toBe(10);
    await settle();
    expect(violations).toEqual([]);
    await page.close();
  });
});
