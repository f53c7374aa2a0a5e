import { type ChildProcess, spawn } from 'node:child_process';

// A server child process for tests: started with its env, polled until it answers, stopped on
// demand (SIGTERM, then SIGKILL after 5 s). What it printed is kept for the error message.

export interface ServerProcess {
  pid: number;
  /** What the process printed so far (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
}

export interface ServerProcessOptions {
  /** Named in errors: "next start", "the SMART launcher". */
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The URL polled until `ready(response)` says it answers. */
  readyUrl: string;
  ready: (response: Response) => boolean;
  timeoutMs: number;
  pollMs: number;
}

/** Spawns `node args…` and resolves once `readyUrl` answers as `ready` wants; throws with its output otherwise. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited (${child.exitCode}):\n${output}`);
    try {
      if (options.ready(await fetch(options.readyUrl)))
        return { pid: child.pid ?? 0, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, options.pollMs));
  }
  await stop();
  throw new Error(`${options.name} did not answer within ${options.timeoutMs / 1000} s:\n${output}`);
}
