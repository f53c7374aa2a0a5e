import { useEffect, useRef } from 'react';
import useSWR from 'swr';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';

export type LoadSnapshot = (patientId: string, signal: AbortSignal) => Promise<ChartSnapshot>;

/**
 * The chart of one patient, held by SWR in memory under ['chart', patientId] (the patient id is
 * the only identifier in the key, and the key never leaves the browser). Leaving the view cancels
 * the requests in flight.
 */
export function useChart(patientId: string, load: LoadSnapshot) {
  const controller = useRef<AbortController | null>(null);
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      // Strict mode unmounts and remounts at once: abort only when the view is really gone.
      setTimeout(() => {
        if (!mounted.current) controller.current?.abort();
      }, 0);
    };
  }, []);
  return useSWR(
    ['chart', patientId],
    ([, id]: [string, string]) => {
      controller.current?.abort();
      const next = new AbortController();
      controller.current = next;
      return load(id, next.signal);
    },
    {
      revalidateOnFocus: false,
      revalidateOnReconnect: false,
      revalidateIfStale: false,
      shouldRetryOnError: false,
    },
  );
}
