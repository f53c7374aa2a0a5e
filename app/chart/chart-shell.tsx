'use client';

import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { SWRConfig } from 'swr';
import { ChartSkeleton } from '@/app/components/chart-skeleton';
import { ChartView } from '@/app/components/chart-view';
import { useFetchedOnMount } from '@/app/components/on-demand';
import { statusScreensModule } from '@/app/components/on-demand-modules';
import { SessionExpiredError } from '@/lib/fhir/fhir-http';
import type { LaunchConfig } from '@/lib/fhir/launch-config';
import { fetchSmartStyle } from '@/lib/fhir/smart-style';
import { endSession } from './end-session';
import { LoadFailedScreen, ScreenUnavailable } from './screen';
import { relaunchHref, type SessionState, startSession } from './smart-session';
import { type LoadSnapshot, useChart } from './use-chart';

export interface ShellDependencies {
  startSession: (config: LaunchConfig) => Promise<SessionState>;
  /** A relaunch that can work, or null when only the EHR can start the app again. */
  relaunchHref: () => string | null;
  applyStyle: (styleUrl: string, signal: AbortSignal) => Promise<void>;
}

/** Sets the EHR's colours and fonts as CSS variables; the app's own defaults stay on any failure. */
async function applySmartStyle(styleUrl: string, signal: AbortSignal) {
  const result = await fetchSmartStyle(styleUrl, { signal });
  if (!result.ok || signal.aborted) return;
  for (const [name, value] of Object.entries(result.variables)) {
    document.documentElement.style.setProperty(name, value);
  }
}

export const appDependencies: ShellDependencies = {
  startSession,
  relaunchHref,
  applyStyle: applySmartStyle,
};

// The screens of a sign-in that did not end in a chart: a launch that works never downloads them.
type StatusScreens = typeof import('./status-screens');

/** One of the status screens, drawn once its code has arrived (the skeleton until then). */
function StatusScreen({
  render,
  relaunchHref = null,
}: {
  render: (screens: StatusScreens) => ReactNode;
  /** The way back the screen itself would offer, kept if its code cannot be fetched. */
  relaunchHref?: string | null;
}) {
  const arrival = useFetchedOnMount(statusScreensModule);
  if (arrival.state === 'ready') return render(arrival.module);
  if (arrival.state === 'failed') {
    return (
      <ScreenUnavailable
        relaunchHref={relaunchHref}
        onRetry={() => void statusScreensModule.load().catch(() => undefined)}
      />
    );
  }
  return (
    <main className="chart-shell">
      <ChartSkeleton />
    </main>
  );
}

function isAbort(error: unknown) {
  return error instanceof DOMException && error.name === 'AbortError';
}

function ChartLoader({
  patientId,
  load,
  showPatientBanner,
  intent,
  relaunch,
}: {
  patientId: string;
  load: LoadSnapshot;
  showPatientBanner: boolean;
  intent: string | null;
  relaunch: string | null;
}) {
  const { data, error, isValidating, mutate } = useChart(patientId, load);
  const onRelaunch = useCallback(() => {
    if (relaunch) window.location.assign(relaunch);
  }, [relaunch]);
  const expired = error instanceof SessionExpiredError;
  useEffect(() => {
    if (expired) endSession();
  }, [expired]);
  if (expired)
    return (
      <StatusScreen
        relaunchHref={relaunch}
        render={(s) => <s.SessionEndedScreen relaunchHref={relaunch} />}
      />
    );
  if (error && !isValidating && !isAbort(error)) return <LoadFailedScreen onRetry={() => void mutate()} />;
  if (!data) {
    return (
      <main className="chart-shell">
        <ChartSkeleton />
      </main>
    );
  }
  return (
    <main className="chart-shell" data-intent={intent ?? undefined}>
      <ChartView
        snapshot={data}
        showPatientBanner={showPatientBanner}
        onRelaunch={relaunch ? onRelaunch : undefined}
      />
    </main>
  );
}

export function ChartShellWith({ config, deps }: { config: LaunchConfig | null; deps: ShellDependencies }) {
  const [session, setSession] = useState<SessionState | { kind: 'starting' }>({ kind: 'starting' });
  const [relaunch, setRelaunch] = useState<string | null>(null);
  // This launch's own cache: a chart never outlives its session or leaks into another mount.
  const [swrConfig] = useState(() => ({ provider: () => new Map() }));

  useEffect(() => {
    let live = true;
    deps
      .startSession(config ?? { servers: [] })
      .catch((): SessionState => ({ kind: 'failed', detail: 'the sign-in could not be completed' }))
      .then((next) => {
        if (!live) return;
        setRelaunch(deps.relaunchHref());
        setSession(next);
      });
    return () => {
      live = false;
    };
  }, [config, deps]);

  const styleUrl = session.kind === 'ready' ? session.context.smartStyleUrl : null;
  useEffect(() => {
    if (!styleUrl) return;
    const controller = new AbortController();
    // Never blocks the chart: the style arrives when it arrives.
    deps.applyStyle(styleUrl, controller.signal).catch(() => undefined);
    return () => controller.abort();
  }, [styleUrl, deps]);

  switch (session.kind) {
    case 'not-launched':
      return <StatusScreen render={(s) => <s.NotLaunchedScreen />} />;
    case 'denied':
      return (
        <StatusScreen
          relaunchHref={relaunch}
          render={(s) => <s.AccessDeniedScreen relaunchHref={relaunch} />}
        />
      );
    case 'session-ended':
      return (
        <StatusScreen
          relaunchHref={relaunch}
          render={(s) => <s.SessionEndedScreen relaunchHref={relaunch} />}
        />
      );
    case 'no-patient':
      return (
        <StatusScreen relaunchHref={relaunch} render={(s) => <s.NoPatientScreen relaunchHref={relaunch} />} />
      );
    case 'failed':
      return (
        <StatusScreen
          relaunchHref={relaunch}
          render={(s) => <s.SignInFailedScreen relaunchHref={relaunch} />}
        />
      );
    case 'sign-in-error':
      return (
        <StatusScreen
          relaunchHref={relaunch}
          render={(s) => <s.SignInErrorScreen error={session.error} relaunchHref={relaunch} />}
        />
      );
    case 'starting':
      return (
        <main className="chart-shell">
          <ChartSkeleton />
        </main>
      );
    case 'ready':
      return (
        <SWRConfig value={swrConfig}>
          <ChartLoader
            patientId={session.context.patientId}
            load={session.load}
            showPatientBanner={session.context.showPatientBanner}
            intent={session.context.intent}
            relaunch={relaunch}
          />
        </SWRConfig>
      );
  }
}

export function ChartShell({ config }: { config: LaunchConfig | null }) {
  return <ChartShellWith config={config} deps={appDependencies} />;
}
