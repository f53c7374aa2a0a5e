import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          // The first sandbox read seeds the in-memory FHIR server from every fixture: seconds on a
          // loaded 2-core machine. Timeouts guard against hangs; speed is measured in the bench.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'component',
          environment: 'jsdom',
          include: ['test/component/**/*.test.tsx'],
          setupFiles: ['test/component/load-on-demand.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          // The interoperability test (test/interop) drives Chromium too, against the SMART launcher.
          include: ['test/browser/**/*.test.ts', 'test/interop/**/*.test.ts'],
          // Each browser test file starts its own `next start` and Chromium: run them one at a time.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
