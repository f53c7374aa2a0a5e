'use client';

import { useEffect, useState } from 'react';
import useSWR from 'swr';
import * as z from 'zod/mini';

// Uses each library as the app route does: fhirclient loaded on mount, one zod/mini object schema
// parsed, one SWR key. The benchmark waits for the status below to read "loaded".
const Probe = z.object({ resourceType: z.string(), id: z.optional(z.string()) });

export function StackFloor() {
  const [fhirclient, setFhirclient] = useState(false);
  const { data: parsed } = useSWR(
    'stack-floor',
    async () => Probe.safeParse({ resourceType: 'Patient' }).success,
  );
  useEffect(() => {
    void import('fhirclient').then((module) =>
      setFhirclient(typeof module.default.oauth2.ready === 'function'),
    );
  }, []);
  return (
    <p role="status" data-testid="stack-floor">
      {fhirclient && parsed ? 'loaded' : 'loading'}
    </p>
  );
}
