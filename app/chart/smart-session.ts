import type Client from 'fhirclient/lib/Client';
import { fhirclientSettings, sessionStorageSupportForReady } from '@/lib/fhir/authorize-params';
import { transportFromClient } from '@/lib/fhir/fhirclient-transport';
import type { LaunchConfig } from '@/lib/fhir/launch-config';
import { type LaunchContext, launchContextFrom } from '@/lib/fhir/launch-context';
import { loadChart } from '@/lib/fhir/load-chart';
import { endSession, smartKey } from './end-session';
import type { LoadSnapshot } from './use-chart';

// Completes the SMART launch on the redirect page (FHIR.oauth2.ready) and classifies every way it
// can end, so the shell shows a clear screen instead of an error.

export type SessionState =
  | { kind: 'not-launched' }
  | { kind: 'denied' }
  | { kind: 'session-ended' }
  | { kind: 'no-patient' }
  | { kind: 'failed'; detail: string }
  | { kind: 'ready'; load: LoadSnapshot; context: LaunchContext & { patientId: string } };

/** The FHIR base of the last launch (not PHI), for the relaunch link. */
const lastServerKey = 'leg-symptom-differential:iss';

export function rememberServer(iss: string) {
  try {
    sessionStorage.setItem(lastServerKey, iss);
  } catch {
    // Storage refused (privacy mode): relaunch falls back to the EHR.
  }
}

export function relaunchHref(): string {
  let iss: string | null = null;
  try {
    iss = sessionStorage.getItem(lastServerKey);
  } catch {
    iss = null;
  }
  return iss ? `/launch?${new URLSearchParams({ iss }).toString()}` : '/launch';
}

/** What the redirect page's URL and storage say before fhirclient runs. */
export function classifyArrival(url: URL, storage: Pick<Storage, 'getItem'>): SessionState | null {
  const error = url.searchParams.get('error');
  if (error === 'access_denied') return { kind: 'denied' };
  if (error) return { kind: 'failed', detail: `the EHR answered "${error.slice(0, 60)}"` };
  const hasLaunch =
    url.searchParams.has('code') || url.searchParams.has('state') || storage.getItem(smartKey);
  return hasLaunch ? null : { kind: 'not-launched' };
}

export function classifyReadyError(error: unknown): SessionState {
  const message = error instanceof Error ? error.message : '';
  // fhirclient: "No 'state' parameter found…" / "No state found! Please (re)launch the app."
  if (/no 'state' parameter|no state found/i.test(message)) return { kind: 'session-ended' };
  if (/access_denied/.test(message)) return { kind: 'denied' };
  if (/invalid_grant/.test(message)) return { kind: 'session-ended' };
  return { kind: 'failed', detail: 'the sign-in could not be completed' };
}

let readying: Promise<SessionState> | null = null;

/** Whatever else happens, a session that did not become ready leaves no tokens or findings behind. */
async function completeLaunch(config: LaunchConfig): Promise<SessionState> {
  const state = await readyOrEnded(config);
  if (state.kind !== 'ready') endSession();
  return state;
}

async function readyOrEnded(config: LaunchConfig): Promise<SessionState> {
  const url = new URL(window.location.href);
  const early = classifyArrival(url, sessionStorage);
  if (early) return early;
  const FHIR = (await import('fhirclient')).default;
  Object.assign(
    FHIR.oauth2.settings,
    fhirclientSettings(sessionStorageSupportForReady(config, url, sessionStorage)),
  );
  let client: Client;
  try {
    client = await FHIR.oauth2.ready();
  } catch (error) {
    return classifyReadyError(error);
  }
  rememberServer(String(client.state.serverUrl));
  const context = launchContextFrom(client.state.tokenResponse);
  if (!context.patientId) return { kind: 'no-patient' };
  const transport = transportFromClient(client);
  return {
    kind: 'ready',
    load: (patientId, signal) => loadChart(transport, { patientId, signal }),
    context: { ...context, patientId: context.patientId },
  };
}

/** One ready() per page load: the code can be exchanged only once (strict mode runs effects twice). */
export function startSession(config: LaunchConfig): Promise<SessionState> {
  readying ??= completeLaunch(config);
  return readying;
}
