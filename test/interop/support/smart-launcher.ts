import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/app-server';
import { startServerProcess } from '../../support/server-process';

// The unmodified SMART App Launcher (smart-on-fhir/smart-launcher-v2) from ../shared, run from a
// cache folder outside the repository: copied there once per package-lock, `npm ci` once, its key
// pair made with `npm run cert`, then its backend alone started on 127.0.0.1 (the React UI would
// need a slow `react-scripts build`). No launcher file is ever copied into the project.

export const repositoryRoot = join(import.meta.dirname, '..', '..', '..');
export const sharedDir = join(repositoryRoot, '..', 'shared');
export const launcherSource = join(sharedDir, 'smart-launcher-v2');

export interface RunningLauncher {
  /** e.g. http://127.0.0.1:40123 */
  origin: string;
  /** The R4 FHIR base of an EHR launch: <origin>/v/r4/fhir */
  ehrIss: string;
  /** The folder it runs from (the cache copy). */
  dir: string;
  stop: () => Promise<void>;
}

/** The cache folder: $LEGS_INTEROP_CACHE or ~/.cache/legs-interop. */
export function cacheRoot(): string {
  return process.env.LEGS_INTEROP_CACHE ?? join(homedir(), '.cache', 'legs-interop');
}

/** Fails with one line naming what is missing, so a run without the shared material never passes. */
export function requireShared(path: string, what: string): void {
  if (!existsSync(path)) throw new Error(`${what} not found at ${path}: the interoperability test needs it.`);
}

function makeWritable(path: string): void {
  const mode = statSync(path).mode;
  chmodSync(path, mode | 0o200);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

/**
 * The launcher's cache copy with its dependencies installed: made once per package-lock. Built in
 * a temporary folder and renamed into place, so an interrupted install is never mistaken for one.
 */
export function prepareLauncher(): string {
  requireShared(launcherSource, 'The SMART App Launcher source (../shared/smart-launcher-v2)');
  const lock = readFileSync(join(launcherSource, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 16);
  const dir = join(cacheRoot(), `launcher-${hash}`);
  const ready = join(dir, '.legs-interop-ready');
  if (!existsSync(ready)) {
    mkdirSync(cacheRoot(), { recursive: true });
    const staging = `${dir}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(launcherSource, staging, { recursive: true });
    // The shared copy is read-only; the cache copy must take node_modules and its key pair.
    makeWritable(staging);
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: staging,
      env: { ...process.env, SOURCE_VERSION: 'legs-interop', CI: 'true' },
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 15 * 60_000,
    });
    writeFileSync(join(staging, '.legs-interop-ready'), `${new Date().toISOString()}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  if (!existsSync(join(dir, 'private-key.pem'))) {
    execFileSync('npm', ['run', '-s', 'cert'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return dir;
}

/** Starts the launcher backend on 127.0.0.1 in front of an open FHIR R4 server. */
export async function startLauncher(options: { fhirServerR4: string }): Promise<RunningLauncher> {
  const dir = prepareLauncher();
  const port = await freePort();
  const tsNode = join(dir, 'node_modules', 'ts-node', 'dist', 'bin.js');
  const origin = `http://127.0.0.1:${port}`;
  const { stop } = await startServerProcess({
    name: 'the SMART launcher',
    args: [tsNode, '--skipProject', '--transpile-only', 'backend/index.ts'],
    cwd: dir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SOURCE_VERSION: 'legs-interop',
      HOST: '127.0.0.1',
      PORT: String(port),
      FHIR_SERVER_R4: options.fhirServerR4,
      FHIR_SERVER_R3: '',
      FHIR_SERVER_R2: '',
    },
    readyUrl: `${origin}/v/r4/fhir/.well-known/smart-configuration`,
    ready: (response) => response.ok,
    timeoutMs: 90_000,
    pollMs: 250,
  });
  return { origin, ehrIss: `${origin}/v/r4/fhir`, dir, stop };
}

/** The launcher's own `encode()` of launch parameters (src/isomorphic/codec.ts), read in place. */
export interface LaunchParams {
  launch_type: 'provider-ehr' | 'patient-portal' | 'provider-standalone' | 'patient-standalone';
  patient?: string;
  provider?: string;
  encounter?: string;
  skip_login?: boolean;
  skip_auth?: boolean;
  sim_ehr?: boolean;
  scope?: string;
  client_id?: string;
  auth_error?:
    | 'auth_invalid_client_id'
    | 'auth_invalid_scope'
    | 'auth_invalid_redirect_uri'
    | 'token_invalid_token';
  pkce?: 'none' | 'auto' | 'always';
}

export async function launcherCodec(dir: string): Promise<(params: LaunchParams) => string> {
  const codec: { encode: (params: LaunchParams) => string } = await import(
    join(dir, 'src', 'isomorphic', 'codec.ts')
  );
  return (params) => codec.encode(params);
}
