import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, wherever the clone is. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Shared material (seed, Synthea samples, the SMART launcher) sits beside the repository. */
export const sharedRoot = resolve(repoRoot, '..', 'shared');

/**
 * A path inside ../shared. Tests that need it fail with one line saying why when it is absent
 * (CI lays shared/ beside the clone); they never skip silently.
 */
export function sharedPath(...parts: string[]): string {
  const path = join(sharedRoot, ...parts);
  if (!existsSync(path))
    throw new Error(`shared material missing: ${path} (expected ../shared beside the repository root)`);
  return path;
}
