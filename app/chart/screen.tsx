import type { ReactNode } from 'react';
import { screenFallbackTexts } from '@/lib/knowledge/screen-fallback-texts';

// The full-page frame of every status screen, and the screens that must show even when nothing
// more can be downloaded: a chart that failed to load (the network may be what failed) and the
// stand-in for an on-demand screen whose code could not be fetched.

export function Screen({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="status-screen">
      <h1>{title}</h1>
      {children}
    </main>
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

/** An on-demand screen's code could not be fetched: the one thing still true, and the ways out. */
export function ScreenUnavailable({
  onRetry,
  relaunchHref,
}: {
  onRetry: () => void;
  relaunchHref: string | null;
}) {
  return (
    <Screen title={screenFallbackTexts.title}>
      <p>{screenFallbackTexts.body}</p>
      <p>
        <button type="button" onClick={onRetry}>
          {screenFallbackTexts.retry}
        </button>{' '}
        {relaunchHref ? (
          <a className="button button-secondary" href={relaunchHref}>
            {screenFallbackTexts.relaunch}
          </a>
        ) : null}
      </p>
    </Screen>
  );
}
