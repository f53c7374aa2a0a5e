import type Client from 'fhirclient/lib/Client';
import { fhirclientSettings, sessionStorageSupportForReady } from '@/lib/fhir/authorize-params';
import { transportFromClient } from '@/lib/fhir/fhirclient-transport';
import { isRecord } from '@/lib/fhir/json-record';
import type { LaunchConfig } from '@/lib/fhir/launch-config';
import { type LaunchContext, launchContextFrom } from '@/lib/fhir/launch-context';
import { loadChart } from '@/lib/fhir/load-chart';
import {
  type SignInError,
  signInErrorFromRedirect,
  signInErrorFromTokenFailure,
} from '@/lib/fhir/sign-in-errors';
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
  /** The authorization server refused: its OAuth error code and description (no PHI). */
  | { kind: 'sign-in-error'; error: SignInError }
  | { kind: 'ready'; load: LoadSnapshot; context: LaunchContext & { patientId: string } };

/** The FHIR base and kind of the last launch (not PHI), for the way back after an error. */
const lastLaunchKey = 'leg-symptom-differential:launch';

export type LaunchKind = 'ehr' | 'standalone';

export function rememberLaunch(iss: string, kind: LaunchKind) {
  try {
    sessionStorage.setItem(lastLaunchKey, JSON.stringify({ iss, kind }));
  } catch {
    // Storage refused (privacy mode): the way back is the EHR.
  }
}

/**
 * Where a relaunch can go, or null when only the EHR can start the app again. An EHR launch needs
 * the EHR's `launch` code, which only a new launch from the chart brings: a standalone launch
 * against the EHR's base would be refused (the SMART launcher does), and end on the same screen.
 */
export function relaunchHref(): string | null {
  let stored: unknown;
  try {
    stored = JSON.parse(sessionStorage.getItem(lastLaunchKey) ?? 'null');
  } catch {
    stored = null;
  }
  if (!isRecord(stored)) return null;
  const { iss, kind } = stored;
  if (kind !== 'standalone' || typeof iss !== 'string' || !iss) return null;
  return `/launch?${new URLSearchParams({ iss }).toString()}`;
}

/** Logs the refusal for whoever supports the EHR connection: codes and descriptions name no patient. */
function logSignInError(error: SignInError) {
  console.warn(
    `SMART sign-in refused at the ${error.stage} step: ${error.code}${error.description ? `: ${error.description}` : ''}`,
  );
}

/** What the redirect page's URL and storage say before fhirclient runs. */
export function classifyArrival(url: URL, storage: Pick<Storage, 'getItem'>): SessionState | null {
  const error = signInErrorFromRedirect(url.searchParams);
  if (error?.code === 'access_denied') return { kind: 'denied' };
  if (error) return { kind: 'sign-in-error', error };
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
  const refused = signInErrorFromTokenFailure(error);
  if (refused) return { kind: 'sign-in-error', error: refused };
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
  if (early?.kind === 'sign-in-error') logSignInError(early.error);
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
    const state = classifyReadyError(error);
    if (state.kind === 'sign-in-error') logSignInError(state.error);
    return state;
  }
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
