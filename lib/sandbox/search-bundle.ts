import { getStatus } from '@medplum/core';
import type { Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { referenceKey } from '@/lib/contracts/references';
import type { SandboxFhirServer } from './fhir-repository';
import { pageUrl, planSearch, repositoryFetchLimit, sortResources } from './search-paging';

// One search over the in-memory repository, answered as a searchset Bundle with paging links:
// shared by the sandbox EHR (patient compartment, scopes) and the open FHIR server of the
// interoperability tests (no restrictions).

export interface SearchRequest {
  type: string;
  params: URLSearchParams;
  /** The FHIR base the Bundle's links and full URLs start with. */
  fhirBase: string;
  /** Which matches (and included resources) the caller may see; all when absent. */
  visible?: (resource: Resource) => boolean;
  /** Search only this patient's compartment (lib/sandbox/fhir-repository.ts); every resource when absent. */
  compartmentOf?: string;
  /** False when `_include`d resources must be left out (e.g. their type is not in scope). */
  includesAllowed?: boolean;
}

export type SearchAnswer =
  | { ok: true; bundle: Bundle }
  | { ok: false; status: number; outcome: OperationOutcome };

/** Every "Type/id" a resource references (for keeping only the includes the page needs). */
function referencesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== 'object' || value === null) return [];
  const out: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (key === 'reference' && typeof item === 'string') {
      const ref = referenceKey(item);
      if (ref) out.push(ref);
    } else out.push(...referencesIn(item));
  }
  return out;
}

export async function searchBundle(server: SandboxFhirServer, request: SearchRequest): Promise<SearchAnswer> {
  const { type, params, fhirBase } = request;
  const visible = request.visible ?? (() => true);
  const plan = planSearch(type, params);
  const query = new URLSearchParams(plan.kept);
  query.set('_count', String(repositoryFetchLimit));
  const repo =
    request.compartmentOf === undefined ? server.repo : await server.compartment(request.compartmentOf);
  const [outcome, result] = await server.router.handleRequest(
    {
      method: 'GET',
      url: `${type}?${query.toString()}`,
      pathname: '',
      body: undefined,
      params: {},
      query: {},
    },
    repo,
  );
  if (result?.resourceType !== 'Bundle') return { ok: false, status: getStatus(outcome) || 400, outcome };
  const entries: BundleEntry[] = (result as Bundle).entry ?? [];
  const matches = sortResources(
    entries.filter((e) => e.search?.mode !== 'include' && e.resource).map((e) => e.resource as Resource),
    type,
    plan.sort,
  ).filter(visible);
  const page = matches.slice(plan.offset, plan.offset + plan.count);
  const referenced = new Set(page.flatMap((r) => referencesIn(r)));
  const includes =
    request.includesAllowed === false
      ? []
      : entries
          .filter((e) => e.search?.mode === 'include' && e.resource)
          .map((e) => e.resource as Resource)
          .filter((r) => referenced.has(`${r.resourceType}/${r.id}`) && visible(r));
  const total = matches.length;
  const link = [{ relation: 'self', url: pageUrl(fhirBase, type, plan, plan.offset) }];
  if (plan.count > 0 && plan.offset + plan.count < total) {
    link.push({ relation: 'next', url: pageUrl(fhirBase, type, plan, plan.offset + plan.count) });
  }
  if (plan.offset > 0) {
    link.push({
      relation: 'previous',
      url: pageUrl(fhirBase, type, plan, Math.max(0, plan.offset - plan.count)),
    });
  }
  const entry = (mode: 'match' | 'include') => (resource: Resource) => ({
    fullUrl: `${fhirBase}/${resource.resourceType}/${resource.id}`,
    resource,
    search: { mode },
  });
  return {
    ok: true,
    bundle: {
      resourceType: 'Bundle',
      type: 'searchset',
      total,
      link,
      entry: [...page.map(entry('match')), ...includes.map(entry('include'))],
    },
  };
}
