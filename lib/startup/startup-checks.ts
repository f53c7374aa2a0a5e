import { startupServiceModeMessage } from '../cds/access-policy';
import { sandboxStartupProblem } from '../sandbox/startup-check';
import { policySettings } from '../security/content-security-policy';

// Settings that must not wait for the first request, checked when the server starts
// (instrumentation.ts). A sandbox that must not run stops the process; the rest is logged.

export function runStartupChecks(env: Record<string, string | undefined>): void {
  const problem = sandboxStartupProblem(env);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const cds = startupServiceModeMessage(env);
  (cds.level === 'error' ? console.error : console.log)(cds.message);
  for (const message of policySettings(env).problems) console.error(`security headers: ${message}`);
}
