import { beforeAll } from 'vitest';
import { picturesModule, sourcePanelModule, statusScreensModule } from '@/app/components/on-demand-modules';

// The view loads the pictures, the source panel and the status screens on demand (their own
// chunks). Component tests render what the clinician sees once they have arrived, so each test
// file loads them first; on-demand.test.tsx covers the wait and a failed download. Only the
// on-demand list is imported here, so a test file's vi.mock still applies to the rest of the view.
beforeAll(async () => {
  await Promise.all([picturesModule.load(), sourcePanelModule.load(), statusScreensModule.load()]);
});
