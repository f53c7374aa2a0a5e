import type { FeatureModel } from '../features/feature-model';

// Evidence may cite only references that exist in the chart: `features.knownReferences` (for a
// derived model, the chart references its features cite). Built once per FeatureModel, as a Set.
const cache = new WeakMap<FeatureModel, ReadonlySet<string>>();

/** The references evidence may name. */
export function knownReferenceSet(features: FeatureModel): ReadonlySet<string> {
  let known = cache.get(features);
  if (!known) {
    known = new Set(features.knownReferences);
    cache.set(features, known);
  }
  return known;
}
