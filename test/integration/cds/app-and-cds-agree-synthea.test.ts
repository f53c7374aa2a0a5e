import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { resourcesFromBundle, snapshotsFromResources } from '@/lib/fhir/bundle-input';
import { getFhirServer } from '@/lib/sandbox/fhir-repository';
import { fixtureNow } from '../../support/fixture-snapshot';
import { sharedPath } from '../../support/repo-paths';
import { bundleFileResources } from './cds-request';
import { threeReports } from './three-readers';

// The four real Synthea patients of ../shared/fhir-samples (transaction bundles, conditions without
// a category, a deceased patient) read by the app, by CDS from fhirServer and by CDS from prefetch:
// the same Report. This file's sandbox is seeded from those bundles alone (SANDBOX_FIXTURES_DIR is
// read on the first request, and each test file has its own process).

const dir = sharedPath('fhir-samples', 'synthea-r4');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

beforeAll(async () => {
  process.env.SANDBOX_FIXTURES_DIR = dir;
  const server = await getFhirServer();
  // Fails loudly if another file's sandbox (the fixture patients) was seeded in this process.
  expect(server.fixtures.patients.length).toBe(files.length);
}, 120_000);

describe('the app and the CDS service read the real Synthea samples the same way', () => {
  it('has the four samples', () => {
    expect(files).toHaveLength(4);
  });

  it.each(files)(
    '%s: the same report from the app, from CDS fhirServer and from CDS prefetch',
    async (file) => {
      const { app, cdsFetched, cdsPrefetched } = await threeReports(bundleFileResources(join(dir, file)));
      expect(cdsFetched).toEqual(app);
      expect(cdsPrefetched).toEqual(app);
      // Synthea's conditions carry no category: read by the uncategorised search, never a gap.
      expect(app.dataGaps).toEqual([]);
      // And the CLI's reading of the same file (the fourth reader) gives the same flags and tiers.
      const [snapshot] = snapshotsFromResources(
        resourcesFromBundle(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
      );
      if (!snapshot) throw new Error(`no patient in ${file}`);
      const cli = analyzeChart(snapshot, { now: fixtureNow, findings: {} });
      expect(app.flags).toEqual(cli.flags);
      expect(app.patient).toEqual(cli.patient);
      expect(app.candidates.map((c) => [c.id, c.tier])).toEqual(cli.candidates.map((c) => [c.id, c.tier]));
    },
  );
});
