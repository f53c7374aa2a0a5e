import type { FeatureModel } from './feature-model';
import { noIdMarker } from './fhir-values';

// Evidence may cite only references to resources of this chart (`FeatureModel.knownReferences`).
// Every reference the features write is read off a resource of the snapshot (referenceOf), so the
// cited ones are known unless the resource had no id. Listing every resource of the chart instead
// would cost a string per resource, at 100k resources more than the features themselves, while the
// differential asks only about the few the features cite.

/** Every reference the features cite, in the order first cited. */
export function citedReferences(model: Omit<FeatureModel, 'knownReferences'>): string[] {
  const cited = new Set<string>();
  const add = (sources: readonly string[]) => {
    for (const source of sources) cited.add(source);
  };
  add(model.patient.sources);
  const { iron } = model;
  add(iron.sources);
  for (const result of iron.results) add(result.sources);
  if (iron.transferrinSaturation) add(iron.transferrinSaturation.sources);
  if (iron.hemoglobin) add(iron.hemoglobin.sources);
  for (const item of model.medications.items) add(item.sources);
  for (const item of model.conditions.items) add(item.sources);
  for (const lab of Object.values(model.labs)) if (lab) add(lab.sources);
  return [...cited];
}

/** The references the features cite that name a resource of the chart (all but those without an id). */
export function knownCitedReferences(model: Omit<FeatureModel, 'knownReferences'>): string[] {
  return citedReferences(model).filter((reference) => !reference.endsWith(`/${noIdMarker}`));
}
