#!/usr/bin/env node
// Finds Chromium for the browser tests: CHROMIUM_PATH, else /usr/bin/chromium, else (root on
// Debian) installs Debian's package. Playwright's own browser download is never used.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const fromEnv = process.env.CHROMIUM_PATH;
if (fromEnv) {
  if (existsSync(fromEnv)) process.exit(0);
  console.error(`CHROMIUM_PATH=${fromEnv} does not exist: point it at a Chromium binary or unset it.`);
  process.exit(1);
}
const debianPath = '/usr/bin/chromium';
if (existsSync(debianPath)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') || /debian/i.test(readSafe('/etc/os-release'));
if (isRoot && isDebian) {
  console.log('Chromium not found: installing Debian package "chromium" with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env,
  });
  if (existsSync(debianPath)) process.exit(0);
}
console.error(
  'Chromium not found: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH.',
);
process.exit(1);

function readSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
