// FHIR references as the whole app writes them: "Type/id". Imports nothing.

/** A resource whose id is known: parsing guarantees it for everything in a ChartSnapshot. */
export type WithId<T extends { id?: string }> = T & { id: string };

/** "Type/id" of a resource, as features and evidence cite it. */
export function referenceOf(resource: { resourceType: string; id: string }): string {
  return `${resource.resourceType}/${resource.id}`;
}

/** The "Type/id" a reference points at, or null (contained "#x", absolute URLs are reduced to their tail). */
export function referenceKey(ref: string | undefined): string | null {
  if (!ref || ref.startsWith('#')) return null;
  const match = /([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref);
  return match ? `${match[1]}/${match[2]}` : null;
}
