import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateChart } from '@/bench/generate-chart';
import type { QueryStatus } from '@/lib/contracts/ids';
import { deriveFeatures } from '@/lib/features/derive-features';
import { everyChartReference } from '../../support/chart-references';

const now = new Date('2026-11-25T12:00:00Z');
const statuses: QueryStatus[] = ['ok', 'forbidden', 'unsupported', 'failed', 'truncated'];

describe('provenance and absence, over generated charts', () => {
  it('cites only references that are in the chart, and never calls iron missing when labs could not be read', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 300 }),
        fc.constantFrom(...statuses),
        fc.constantFrom(...statuses),
        (seed, size, observationStatus, requestStatus) => {
          const chart = generateChart(size, { seed });
          chart.queries = chart.queries.map((q) =>
            q.resourceType === 'Observation'
              ? { ...q, status: observationStatus }
              : q.resourceType === 'MedicationRequest'
                ? { ...q, status: requestStatus }
                : q,
          );
          const model = deriveFeatures(chart, { now });
          const known = everyChartReference(chart);
          const cited = [
            ...model.iron.sources,
            ...model.iron.results.flatMap((r) => r.sources),
            ...model.medications.items.flatMap((i) => i.sources),
            ...model.conditions.items.flatMap((i) => i.sources),
            ...Object.values(model.labs).flatMap((l) => l?.sources ?? []),
          ];
          for (const reference of cited) expect(known.has(reference), reference).toBe(true);
          if (observationStatus !== 'ok') expect(model.iron.status).not.toBe('missing');
          if (observationStatus === 'ok') expect(model.iron.status).not.toBe('unknown');
          if (requestStatus !== 'ok') expect(model.medications.search).not.toBe('complete');
          expect(model.dataGaps).toHaveLength(
            (observationStatus !== 'ok' ? 1 : 0) + (requestStatus !== 'ok' ? 1 : 0),
          );
        },
      ),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
