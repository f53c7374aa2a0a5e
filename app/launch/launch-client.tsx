'use client';

import type { fhirclient } from 'fhirclient/lib/types';
import { useEffect, useState } from 'react';
import { endSession } from '@/app/chart/end-session';
import { rememberLaunch } from '@/app/chart/smart-session';
import { NotLaunchedScreen } from '@/app/chart/status-screens';
import { checkSignIn, fhirclientSettings, planLaunch } from '@/lib/fhir/authorize-params';
import type { LaunchConfig } from '@/lib/fhir/launch-config';
import {
  ConnectingScreen,
  LaunchFailedScreen,
  type LaunchProblem,
  NotConfiguredScreen,
} from './launch-screens';

type LaunchState =
  | { kind: 'starting' }
  | { kind: 'not-launched' }
  | { kind: 'not-configured' }
  | { kind: 'failed'; problem: LaunchProblem; detail?: string };

// React may run the effect twice (strict mode): start the redirect once per page.
let launching: Promise<LaunchState> | null = null;

async function startLaunch(config: LaunchConfig | null): Promise<LaunchState> {
  if (!config) return { kind: 'failed', problem: 'misconfigured' };
  if (!window.isSecureContext) return { kind: 'failed', problem: 'insecure-context' };
  const url = new URL(window.location.href);
  const plan = planLaunch(
    config,
    {
      iss: url.searchParams.get('iss'),
      launch: url.searchParams.get('launch'),
      searchParams: url.searchParams,
    },
    url.origin,
  );
  // Refusals come before fhirclient is even loaded: an unlisted server is never contacted.
  if (!plan.ok) {
    if (plan.reason === 'no-server') return { kind: 'not-launched' };
    if (plan.reason === 'not-configured') return { kind: 'not-configured' };
    return { kind: 'failed', problem: plan.reason };
  }
  // A new launch: nothing of an earlier session (tokens, another patient's findings) carries over.
  endSession();
  // fhirclient's browser entry touches `window` when imported: load it here, in the browser only.
  const FHIR = (await import('fhirclient')).default;
  Object.assign(FHIR.oauth2.settings, fhirclientSettings(plan.fullSessionStorageSupport));
  try {
    rememberLaunch(plan.iss, plan.kind);
    // noRedirect: fhirclient discovers the endpoints and returns the authorize URL; we check it first.
    const authorize = FHIR.oauth2.authorize as (options: fhirclient.AuthorizeParams) => Promise<unknown>;
    const redirect = await authorize(plan.params);
    const signIn = checkSignIn(redirect, plan, sessionStorage);
    if (!signIn.ok) {
      endSession();
      return { kind: 'failed', problem: signIn.reason };
    }
    window.location.assign(signIn.authorizeUrl);
    return { kind: 'starting' };
  } catch (error) {
    // fhirclient's messages name the server's URLs, not the patient: safe to show.
    return {
      kind: 'failed',
      problem: 'authorization-failed',
      detail: error instanceof Error ? error.message.slice(0, 300) : undefined,
    };
  }
}

export function LaunchClient({ config }: { config: LaunchConfig | null }) {
  const [state, setState] = useState<LaunchState>({ kind: 'starting' });
  useEffect(() => {
    let live = true;
    launching ??= startLaunch(config);
    launching.then((next) => {
      if (live) setState(next);
    });
    return () => {
      live = false;
    };
  }, [config]);
  if (state.kind === 'not-launched') return <NotLaunchedScreen />;
  if (state.kind === 'not-configured') return <NotConfiguredScreen />;
  if (state.kind === 'failed') return <LaunchFailedScreen problem={state.problem} detail={state.detail} />;
  return <ConnectingScreen />;
}
