// @ts-check
// Security headers for every route. Plain CommonJS so next.config.js can load it
// without a build step; the unit test imports it too.

/** Origin of the public SMART App Launcher, allowed to frame the app by default. */
const SMART_LAUNCHER_ORIGIN = 'https://launch.smarthealthit.org';

/**
 * Parses FRAME_ANCESTORS: space- or comma-separated origins (https://ehr.example.org),
 * or the keyword 'self'. Anything else is rejected so a typo cannot open the app to every site.
 * @param {string | undefined} raw
 * @returns {string[]}
 */
function parseFrameAncestors(raw) {
  if (raw === undefined || raw.trim() === '') return ["'self'", SMART_LAUNCHER_ORIGIN];
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
 * @param {Record<string, string | undefined>} env
 * @returns {{ key: string, value: string }[]}
 */
function buildSecurityHeaders(env) {
  const frameAncestors = parseFrameAncestors(env.FRAME_ANCESTORS);
  const dev = env.NODE_ENV === 'development';
  const csp = [
    "default-src 'self'",
    // Next injects inline bootstrap scripts; dev mode also needs eval for fast refresh.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // The browser talks to the EHR's FHIR and OAuth servers directly: their origins vary per site.
    "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self' https: http://127.0.0.1:* http://localhost:*",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
  return [
    { key: 'Content-Security-Policy', value: csp },
    { key: 'Referrer-Policy', value: 'no-referrer' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ];
}

module.exports = { buildSecurityHeaders, parseFrameAncestors, SMART_LAUNCHER_ORIGIN };
