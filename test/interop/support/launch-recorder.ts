import type { ConsoleMessage, Page, Request } from 'playwright-core';
import { countWaves } from '../../../bench/launch-timing';

// What one SMART launch did on the wire, as Chromium saw it: the authorize request's PKCE
// parameters, whether the token request carried a code_verifier, and the FHIR data requests the
// app sent after the token (how many, in how many sequential waves), plus the time from
// navigation to the first candidate on screen.

export interface LaunchFigures {
  /** Navigation to the first candidate on screen, in ms (taken in the page, not by polling). */
  msToDifferential: number;
  /** FHIR requests the app issued with the token (metadata and data). */
  dataRequests: number;
  /** From the first data request issued to the last answer received, in ms (the FHIR server's share). */
  msDataRequests: number;
  /** Sequential waves of those requests, by when the page issued them (goal: 1). */
  waves: number;
  /** The same on the wire (Chromium queues more than 6 HTTP/1.1 requests per host). */
  wireWaves: number;
  codeChallengeMethod: string | null;
  codeChallengeSent: boolean;
  codeVerifierSent: boolean;
}

interface Timed {
  start: number;
  end: number;
  issued: number;
}

/** The console message the page sends when the first candidate is on screen. */
const shownMessage = 'legs-interop: differential on screen';

// A string, not a function: esbuild's helpers would be missing in the page (see bench/launch-timing.ts).
// The page's own clocks are pinned (page.clock fixes the report's `now`, and performance with it),
// so the page only says when; the time is taken here, as the console message arrives.
const markDifferential = `
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid="candidate"]')) {
      observer.disconnect();
      console.debug(${JSON.stringify(shownMessage)});
    }
  }).observe(document, { childList: true, subtree: true });
`;

export async function installDifferentialMark(page: Page): Promise<void> {
  await page.addInitScript(markDifferential);
}

export class LaunchRecorder {
  private authorize: URL | null = null;
  private tokenBody: string | null = null;
  private tokenAt = Number.POSITIVE_INFINITY;
  private fhir: Timed[] = [];
  private startedAt = 0;
  private shownAt: number | null = null;
  private readonly onFinished = (request: Request) => this.record(request);
  private readonly onConsole = (message: ConsoleMessage) => {
    if (message.text() === shownMessage) this.shownAt ??= performance.now();
  };

  constructor(
    private readonly page: Page,
    private readonly launcherOrigin: string,
  ) {}

  start(): void {
    this.authorize = null;
    this.tokenBody = null;
    this.tokenAt = Number.POSITIVE_INFINITY;
    this.fhir = [];
    this.shownAt = null;
    this.page.on('requestfinished', this.onFinished);
    this.page.on('console', this.onConsole);
    this.startedAt = performance.now();
  }

  private record(request: Request): void {
    const url = new URL(request.url());
    if (url.origin !== this.launcherOrigin) return;
    const timing = request.timing();
    const start = timing.startTime + Math.max(timing.requestStart, 0);
    const end = timing.startTime + timing.responseEnd;
    if (url.pathname.endsWith('/auth/authorize')) this.authorize ??= url;
    else if (url.pathname.endsWith('/auth/token') && request.method() === 'POST') {
      this.tokenBody = request.postData();
      this.tokenAt = Math.min(this.tokenAt, end);
    } else if (url.pathname.includes('/fhir/') && !url.pathname.includes('/.well-known/')) {
      this.fhir.push({ start, end, issued: timing.startTime });
    }
  }

  /** Stops recording, once the first candidate is on screen. */
  async finish(): Promise<LaunchFigures> {
    // Chromium's events may trail the DOM change Playwright saw (on a loaded machine, by seconds):
    // wait for the console message, the token request, and the data requests to stop arriving.
    const settled = () => this.shownAt !== null && Number.isFinite(this.tokenAt);
    let count = this.fhir.length;
    let quietRounds = 0;
    for (let i = 0; i < 100 && !(settled() && quietRounds >= 3); i++) {
      await new Promise((r) => setTimeout(r, 100));
      quietRounds = this.fhir.length === count ? quietRounds + 1 : 0;
      count = this.fhir.length;
    }
    this.page.off('requestfinished', this.onFinished);
    this.page.off('console', this.onConsole);
    if (this.shownAt === null) throw new Error('the page did not say when the differential appeared');
    // Before the token fhirclient asks only for .well-known/smart-configuration (not counted), so
    // every other FHIR request of the launch is the app's. (Chromium's timing of the token response
    // end can trail the first data requests, so it does not mark where they start.)
    const afterToken = this.fhir;
    const body = new URLSearchParams(this.tokenBody ?? '');
    return {
      msToDifferential: Math.round(this.shownAt - this.startedAt),
      dataRequests: afterToken.length,
      msDataRequests:
        afterToken.length === 0
          ? 0
          : Math.round(
              Math.max(...afterToken.map((r) => r.end)) - Math.min(...afterToken.map((r) => r.issued)),
            ),
      waves: countWaves(afterToken.map((r) => ({ start: r.issued, end: r.end }))),
      wireWaves: countWaves(afterToken),
      codeChallengeMethod: this.authorize?.searchParams.get('code_challenge_method') ?? null,
      codeChallengeSent: Boolean(this.authorize?.searchParams.get('code_challenge')),
      codeVerifierSent: Boolean(body.get('code_verifier')),
    };
  }
}
