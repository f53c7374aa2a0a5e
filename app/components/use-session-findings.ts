'use client';

import { useCallback, useState } from 'react';
import {
  type BedsideFindingId,
  type BedsideFindingsInput,
  bedsideFindingIds,
  type FindingAnswer,
} from '@/lib/contracts/ids';

// Bedside findings live in this tab's sessionStorage, under a key for this patient only: they
// survive a reload, are removed when the session ends (app/chart/end-session.ts), and are never
// sent anywhere.

export const findingsKeyPrefix = 'leg-differential:bedside-findings:';

export function findingsStorageKey(patientReference: string): string {
  return `${findingsKeyPrefix}${patientReference}`;
}

const answers: readonly FindingAnswer[] = ['yes', 'no', 'unknown'];

function isFindingId(value: string): value is BedsideFindingId {
  return (bedsideFindingIds as readonly string[]).includes(value);
}

function isAnswer(value: unknown): value is FindingAnswer {
  return typeof value === 'string' && (answers as readonly string[]).includes(value);
}

/** Reads stored findings, keeping only known ids with valid answers (storage is user-editable). */
export function readStoredFindings(
  storage: Storage | undefined,
  patientReference: string,
): BedsideFindingsInput {
  if (!storage) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(findingsStorageKey(patientReference)) ?? '{}');
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const findings: BedsideFindingsInput = {};
  for (const [id, answer] of Object.entries(raw)) {
    if (isFindingId(id) && isAnswer(answer) && answer !== 'unknown') findings[id] = answer;
  }
  return findings;
}

function sessionStore(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    // Storage can be blocked in third-party iframes: findings then last for this page view only.
    return undefined;
  }
}

export function useSessionFindings(patientReference: string) {
  const [findings, setFindings] = useState<BedsideFindingsInput>(() =>
    readStoredFindings(sessionStore(), patientReference),
  );

  const persist = useCallback(
    (next: BedsideFindingsInput) => {
      try {
        sessionStore()?.setItem(findingsStorageKey(patientReference), JSON.stringify(next));
      } catch {
        // Quota or blocked storage: keep the answers in memory.
      }
    },
    [patientReference],
  );

  const setFinding = useCallback(
    (id: BedsideFindingId, answer: FindingAnswer) => {
      setFindings((current) => {
        const next: BedsideFindingsInput = { ...current };
        if (answer === 'unknown') delete next[id];
        else next[id] = answer;
        persist(next);
        return next;
      });
    },
    [persist],
  );

  const clearFindings = useCallback(() => {
    setFindings({});
    try {
      sessionStore()?.removeItem(findingsStorageKey(patientReference));
    } catch {
      // nothing stored
    }
  }, [patientReference]);

  return { findings, setFinding, clearFindings };
}
