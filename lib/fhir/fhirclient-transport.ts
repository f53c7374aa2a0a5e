import type Client from 'fhirclient/lib/Client';
import type { FhirTransport } from './fhir-http';

// The app's FhirTransport: fhirclient holds the token (in sessionStorage) and refreshes it; the
// request itself is a plain fetch with the bearer, so retries and paging stay in lib/fhir.

export function transportFromClient(client: Client, doFetch: typeof fetch = fetch): FhirTransport {
  return {
    baseUrl: String(client.state.serverUrl).replace(/\/+$/, ''),
    fetch: (url, init) => {
      const authorization = client.getAuthorizationHeader();
      return doFetch(url, {
        signal: init.signal,
        headers: { ...init.headers, ...(authorization ? { authorization } : {}) },
        // The token is the credential; cookies of the EHR's origin are not ours to send.
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    },
    refresh: async () => {
      if (!client.state.tokenResponse?.refresh_token) return false;
      try {
        await client.refresh();
        return true;
      } catch {
        return false;
      }
    },
  };
}
