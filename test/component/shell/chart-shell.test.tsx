import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChartShellWith, type ShellDependencies } from '@/app/chart/chart-shell';
import {
  classifyArrival,
  classifyReadyError,
  relaunchHref,
  rememberLaunch,
  type SessionState,
} from '@/app/chart/smart-session';
import type { LoadSnapshot } from '@/app/chart/use-chart';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import { SessionExpiredError } from '@/lib/fhir/fhir-http';

beforeEach(() => sessionStorage.clear());
afterEach(cleanup);

const snapshot: ChartSnapshot = {
  patientReference: 'Patient/p1',
  patient: {
    resourceType: 'Patient',
    id: 'p1',
    name: [{ given: ['Maria'], family: 'Santos' }],
    birthDate: '1961-04-02',
    gender: 'female',
  },
  conditions: [],
  observations: [],
  medicationStatements: [],
  medicationRequests: [],
  medicationAdministrations: [],
  medications: [],
  queries: [
    { resourceType: 'Patient', status: 'ok', label: 'Patient (read)' },
    { resourceType: 'MedicationRequest', status: 'ok', label: 'MedicationRequest' },
  ],
  quarantined: [],
};

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function ready(
  load: LoadSnapshot,
  context: Partial<Extract<SessionState, { kind: 'ready' }>['context']> = {},
) {
  return {
    kind: 'ready',
    load,
    context: { patientId: 'p1', showPatientBanner: true, smartStyleUrl: null, intent: null, ...context },
  } satisfies SessionState;
}

function deps(session: SessionState, overrides: Partial<ShellDependencies> = {}): ShellDependencies {
  return {
    startSession: async () => session,
    relaunchHref: () => '/launch?iss=https%3A%2F%2Fehr.example%2Ffhir',
    applyStyle: async () => undefined,
    ...overrides,
  };
}

/** The status screen's h1 (the loading skeleton has its own h1, so wait for this one by name). */
async function expectScreen(title: string) {
  expect(await screen.findByRole('heading', { level: 1, name: title })).toBeTruthy();
  expect(screen.getAllByRole('heading', { level: 1 })).toHaveLength(1);
}

describe('the chart shell', () => {
  it('tells someone who opened the app directly to open it from their EHR', async () => {
    render(<ChartShellWith config={null} deps={deps({ kind: 'not-launched' })} />);
    await expectScreen('Open this app from your EHR');
    expect(screen.getByRole('main').textContent).toContain('/launch');
  });

  it('says access was not granted when the clinician or EHR refused it', async () => {
    render(<ChartShellWith config={null} deps={deps({ kind: 'denied' })} />);
    await expectScreen('Access was not granted');
  });

  it('offers a relaunch when the session is missing or expired', async () => {
    render(<ChartShellWith config={null} deps={deps({ kind: 'session-ended' })} />);
    await expectScreen('Your session has ended');
    expect(screen.getByRole('link', { name: 'Relaunch' }).getAttribute('href')).toBe(
      '/launch?iss=https%3A%2F%2Fehr.example%2Ffhir',
    );
  });

  it('after an EHR launch offers no relaunch link, only the way back through the EHR', async () => {
    render(
      <ChartShellWith config={null} deps={deps({ kind: 'session-ended' }, { relaunchHref: () => null })} />,
    );
    await expectScreen('Your session has ended');
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByTestId('way-back').textContent).toBe(
      'Open the app again from the patient’s chart in your EHR.',
    );
  });

  it('shows the OAuth error code and description with what the administrator should check', async () => {
    const error = {
      code: 'invalid_client',
      description: 'Simulated invalid client_id parameter error',
      stage: 'authorize',
      httpStatus: null,
    } as const;
    render(
      <ChartShellWith
        config={null}
        deps={deps({ kind: 'sign-in-error', error }, { relaunchHref: () => null })}
      />,
    );
    await expectScreen('Sign-in was refused');
    const details = screen.getByTestId('sign-in-error');
    expect(details.dataset.errorCode).toBe('invalid_client');
    expect(details.textContent).toContain('invalid_client');
    expect(screen.getByTestId('sign-in-error-description').textContent).toBe(
      'Simulated invalid client_id parameter error',
    );
    expect(screen.getByRole('main').textContent).toContain('client id configured for this FHIR server');
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByTestId('way-back').textContent).toContain('from the patient’s chart in your EHR');
  });

  it('names the scopes for invalid_scope and the token request for a refused token, and never offers a relaunch that cannot work', async () => {
    const { unmount } = render(
      <ChartShellWith
        config={null}
        deps={deps({
          kind: 'sign-in-error',
          error: { code: 'invalid_scope', description: null, stage: 'authorize', httpStatus: null },
        })}
      />,
    );
    await expectScreen('Sign-in was refused');
    expect(screen.getByRole('main').textContent).toContain('scopes granted');
    // A standalone launch, but the scopes must change first: no link that would fail the same way.
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByTestId('way-back').textContent).toContain('Once the administrator has fixed it');
    unmount();
    render(
      <ChartShellWith
        config={null}
        deps={deps({
          kind: 'sign-in-error',
          error: { code: 'temporarily_unavailable', description: null, stage: 'token', httpStatus: 503 },
        })}
      />,
    );
    await expectScreen('Sign-in was refused');
    expect(screen.getByTestId('sign-in-error').textContent).toContain('token request (HTTP 503)');
    expect(screen.getByRole('link', { name: 'Launch again' }).getAttribute('href')).toBe(
      '/launch?iss=https%3A%2F%2Fehr.example%2Ffhir',
    );
  });

  it('explains a token that came without a patient', async () => {
    render(<ChartShellWith config={null} deps={deps({ kind: 'no-patient' })} />);
    await expectScreen('No patient selected');
  });

  it('offers to launch again when the sign-in itself could not be completed', async () => {
    render(<ChartShellWith config={null} deps={deps({ kind: 'failed', detail: 'token request refused' })} />);
    await expectScreen('Could not load the chart');
    expect(screen.getByRole('link', { name: 'Launch again' }).getAttribute('href')).toBe(
      '/launch?iss=https%3A%2F%2Fehr.example%2Ffhir',
    );
    expect(screen.getByRole('main').textContent).not.toContain('token request refused');
  });

  it('shows the skeleton while the chart loads, then the chart with the patient banner', async () => {
    const loading = deferred<ChartSnapshot>();
    const load = vi.fn<LoadSnapshot>(() => loading.promise);
    render(<ChartShellWith config={null} deps={deps(ready(load))} />);
    expect(await screen.findByTestId('chart-skeleton')).toBeTruthy();
    expect(load).toHaveBeenCalledWith('p1', expect.any(AbortSignal));
    await act(async () => loading.resolve(snapshot));
    expect((await screen.findByRole('region', { name: 'Patient' })).textContent).toContain('Maria Santos');
    expect(screen.queryByTestId('chart-skeleton')).toBeNull();
  });

  it('leaves the banner to the EHR when need_patient_banner is false, and passes the intent on', async () => {
    render(
      <ChartShellWith
        config={null}
        deps={deps(ready(async () => snapshot, { showPatientBanner: false, intent: 'summary' }))}
      />,
    );
    await screen.findByRole('region', { name: 'Differential' });
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
    expect(screen.getByRole('main').dataset.intent).toBe('summary');
  });

  it('applies the EHR style without waiting for it to render the chart', async () => {
    const style = deferred<void>();
    const applyStyle = vi.fn(() => style.promise);
    render(
      <ChartShellWith
        config={null}
        deps={deps(
          ready(async () => snapshot, { smartStyleUrl: 'https://ehr.example/style.json' }),
          { applyStyle },
        )}
      />,
    );
    await screen.findByRole('region', { name: 'Patient' });
    expect(applyStyle).toHaveBeenCalledWith('https://ehr.example/style.json', expect.any(AbortSignal));
  });

  it('asks for a relaunch when the token expired and could not be refreshed, and forgets the session', async () => {
    sessionStorage.setItem('SMART_KEY', '"k1"');
    sessionStorage.setItem(
      'k1',
      JSON.stringify({ serverUrl: 'https://ehr.example/fhir', tokenResponse: { access_token: 'at' } }),
    );
    sessionStorage.setItem('leg-differential:bedside-findings:Patient/p1', '{"urge-to-move":"yes"}');
    render(
      <ChartShellWith
        config={null}
        deps={deps(
          ready(async () => {
            throw new SessionExpiredError();
          }),
        )}
      />,
    );
    await expectScreen('Your session has ended');
    expect(sessionStorage.length).toBe(0);
  });

  it('offers a retry when the chart could not be loaded, and loads it on retry', async () => {
    const load = vi
      .fn<LoadSnapshot>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(snapshot);
    render(<ChartShellWith config={null} deps={deps(ready(load))} />);
    await expectScreen('Could not load the chart');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByRole('region', { name: 'Patient' })).textContent).toContain('Maria Santos');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('cancels the chart requests when the view goes away', async () => {
    let signal: AbortSignal | undefined;
    const load = vi.fn<LoadSnapshot>((_id, s) => {
      signal = s;
      return new Promise<ChartSnapshot>(() => undefined);
    });
    const { unmount } = render(<ChartShellWith config={null} deps={deps(ready(load))} />);
    await screen.findByTestId('chart-skeleton');
    await vi.waitFor(() => expect(signal).toBeDefined());
    unmount();
    await vi.waitFor(() => expect(signal?.aborted).toBe(true));
  });
});

describe('arriving on the redirect page', () => {
  const none = { getItem: () => null };

  it('reads error=access_denied on the redirect as access not granted', () => {
    expect(classifyArrival(new URL('https://app.example/?error=access_denied&state=s'), none)).toEqual({
      kind: 'denied',
    });
  });

  it('reads any other error on the redirect as a refused sign-in, with its code and description', () => {
    const url = new URL(
      'https://app.example/?error=invalid_scope&error_description=Simulated+invalid+scope+error&state=s',
    );
    expect(classifyArrival(url, none)).toEqual({
      kind: 'sign-in-error',
      error: {
        code: 'invalid_scope',
        description: 'Simulated invalid scope error',
        stage: 'authorize',
        httpStatus: null,
      },
    });
  });

  it("reads a token endpoint's refusal in fhirclient's error as a refused sign-in at the token step", () => {
    const error = Object.assign(
      new Error(
        '401 Unauthorized\nURL: https://launcher.example/v/r4/auth/token\ninvalid_client: Simulated invalid client error',
      ),
      { name: 'HttpError', status: 401 },
    );
    expect(classifyReadyError(error)).toEqual({
      kind: 'sign-in-error',
      error: {
        code: 'invalid_client',
        description: 'Simulated invalid client error',
        stage: 'token',
        httpStatus: 401,
      },
    });
  });

  it('remembers the kind of launch: a relaunch link after a standalone launch, none after an EHR launch', () => {
    expect(relaunchHref()).toBeNull();
    rememberLaunch('https://ehr.example/fhir', 'ehr');
    expect(relaunchHref()).toBeNull();
    rememberLaunch('https://ehr.example/fhir', 'standalone');
    expect(relaunchHref()).toBe('/launch?iss=https%3A%2F%2Fehr.example%2Ffhir');
  });

  it('treats a visit with no code, no state and no stored session as not launched', () => {
    expect(classifyArrival(new URL('https://app.example/'), none)).toEqual({ kind: 'not-launched' });
    expect(classifyArrival(new URL('https://app.example/'), { getItem: () => '"k"' })).toBeNull();
    expect(classifyArrival(new URL('https://app.example/?code=c&state=s'), none)).toBeNull();
  });

  it("reads fhirclient's missing-state errors as an ended session", () => {
    expect(classifyReadyError(new Error('No state found! Please (re)launch the app.'))).toEqual({
      kind: 'session-ended',
    });
    expect(classifyReadyError(new Error("No 'state' parameter found. Please (re)launch the app."))).toEqual({
      kind: 'session-ended',
    });
    expect(classifyReadyError(new Error('Failed to obtain access token.'))).toEqual({
      kind: 'failed',
      detail: 'the sign-in could not be completed',
    });
  });
});
