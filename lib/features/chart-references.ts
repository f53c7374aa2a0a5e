import type { ChartSnapshot } from '../fhir/chart-snapshot';
import type { FeatureModel } from './feature-model';

// Evidence may cite only references the chart holds (`FeatureModel.knownReferences`). Listing them is
// one new string per resource, and checking the cited ones against the list hashes every one of
// them: at 100k resources that cost more than the features themselves, while the differential asks
// only about the few references the features cite. So the features write their references through
// a ReferenceMint, which notes those that name a chart resource; a derived FeatureModel lists its
// references only when (if ever) they are read, and `knownAmong` answers from what was noted.

type Resource = { resourceType: string; id?: string };

function resourceGroups(chart: ChartSnapshot): readonly (readonly Resource[])[] {
  return [
    chart.conditions,
    chart.observations,
    chart.medicationStatements,
    chart.medicationRequests,
    chart.medications,
  ];
}

/**
 * Every "Type/id" in the snapshot: the only references evidence may cite. buildChartSnapshot keeps
 * each Type/id once, so no Set is needed here.
 */
export function knownReferencesOf(chart: ChartSnapshot): string[] {
  const references = [chart.patientReference];
  const patientId = chart.patient?.id;
  if (patientId && `Patient/${patientId}` !== chart.patientReference) references.push(`Patient/${patientId}`);
  for (const group of resourceGroups(chart)) {
    for (const resource of group) if (resource.id) references.push(`${resource.resourceType}/${resource.id}`);
  }
  return references;
}

/** Writes the "Type/id" of the chart resources the features cite, noting those the chart lists. */
export class ReferenceMint {
  /**
   * References written for a chart resource with an id: each is in `knownReferencesOf(chart)`. A
   * list, not a Set: most are looked up once, by `knownAmong`, in the Set of cited references.
   */
  readonly held: string[] = [];
  /** "Type/" per type, so each reference is one concatenation. */
  private readonly prefixes = new Map<string, string>();

  /** "Type/id" of `resource` (a resource of the chart, or its Patient), as the features cite it. */
  of(type: Resource['resourceType'], resource: Resource): string {
    let prefix = this.prefixes.get(type);
    if (prefix === undefined) {
      prefix = `${type}/`;
      this.prefixes.set(type, prefix);
    }
    const reference = prefix + resource.id;
    if (resource.id && resource.resourceType === type) this.held.push(reference);
    return reference;
  }
}

/**
 * The references among `wanted` that `knownReferencesOf(chart)` lists, found without building that
 * list: the wanted ones are split into type and id, and each resource is one lookup of its own id.
 */
export function referencesInChart(chart: ChartSnapshot, wanted: Iterable<string>): Set<string> {
  const present = new Set<string>();
  // type -> id -> the wanted reference. A resource type holds no "/", so the first one splits.
  const byType = new Map<string, Map<string, string>>();
  const patientId = chart.patient?.id;
  for (const reference of wanted) {
    if (reference === chart.patientReference || (patientId && reference === `Patient/${patientId}`)) {
      present.add(reference);
      continue;
    }
    const slash = reference.indexOf('/');
    if (slash < 0) continue;
    const type = reference.slice(0, slash);
    let ids = byType.get(type);
    if (!ids) {
      ids = new Map();
      byType.set(type, ids);
    }
    ids.set(reference.slice(slash + 1), reference);
  }
  if (byType.size === 0) return present;
  for (const group of resourceGroups(chart)) {
    for (const resource of group) {
      if (!resource.id) continue;
      const reference = byType.get(resource.resourceType)?.get(resource.id);
      if (reference !== undefined) present.add(reference);
    }
  }
  return present;
}

interface Derivation {
  chart: ChartSnapshot;
  held: readonly string[];
  /** The list, once someone has read (or replaced) it: from then on it is the answer. */
  list: string[] | null;
}

/** Where a derived model keeps its Derivation: a symbol, so JSON, spreads and equality never see it. */
const derivationKey: unique symbol = Symbol('derivation');

interface Derived {
  readonly [derivationKey]?: Derivation;
}

function derivationOf(model: object): Derivation | undefined {
  return (model as Derived)[derivationKey];
}

// One getter and setter for every derived model, the state on the model itself: closures made per
// model would give each model its own hidden class, and a WeakMap keeps entries alive through the
// engine's young-generation collections; both made the features outlive the call.
function listKnownReferences(this: Derived): string[] {
  const derivation = derivationOf(this);
  if (!derivation) return [];
  derivation.list ??= knownReferencesOf(derivation.chart);
  return derivation.list;
}

function replaceKnownReferences(this: Derived, list: string[]): void {
  const derivation = derivationOf(this);
  if (derivation) derivation.list = list;
}

/**
 * `model` with `knownReferences` listed from `chart` on first read, and `mint` kept to answer
 * `knownAmong`. The chart must not change afterwards (a ChartSnapshot is never changed once built).
 */
export function withKnownReferences(
  model: Omit<FeatureModel, 'knownReferences'>,
  chart: ChartSnapshot,
  mint: ReferenceMint,
): FeatureModel {
  const derivation: Derivation = { chart, held: mint.held, list: null };
  Object.defineProperty(model, derivationKey, { value: derivation });
  // An own, enumerable property like any other: JSON, spreads and deep equality see the list.
  return Object.defineProperty(model, 'knownReferences', {
    get: listKnownReferences,
    set: replaceKnownReferences,
    enumerable: true,
    configurable: true,
  }) as FeatureModel;
}

/** The references among `wanted` that `features.knownReferences` lists. */
export function knownAmong(features: FeatureModel, wanted: ReadonlySet<string>): Set<string> {
  const derivation = derivationOf(features);
  if (!derivation || derivation.list !== null) {
    const known = new Set<string>();
    for (const reference of features.knownReferences) if (wanted.has(reference)) known.add(reference);
    return known;
  }
  // Derived and not listed: a wanted reference the mint noted is known; any other (a reference to a
  // resource without an id, or one added to the model since) is looked up in the chart.
  const known = new Set<string>();
  for (const reference of derivation.held) if (wanted.has(reference)) known.add(reference);
  if (known.size === wanted.size) return known;
  const unsure = [...wanted].filter((reference) => !known.has(reference));
  for (const reference of referencesInChart(derivation.chart, unsure)) known.add(reference);
  return known;
}
