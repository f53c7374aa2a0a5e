/**
 * The references a claim rests on, each once, in the order first cited. Every reference the
 * features write names a resource of the chart (snapshot resources always have an id), so no
 * filtering is needed: provenance holds by construction.
 */
export function uniqueSources(sources: readonly string[]): string[] {
  return [...new Set(sources)];
}
