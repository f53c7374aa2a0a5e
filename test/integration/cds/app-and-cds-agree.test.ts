import { beforeAll, describe, expect, it } from 'vitest';
import { getFhirServer } from '@/lib/sandbox/fhir-repository';
import { fixtureFiles, fixtureResources } from './cds-request';
import { threeReports } from './three-readers';

// One reader for every surface: for each synthetic patient, the app, the CDS service reading the
// sandbox as `fhirServer`, and the CDS service given the prefetch must give the same Report.

// The sandbox seeds every fixture patient on its first request: done once here, so no single test is
// charged for it (on a loaded 2-core machine it can take longer than a test's 5 s).
beforeAll(async () => {
  await getFhirServer();
}, 60_000);

describe('the app and the CDS service read a chart the same way', () => {
  const files = fixtureFiles();

  it('covers every synthetic patient', () => {
    expect(files.length).toBeGreaterThanOrEqual(17);
  });

  it.each(files)(
    '%s: the same report from the app, from CDS reading fhirServer and from CDS prefetch',
    async (file) => {
      const { app, cdsFetched, cdsPrefetched } = await threeReports(fixtureResources(file));
      expect(cdsFetched).toEqual(app);
      // The sandbox refuses malformed resources when it is seeded, so they never reach the app;
      // a prefetch carries them and they are quarantined: everything else must agree.
      expect({ ...cdsPrefetched, quarantined: [] }).toEqual({ ...app, quarantined: [] });
      expect(cdsPrefetched.flags).toEqual(app.flags);
    },
  );
});
