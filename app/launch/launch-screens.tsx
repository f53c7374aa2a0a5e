// The launch page's screens (/launch): what stopped the sign-in from starting, and the wait while
// the browser goes to the EHR's sign-in.

import { Screen } from '@/app/chart/screen';

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
