import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChartSnapshot } from '@/lib/contracts/chart-snapshot';
import { resourcesFromBundle, snapshotsFromResources } from '@/lib/fhir/bundle-input';
import { repoRoot } from './repo-paths';

/** The fixed `now` every fixture patient's expectations are written against. */
export const fixtureNow = new Date('2026-11-25T12:00:00Z');

const patientsDir = join(repoRoot, 'fhir-fixtures/patients');

/** The snapshot of fixture patient `id` ("p26"), read as the CLI reads a file. */
export function fixtureSnapshot(id: string): ChartSnapshot {
  const file = readdirSync(patientsDir).find((f) => f.startsWith(`${id}-`) && f.endsWith('.json'));
  if (!file) throw new Error(`no fixture for ${id}`);
  const [snapshot] = snapshotsFromResources(
    resourcesFromBundle(JSON.parse(readFileSync(join(patientsDir, file), 'utf8'))),
  );
  if (!snapshot) throw new Error(`no patient in ${file}`);
  return snapshot;
}

/** The ids ("p01", …) of every fixture bundle. */
export function fixturePatientIds(): string[] {
  return readdirSync(patientsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.split('-')[0] ?? f);
}
