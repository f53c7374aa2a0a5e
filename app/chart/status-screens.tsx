// The shell's full-page states. Each says what happened and what to do, in plain words: never a
// stack trace, never PHI. The h1 texts are stable test hooks (see the UI contract).

import type { ReactNode } from 'react';
import type { SignInError } from '@/lib/fhir/sign-in-errors';
import {
  relaunchAfterFixText,
  reopenFromEhrText,
  signInErrorText,
  signInErrorTitle,
  signInStageText,
} from '@/lib/knowledge/sign-in-texts';

function Screen({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="status-screen">
      <h1>{title}</h1>
      {children}
    </main>
  );
}

export function NotLaunchedScreen() {
  return (
    <Screen title="Open this app from your EHR">
      <p>
        Leg symptom differential opens inside a patient&apos;s chart. Launch it from your EHR (Epic, Oracle
        Health) or from a SMART launcher; it then reads that patient&apos;s conditions, medications and labs
        and shows a differential for leg spasms with medication and iron flags.
      </p>
      <p>
        Administrators: register the launch URL <code>/launch</code> with your EHR. See the README for client
        ids and scopes.
      </p>
    </Screen>
  );
}

/**
 * The way back to the chart: a relaunch link only where one can work (after a standalone launch);
 * after an EHR launch, only the EHR can start the app again.
 */
function WayBack({ relaunchHref, label }: { relaunchHref: string | null; label: string }) {
  if (!relaunchHref) return <p data-testid="way-back">{reopenFromEhrText}</p>;
  return (
    <p data-testid="way-back">
      <a className="button" href={relaunchHref}>
        {label}
      </a>
    </p>
  );
}

export function SessionEndedScreen({ relaunchHref }: { relaunchHref: string | null }) {
  return (
    <Screen title="Your session has ended">
      <p>
        The connection to the patient&apos;s chart expired or was closed. Nothing you entered was sent
        anywhere.
      </p>
      <WayBack relaunchHref={relaunchHref} label="Relaunch" />
    </Screen>
  );
}

export function AccessDeniedScreen({ relaunchHref }: { relaunchHref: string | null }) {
  return (
    <Screen title="Access was not granted">
      <p>
        The app was not allowed to read this patient&apos;s chart, so it shows nothing. If this was a mistake,
        launch it again and approve access, or ask your EHR administrator which permissions the app has.
      </p>
      <WayBack relaunchHref={relaunchHref} label="Launch again" />
    </Screen>
  );
}

export function NoPatientScreen({ relaunchHref }: { relaunchHref: string | null }) {
  return (
    <Screen title="No patient selected">
      <p>
        The EHR connected the app without a patient, so there is no chart to read. Open the app from a
        patient&apos;s chart, or relaunch it and pick a patient.
      </p>
      <WayBack relaunchHref={relaunchHref} label="Relaunch" />
    </Screen>
  );
}

/** The authorization server refused: its code and description, what to check, and the way back. */
export function SignInErrorScreen({
  error,
  relaunchHref,
}: {
  error: SignInError;
  relaunchHref: string | null;
}) {
  const text = signInErrorText(error);
  return (
    <Screen title={signInErrorTitle}>
      <p>{text.summary}</p>
      <dl className="sign-in-error" data-testid="sign-in-error" data-error-code={error.code}>
        <dt>Error code</dt>
        <dd>
          <code>{error.code}</code>
        </dd>
        {error.description ? (
          <>
            <dt>Description</dt>
            <dd data-testid="sign-in-error-description">{error.description}</dd>
          </>
        ) : null}
        <dt>Refused at</dt>
        <dd>{signInStageText(error)}</dd>
      </dl>
      <p>
        <strong>For your administrator:</strong> {text.adminCheck}
      </p>
      {relaunchHref && !text.retryable ? (
        <p data-testid="way-back">{relaunchAfterFixText}</p>
      ) : (
        <WayBack relaunchHref={relaunchHref} label="Launch again" />
      )}
    </Screen>
  );
}

/** The sign-in ended without an answer the app can name (no OAuth error code). */
export function SignInFailedScreen({ relaunchHref }: { relaunchHref: string | null }) {
  return (
    <Screen title="Could not load the chart">
      <p>The sign-in with the EHR could not be completed, so the chart was not read.</p>
      <WayBack relaunchHref={relaunchHref} label="Launch again" />
    </Screen>
  );
}

export function LoadFailedScreen({ onRetry }: { onRetry: () => void }) {
  return (
    <Screen title="Could not load the chart">
      <p>The EHR did not answer as expected. Your session is still open: try again in a moment.</p>
      <p>
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      </p>
    </Screen>
  );
}

export type LaunchProblem =
  | 'insecure-context'
  | 'insecure-server'
  | 'unsafe-launch-url'
  | 'no-authorization'
  | 'untrusted-endpoint'
  | 'misconfigured'
  | 'authorization-failed';

const launchProblemText: Record<LaunchProblem, string> = {
  'insecure-context':
    'The app must be opened over https (or on this computer). Ask your administrator to fix its address.',
  'insecure-server': 'The EHR’s FHIR server address is not https, so the app will not send it a sign-in.',
  'unsafe-launch-url':
    'The launch link carries settings an EHR never sends (a client id, a FHIR server to use without sign-in, ' +
    'or a patient). The app was not started. Open it again from the patient’s chart.',
  'no-authorization':
    'The EHR offers no sign-in for this app, so the app will not read its data. Ask your administrator.',
  'untrusted-endpoint':
    'The EHR’s sign-in is on a server the app is not configured to trust, so the app did not go there. ' +
    'Ask your administrator to check authServers in SMART_SERVERS.',
  misconfigured: 'The app’s SMART configuration is invalid. Ask your administrator to check the server log.',
  'authorization-failed':
    'The EHR’s sign-in could not be started (its SMART configuration could not be read or does not support PKCE).',
};

export function LaunchFailedScreen({ problem, detail }: { problem: LaunchProblem; detail?: string }) {
  return (
    <Screen title="Could not start the app">
      <p>{launchProblemText[problem]}</p>
      {detail ? (
        <p>
          <small>Details: {detail}</small>
        </p>
      ) : null}
    </Screen>
  );
}

/** An iss no configuration lists: the app contacts nothing and says who can fix it. */
export function NotConfiguredScreen() {
  return (
    <Screen title="This EHR is not configured for the app">
      <p>
        The app was opened from an EHR or FHIR server it has not been set up for, so it did not contact that
        server and read nothing.
      </p>
      <p>
        Administrators: add the server to <code>SMART_SERVERS</code> with the client id it issued for this
        app.
      </p>
    </Screen>
  );
}

export function ConnectingScreen() {
  return (
    <Screen title="Connecting to your EHR">
      <p role="status">Signing in to the patient&apos;s chart…</p>
    </Screen>
  );
}
