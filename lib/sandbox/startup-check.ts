// The sandbox EHR approves every sign-in and serves fake patients: on a production server it may
// run only where nobody else can reach it. `next start` records the address it is bound to in
// __NEXT_PRIVATE_ORIGIN before the app loads ("http://127.0.0.1:3000" for -H 127.0.0.1; without
// -H, or with 0.0.0.0, it says "localhost" although every interface listens, so "localhost" does
// not count as proof). SANDBOX_ALLOW_REMOTE=1 forces it, e.g. for a demo behind a tunnel.

function boundToLoopback(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const hostname = new URL(origin).hostname;
    return hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
  } catch {
    return false;
  }
}

/** Why the server must not start with this environment, or null. */
export function sandboxStartupProblem(env: Record<string, string | undefined>): string | null {
  if (env.SANDBOX !== '1' || env.NODE_ENV !== 'production') return null;
  if (env.SANDBOX_ALLOW_REMOTE === '1' || boundToLoopback(env.__NEXT_PRIVATE_ORIGIN)) return null;
  return (
    'SANDBOX=1 on a production server that is not bound to loopback: refusing to start. The sandbox EHR ' +
    'approves every sign-in. Start it with `next start -H 127.0.0.1` (as `npm run demo` does), or set ' +
    'SANDBOX_ALLOW_REMOTE=1 to force it.'
  );
}
