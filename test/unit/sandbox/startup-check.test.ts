import { afterEach, describe, expect, it, vi } from 'vitest';
import { sandboxEnabled } from '@/lib/sandbox/enabled';
import { sandboxStartupProblem } from '@/lib/sandbox/startup-check';
import { runStartupChecks } from '@/lib/startup/startup-checks';

// The sandbox approves every sign-in: a production server may run it only where nobody else can
// reach it. `next start` records its bound address in __NEXT_PRIVATE_ORIGIN before the app loads.

afterEach(() => vi.restoreAllMocks());

const production = { NODE_ENV: 'production', SANDBOX: '1' };

describe('the sandbox on a production server', () => {
  it('starts when the server is bound to loopback, as npm run demo does', () => {
    expect(
      sandboxStartupProblem({ ...production, __NEXT_PRIVATE_ORIGIN: 'http://127.0.0.1:3000' }),
    ).toBeNull();
    expect(sandboxStartupProblem({ ...production, __NEXT_PRIVATE_ORIGIN: 'http://[::1]:3000' })).toBeNull();
    expect(sandboxEnabled({ ...production, __NEXT_PRIVATE_ORIGIN: 'http://127.0.0.1:3000' })).toBe(true);
  });

  it('refuses every other bind: all interfaces (reported as localhost), a public address, or not known', () => {
    for (const origin of [
      'http://localhost:3000',
      'http://10.0.0.5:3000',
      'http://app.example.org',
      undefined,
    ]) {
      expect(sandboxStartupProblem({ ...production, __NEXT_PRIVATE_ORIGIN: origin })).toMatch(
        /refusing to start/,
      );
      expect(sandboxEnabled({ ...production, __NEXT_PRIVATE_ORIGIN: origin })).toBe(false);
    }
  });

  it('starts anywhere when forced with SANDBOX_ALLOW_REMOTE=1, and in development', () => {
    expect(sandboxStartupProblem({ ...production, SANDBOX_ALLOW_REMOTE: '1' })).toBeNull();
    expect(sandboxStartupProblem({ NODE_ENV: 'development', SANDBOX: '1' })).toBeNull();
    expect(sandboxStartupProblem({ NODE_ENV: 'production' })).toBeNull();
  });

  it('stops the process at startup, saying why', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    runStartupChecks({ ...production, __NEXT_PRIVATE_ORIGIN: 'http://localhost:3000' });
    expect(exit).toHaveBeenCalledWith(1);
    expect(String(error.mock.calls[0]?.[0])).toContain('SANDBOX_ALLOW_REMOTE');
  });
});
