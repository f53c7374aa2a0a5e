import { findingsKeyPrefix } from '@/app/components/use-session-findings';

// What a SMART session leaves in this tab's sessionStorage: fhirclient's launch state (which holds
// the access and refresh tokens) and the bedside findings entered for each patient. An EHR keeps
// the frame's tab open across patients and log-ins, so these go when a session ends or a new
// launch starts, not only when the tab closes.

/** fhirclient keeps the key of the current launch state here (fullSessionStorageSupport mode). */
export const smartKey = 'SMART_KEY';

function isLaunchState(raw: string | null): boolean {
  if (raw === null) return false;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && 'serverUrl' in value && 'tokenResponse' in value;
  } catch {
    return false;
  }
}

/** Removes every launch state, its pointer and the bedside findings; other entries stay. */
export function clearSession(storage: Storage): void {
  const doomed: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key === null) continue;
    if (key === smartKey || key.startsWith(findingsKeyPrefix) || isLaunchState(storage.getItem(key))) {
      doomed.push(key);
    }
  }
  for (const key of doomed) storage.removeItem(key);
}

/** The same for this window, when storage is reachable at all. */
export function endSession(): void {
  try {
    clearSession(window.sessionStorage);
  } catch {
    // Storage blocked (third-party frame, privacy mode): nothing was kept there either.
  }
}
