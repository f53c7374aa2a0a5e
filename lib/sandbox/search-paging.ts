import { evalFhirPath, getSearchParameter } from '@medplum/core';

// What the memory repository lacks and clients need: paging links (self/next/previous from
// _count/_offset), date-aware _sort (it compares JSON text, which misorders Periods), and ignoring
// unknown parameters (it answers nothing instead; FHIR's lenient default is to ignore them and
// leave them out of the self link). https://hl7.org/fhir/R4/search.html#errors

export const defaultPageSize = 50;
export const maxPageSize = 500;
/** Everything one search can match before paging; more is reported as truncated in the log. */
export const repositoryFetchLimit = 1000;

const pagingParams = new Set(['_count', '_offset', '_sort', '_total']);
/** Result parameters the repository handles itself. */
const passThroughParams = new Set(['_include', '_id', '_lastUpdated']);

export interface PlannedSearch {
  /** Parameters passed to the repository (no paging), in request order. */
  kept: [string, string][];
  ignored: string[];
  count: number;
  offset: number;
  sort: { code: string; descending: boolean }[];
}

export function planSearch(resourceType: string, params: URLSearchParams): PlannedSearch {
  const kept: [string, string][] = [];
  const ignored: string[] = [];
  for (const [name, value] of params) {
    if (pagingParams.has(name)) continue;
    const code = name.split(':')[0] ?? name;
    if (passThroughParams.has(code) || getSearchParameter(resourceType, code)) kept.push([name, value]);
    else ignored.push(name);
  }
  const count = clampInt(params.get('_count'), defaultPageSize, 0, maxPageSize);
  const offset = clampInt(params.get('_offset'), 0, 0, Number.MAX_SAFE_INTEGER);
  const sort = (params.get('_sort') ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => ({ code: s.replace(/^-/, ''), descending: s.startsWith('-') }))
    .filter((s) => getSearchParameter(resourceType, s.code) !== undefined);
  return { kept, ignored, count, offset, sort };
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : fallback;
}

type SortKey = number | string | undefined;

/** The value a resource sorts by: dates (and Period starts) as epoch ms, anything else as text. */
function sortKey(resource: unknown, resourceType: string, code: string): SortKey {
  const param = getSearchParameter(resourceType, code);
  if (!param?.expression) return undefined;
  const values = evalFhirPath(param.expression, resource);
  for (const value of values) {
    const candidate =
      typeof value === 'object' && value !== null
        ? ((value as { start?: unknown; end?: unknown }).start ?? (value as { end?: unknown }).end)
        : value;
    if (typeof candidate === 'string') {
      if (param.type === 'date') {
        const ms = Date.parse(candidate.length === 4 ? `${candidate}-01-01` : candidate);
        if (Number.isFinite(ms)) return ms;
      }
      return candidate;
    }
    if (typeof candidate === 'number') return candidate;
  }
  return undefined;
}

/** Stable sort by the planned keys; resources without a value go last either way. */
export function sortResources<T>(resources: T[], resourceType: string, sort: PlannedSearch['sort']): T[] {
  if (sort.length === 0) return resources;
  const keyed = resources.map((resource, index) => ({
    resource,
    index,
    keys: sort.map((s) => sortKey(resource, resourceType, s.code)),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < sort.length; i++) {
      const [x, y] = [a.keys[i], b.keys[i]];
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const cmp = x < y ? -1 : 1;
      return sort[i]?.descending ? -cmp : cmp;
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.resource);
}

/** A search URL with the kept parameters and the given page window. */
export function pageUrl(base: string, resourceType: string, plan: PlannedSearch, offset: number): string {
  const params = new URLSearchParams(plan.kept);
  const sort = plan.sort.map((s) => `${s.descending ? '-' : ''}${s.code}`).join(',');
  if (sort) params.set('_sort', sort);
  params.set('_count', String(plan.count));
  if (offset > 0) params.set('_offset', String(offset));
  return `${base}/${resourceType}?${params.toString()}`;
}
