import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

// The layers and what each may import (DEVELOPERS.md, "The shape"): every arrow points down.
//   contracts <- knowledge <- features <- differential <- surfaces (app, cds, cli)
// fhir reads and validates, and never imports the verdict (features, differential); the sandbox
// imports no UI; report holds pure presentation helpers for the surfaces.

export const allowedImports: Record<string, readonly string[]> = {
  'lib/contracts': [],
  'lib/knowledge': ['lib/contracts'],
  'lib/features': ['lib/contracts', 'lib/knowledge'],
  'lib/differential': ['lib/contracts', 'lib/knowledge', 'lib/features'],
  'lib/fhir': ['lib/contracts', 'lib/knowledge'],
  'lib/report': ['lib/contracts', 'lib/knowledge'],
  // Security headers are built from the launch configuration (connect-src lists the issuers).
  'lib/security': ['lib/fhir'],
  'lib/browser-shims': [],
  'lib/sandbox': ['lib/contracts', 'lib/knowledge', 'lib/fhir'],
  // The CDS service asks the sandbox only whether it is on (its demo mode reads the sandbox's FHIR base).
  'lib/cds': [
    'lib/contracts',
    'lib/knowledge',
    'lib/features',
    'lib/differential',
    'lib/fhir',
    'lib/report',
    'lib/sandbox',
  ],
  'lib/cli': ['lib/contracts', 'lib/knowledge', 'lib/features', 'lib/differential', 'lib/fhir', 'lib/report'],
};

/**
 * Single modules any layer may read although their folder is above it: switches read from the
 * environment, with no behaviour of their folder behind them.
 */
export const allowedAnywhere: readonly string[] = ['lib/sandbox/enabled', 'lib/sandbox/startup-check'];

/** Packages the pure layers must not import: no UI, no network, no I/O. */
export const pureLayers = ['lib/contracts', 'lib/knowledge', 'lib/features', 'lib/differential'];
const impurePackages = /^(react|react-dom|next|fhirclient|swr|node:|fs$|path$|http$|https$)/;

export interface ImportViolation {
  file: string;
  imported: string;
  rule: string;
}

const specifier =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

export function importsOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(specifier)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (spec) found.push(spec);
  }
  return found;
}

function layerOf(path: string): string | null {
  for (const layer of Object.keys(allowedImports))
    if (path === layer || path.startsWith(`${layer}/`)) return layer;
  if (path.startsWith('app/')) return 'app';
  return null;
}

/** The repository path an import names, or null for a package. */
function resolveSpecifier(file: string, spec: string): string | null {
  if (spec.startsWith('@/')) return normalize(spec.slice(2));
  if (spec.startsWith('.')) return normalize(join(dirname(file), spec));
  return null;
}

/** Every backwards or impure import in the given files (paths relative to the repository root). */
export function importViolations(files: { path: string; source: string }[]): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const { path, source } of files) {
    const layer = layerOf(path);
    if (layer === null || layer === 'app') continue;
    for (const spec of importsOf(source)) {
      const target = resolveSpecifier(path, spec);
      if (target === null) {
        if (pureLayers.includes(layer) && impurePackages.test(spec) && spec !== 'node:test')
          violations.push({ file: path, imported: spec, rule: `${layer} is pure: no UI, network or I/O` });
        continue;
      }
      const targetLayer = layerOf(target);
      if (targetLayer === null || targetLayer === layer) continue;
      if (allowedAnywhere.includes(target.replace(/\.(ts|tsx|js)$/, ''))) continue;
      if (!allowedImports[layer]?.includes(targetLayer))
        violations.push({ file: path, imported: spec, rule: `${layer} may not import ${targetLayer}` });
    }
  }
  return violations;
}

export function sourceFiles(root: string, folders: string[]): { path: string; source: string }[] {
  const files: { path: string; source: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
        files.push({ path: relative('.', path), source: readFileSync(join(root, path), 'utf8') });
    }
  };
  for (const folder of folders) walk(folder);
  return files;
}
