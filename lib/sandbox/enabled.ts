// The sandbox EHR is a demo and test partner, never part of a real deployment: every /sandbox
// route answers 404 unless SANDBOX=1 is set when the server starts (read at request time, so a
// production build only exposes it when explicitly asked to, e.g. `npm run demo`).

export function sandboxEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.SANDBOX === '1';
}

export function notFoundResponse(): Response {
  return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain' } });
}
