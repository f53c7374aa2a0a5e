import type { FeatureModel } from '../features/feature-model';

// Evidence may cite only references that exist in the chart. The set is built once per FeatureModel:
// on a 100k-resource chart, rebuilding it in every rule module dominated the differential's cost.
const cache = new WeakMap<FeatureModel, ReadonlySet<string>>();

export function knownReferenceSet(features: FeatureModel): ReadonlySet<string> {
  let known = cache.get(features);
  if (!known) {
    known = new Set(features.knownReferences);
    cache.set(features, known);
  }
  return known;
}
