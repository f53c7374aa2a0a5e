// The shell's full-page states after a sign-in that did not end in a chart. Each says what
// happened and what to do, in plain words: never a stack trace, never PHI. The h1 texts are stable
// test hooks (see the UI contract). Loaded on demand (chart-shell.tsx): a launch that works never
// downloads them. The screens that must show without a download are in screen.tsx.

import type { SignInError } from '@/lib/fhir/sign-in-errors';
import {
  relaunchAfterFixText,
  reopenFromEhrText,
  signInErrorText,
  signInErrorTitle,
  signInStageText,
} from '@/lib/knowledge/sign-in-texts';
import { Screen } from './screen';

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
