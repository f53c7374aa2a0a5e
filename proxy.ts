import { type NextRequest, NextResponse } from 'next/server';
import {
  contentSecurityPolicy,
  newNonce,
  type PolicySettings,
  policySettings,
} from './lib/security/content-security-policy';

// Next.js proxy (https://nextjs.org/docs/app/api-reference/file-conventions/proxy): sets the
// Content-Security-Policy of every page at request time, with a fresh nonce, from settings read
// once when the server starts (FRAME_ANCESTORS, SMART_SERVERS, SMART_LAUNCHER), so one build serves
// any site. Next reads the nonce from the request's policy and puts it on its own scripts
// (https://nextjs.org/docs/app/guides/content-security-policy). The static headers (HSTS among
// them) come from next.config.js.

let settings: PolicySettings | null = null;
function startupSettings(): PolicySettings {
  if (settings === null) {
    const result = policySettings(process.env);
    for (const problem of result.problems) console.error(`security headers: ${problem}`);
    settings = result.settings;
  }
  return settings;
}

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(startupSettings(), nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Not static files (no policy needed), and not the CDS Hooks service: a proxy makes Next
      // buffer request bodies for it, while the service counts and caps them as they stream.
      source: '/((?!_next/static/|_next/image|favicon\\.ico$|cds-services(?:/|$)).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
