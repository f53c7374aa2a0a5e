import type { FhirTransport } from './fhir-http';

// A FhirTransport for a server-side reader with a fixed bearer token and no session to renew: the
// CDS service reading the EHR's `fhirServer` with `fhirAuthorization.access_token`
// (https://cds-hooks.hl7.org/2.0/#fhir-resource-access).

export interface BearerTransportOptions {
  baseUrl: string;
  accessToken?: string;
  fetch: typeof fetch;
  /** Ends every request still running: one budget for all reads of a call. */
  deadline: AbortSignal;
}

export function bearerTransport(options: BearerTransportOptions): FhirTransport {
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: (url, init) =>
      options.fetch(url, {
        headers: {
          ...init.headers,
          ...(options.accessToken ? { authorization: `Bearer ${options.accessToken}` } : {}),
        },
        signal: init.signal ? AbortSignal.any([init.signal, options.deadline]) : options.deadline,
        // A redirect could carry the token to another host.
        redirect: 'error',
      }),
  };
}
