import { sandboxStartupProblem } from './startup-check';

// The sandbox EHR is a demo and test partner, never part of a real deployment: every /sandbox
// route answers 404 unless SANDBOX=1 is set when the server starts (read at request time, so a
// production build only exposes it when explicitly asked to, e.g. `npm run demo`), and a
// production server not bound to loopback refuses to start with it (instrumentation.ts; the
// routes check again in case the server was started some other way).

export function sandboxEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.SANDBOX === '1' && sandboxStartupProblem(env) === null;
}

export function notFoundResponse(): Response {
  return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
}

/**
 * The origin the browser used. Next hands route handlers a request.url on "localhost" even when
 * the server is bound to 127.0.0.1, and a redirect to another origin loses the app's
 * sessionStorage (and its CSP blocks the frame): the Host header is what the browser sent.
 */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(/:$/, '');
  if (!host || !/^[A-Za-z0-9.\-[\]:]+$/.test(host) || !/^https?$/.test(proto)) return url.origin;
  return `${proto}://${host}`;
}
