// Runs once when the server starts (https://nextjs.org/docs/app/guides/instrumentation).

export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { runStartupChecks } = await import('./lib/startup/startup-checks');
    runStartupChecks(process.env);
  }
}
