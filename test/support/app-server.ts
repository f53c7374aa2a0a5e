import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startServerProcess } from './server-process';

const root = join(import.meta.dirname, '..', '..');
const nextBin = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export interface RunningApp {
  url: string;
  port: number;
  /** The `next start` process, for tests that read its memory. */
  pid: number;
  /** What the server printed so far (stdout and stderr). */
  output: () => string;
  stop: () => Promise<void>;
}

/** Asks the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * Serves the production build (`next start`) on 127.0.0.1 at a free port with the given env.
 * The build must exist: `npm test` runs `next build` before the browser tests.
 */
export async function startApp(env: Record<string, string> = {}, readyPath = '/'): Promise<RunningApp> {
  const distDir = process.env.NEXT_DIST_DIR ?? '.next';
  if (!existsSync(join(root, distDir, 'BUILD_ID'))) {
    throw new Error(`No production build in ${distDir}: run "npm run build" first (npm test does).`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServerProcess({
    name: 'next start',
    args: [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)],
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    readyUrl: url + readyPath,
    ready: (response) => response.status < 500,
    timeoutMs: 60_000,
    pollMs: 200,
  });
  return { url, port, ...server };
}
