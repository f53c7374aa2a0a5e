'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';

// Code a clinician may never need at launch (the pictures below the differential, the source
// panel, the sign-in screens) arrives in its own chunk when first wanted, so the launch downloads
// only what the first screen shows. Once a module has arrived it renders synchronously.

export type Arrival<T> = { state: 'idle' | 'loading' } | { state: 'ready'; module: T } | { state: 'failed' };

export interface OnDemand<T> {
  /** Starts the download once; resolves with the module, rejects when it could not be fetched. */
  load(): Promise<T>;
  current(): Arrival<T>;
  subscribe(listener: () => void): () => void;
}

export function onDemand<T>(importer: () => Promise<T>): OnDemand<T> {
  let arrival: Arrival<T> = { state: 'idle' };
  let pending: Promise<T> | null = null;
  const listeners = new Set<() => void>();
  const set = (next: Arrival<T>) => {
    arrival = next;
    for (const listener of listeners) listener();
  };
  return {
    load() {
      if (!pending) {
        set({ state: 'loading' });
        pending = importer().then(
          (module) => {
            set({ state: 'ready', module });
            return module;
          },
          (error: unknown) => {
            // A later attempt may succeed (a network blip): forget the failed one.
            pending = null;
            set({ state: 'failed' });
            throw error;
          },
        );
      }
      return pending;
    },
    current: () => arrival,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const idle: Arrival<never> = { state: 'idle' };
const loading: Arrival<never> = { state: 'loading' };
/** The server renders nothing on demand: hydration starts from idle whatever the client holds. */
const serverSnapshot = () => idle;

/** The module's arrival state, re-rendering when it changes. */
export function useArrival<T>(module: OnDemand<T>): Arrival<T> {
  return useSyncExternalStore(module.subscribe, module.current, serverSnapshot);
}

/** The same, for a component that needs the module as soon as it is shown: fetched on mount. */
export function useFetchedOnMount<T>(module: OnDemand<T>): Arrival<T> {
  const arrival = useArrival(module);
  // An earlier mount's failure is not this one's: until this mount's own try has settled, it waits.
  const [tried, setTried] = useState(false);
  useEffect(() => {
    let live = true;
    // A failure is in the arrival state, for the component to say so.
    module
      .load()
      .catch(() => undefined)
      .finally(() => {
        if (live) setTried(true);
      });
    return () => {
      live = false;
    };
  }, [module]);
  return arrival.state === 'failed' && !tried ? loading : arrival;
}
