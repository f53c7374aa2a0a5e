import { knownAmong } from '../features/chart-references';
import type { FeatureModel } from '../features/feature-model';

// Evidence may cite only references that exist in the chart. Rather than hash every reference of a
// 100k-resource chart into a Set (a third of the differential's cost there), collect the few
// references the features cite and keep those the chart really holds (for a derived model, known
// from the references its features wrote: see lib/features/chart-references). Built once per
// FeatureModel.
const cache = new WeakMap<FeatureModel, ReadonlySet<string>>();

function citedBy(features: FeatureModel): Set<string> {
  const cited = new Set<string>(features.patient.sources);
  const add = (sources: readonly string[]) => {
    for (const source of sources) cited.add(source);
  };
  const { iron } = features;
  add(iron.sources);
  for (const result of iron.results) add(result.sources);
  if (iron.transferrinSaturation) add(iron.transferrinSaturation.sources);
  if (iron.hemoglobin) add(iron.hemoglobin.sources);
  for (const item of features.medications.items) add(item.sources);
  for (const item of features.conditions.items) add(item.sources);
  for (const lab of Object.values(features.labs)) if (lab) add(lab.sources);
  return cited;
}

/** The references the features cite that exist in the chart: the only ones evidence may name. */
export function knownReferenceSet(features: FeatureModel): ReadonlySet<string> {
  let known = cache.get(features);
  if (!known) {
    known = knownAmong(features, citedBy(features));
    cache.set(features, known);
  }
  return known;
}
