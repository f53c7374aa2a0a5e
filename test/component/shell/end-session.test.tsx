import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession } from '@/app/chart/end-session';
import { findingsStorageKey } from '@/app/components/use-session-findings';

// An EHR keeps the app's frame open across patients: when a session ends, its tokens (inside
// fhirclient's launch state) and the bedside findings must not stay in sessionStorage.

beforeEach(() => sessionStorage.clear());

describe('ending a session', () => {
  it('removes the launch state with its tokens, the pointer to it and every patient’s findings', () => {
    sessionStorage.setItem('SMART_KEY', '"Xk3"');
    const state = {
      serverUrl: 'https://ehr.example/fhir',
      tokenResponse: { access_token: 'at', refresh_token: 'rt' },
    };
    sessionStorage.setItem('Xk3', JSON.stringify(state));
    sessionStorage.setItem('Other9', JSON.stringify({ ...state, key: 'Other9' }));
    sessionStorage.setItem(findingsStorageKey('Patient/p1'), '{"urge-to-move":"yes"}');
    sessionStorage.setItem(findingsStorageKey('Patient/p2'), '{"rest-induced":"no"}');
    sessionStorage.setItem('leg-symptom-differential:iss', 'https://ehr.example/fhir');
    sessionStorage.setItem('unrelated', 'not json');
    clearSession(sessionStorage);
    expect(Object.keys(sessionStorage).sort()).toEqual(['leg-symptom-differential:iss', 'unrelated']);
  });
});
