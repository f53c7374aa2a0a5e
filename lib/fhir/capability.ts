import type { FhirHttp } from './fhir-http';

// The resource types a server says it offers (CapabilityStatement.rest.resource.type). Fetched in
// the same wave as the searches, so it costs no extra round trip; used only to explain a refusal
// or an empty answer for a type the server does not offer.

export async function fetchOfferedTypes(http: FhirHttp, signal?: AbortSignal): Promise<Set<string> | null> {
  const response = await http.getJson('metadata', signal);
  if (response.kind !== 'ok') return null;
  const body = response.body;
  if (typeof body !== 'object' || body === null || !('rest' in body) || !Array.isArray(body.rest))
    return null;
  const types = new Set<string>();
  for (const rest of body.rest) {
    if (typeof rest !== 'object' || rest === null || !('resource' in rest) || !Array.isArray(rest.resource))
      continue;
    for (const resource of rest.resource) {
      if (
        typeof resource === 'object' &&
        resource !== null &&
        'type' in resource &&
        typeof resource.type === 'string'
      )
        types.add(resource.type);
    }
  }
  return types.size > 0 ? types : null;
}
