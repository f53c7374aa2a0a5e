// @ts-check
// Security headers that are the same for every request, set by next.config.js headers() (fixed at
// build time), and the FRAME_ANCESTORS parser. The Content-Security-Policy depends on settings read
// when the server starts and on a per-request nonce: proxy.ts sets it (lib/security/
// content-security-policy.ts). Plain CommonJS so next.config.js can load it without a build step.

/** Origin of the public SMART App Launcher, allowed to frame the app when SMART_LAUNCHER=1. */
const SMART_LAUNCHER_ORIGIN = 'https://launch.smarthealthit.org';

/**
 * Parses FRAME_ANCESTORS: space- or comma-separated origins (https://ehr.example.org),
 * or the keyword 'self'. Anything else is rejected so a typo cannot open the app to every site.
 * Unset: null (the caller picks the default).
 * @param {string | undefined} raw
 * @returns {string[] | null}
 */
function parseFrameAncestors(raw) {
  if (raw === undefined || raw.trim() === '') return null;
  const items = raw.split(/[\s,]+/).filter(Boolean);
  return items.map((item) => {
    if (item === 'self' || item === "'self'") return "'self'";
    if (item === 'none' || item === "'none'") return "'none'";
    let url;
    try {
      url = new URL(item);
    } catch {
      throw new Error(`FRAME_ANCESTORS: "${item}" is not an origin such as https://ehr.example.org`);
    }
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
      throw new Error(`FRAME_ANCESTORS: "${item}" must use https (http only for localhost)`);
    }
    return url.origin;
  });
}

/**
 * HSTS only in a production build: browsers ignore it over plain http (the local demo), and a
 * development server must stay reachable over http.
 * @param {Record<string, string | undefined>} env
 * @returns {{ key: string, value: string }[]}
 */
function staticSecurityHeaders(env) {
  const headers = [
    { key: 'Referrer-Policy', value: 'no-referrer' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
  if (env.NODE_ENV === 'production') {
    headers.push({ key: 'Strict-Transport-Security', value: 'max-age=31536000' });
  }
  return headers;
}

module.exports = { staticSecurityHeaders, parseFrameAncestors, SMART_LAUNCHER_ORIGIN };
