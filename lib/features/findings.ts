import type { FindingFeature } from '../contracts/feature-model';
import { type BedsideFindingId, type BedsideFindingsInput, bedsideFindingIds } from '../contracts/ids';

/** Every bedside finding, from the clinician; an unanswered question stays `unknown`, never "no". */
export function findingsFeature(input: BedsideFindingsInput = {}): Record<BedsideFindingId, FindingFeature> {
  const entries = bedsideFindingIds.map((id): [BedsideFindingId, FindingFeature] => [
    id,
    { id, answer: input[id] ?? 'unknown', source: 'clinician' },
  ]);
  return Object.fromEntries(entries) as Record<BedsideFindingId, FindingFeature>;
}
