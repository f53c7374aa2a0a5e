import { chartResourceTypes } from '../contracts/ids';
// SMART scopes the sandbox grants (v1 ".read" and v2 ".rs" syntax), read-only and patient-level.
// https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html

/** The sandbox serves exactly what the app reads. */
export const sandboxResourceTypes = chartResourceTypes;
export type SandboxResourceType = (typeof sandboxResourceTypes)[number];

export function isSandboxResourceType(value: string): value is SandboxResourceType {
  return (sandboxResourceTypes as readonly string[]).includes(value);
}

const contextScopes = new Set([
  'launch',
  'launch/patient',
  'openid',
  'fhirUser',
  'online_access',
  'offline_access',
]);
const resourceScope = /^patient\/([A-Za-z]+|\*)\.(read|write|\*|c?r?u?d?s?)$/;

type Interaction = 'read' | 'search';

interface ParsedResourceScope {
  type: string;
  read: boolean;
  search: boolean;
}

function parseResourceScope(scope: string): ParsedResourceScope | null {
  const match = resourceScope.exec(scope);
  if (!match?.[1] || match[2] === undefined || match[2] === '') return null;
  const [type, perms] = [match[1], match[2]];
  if (type !== '*' && !isSandboxResourceType(type)) return null;
  if (perms === 'read' || perms === '*') return { type, read: true, search: true };
  if (perms === 'write') return null;
  return { type, read: perms.includes('r'), search: perms.includes('s') };
}

/**
 * The scopes granted for a request: known context scopes plus readable patient/ scopes; write
 * permissions are dropped (read-only sandbox) and v2 "cruds" narrows to "rs".
 */
export function grantScopes(requested: string): string[] {
  const granted: string[] = [];
  for (const scope of requested.split(/\s+/).filter(Boolean)) {
    if (contextScopes.has(scope)) granted.push(scope);
    else {
      const parsed = parseResourceScope(scope);
      if (!parsed || (!parsed.read && !parsed.search)) continue;
      const v1 = scope.endsWith('.read') || scope.endsWith('.*');
      if (v1) granted.push(`patient/${parsed.type}.read`);
      else granted.push(`patient/${parsed.type}.${parsed.read ? 'r' : ''}${parsed.search ? 's' : ''}`);
    }
  }
  return [...new Set(granted)];
}

export function scopeAllows(scope: string, type: string, interaction: Interaction): boolean {
  return scope
    .split(/\s+/)
    .map(parseResourceScope)
    .some((p) => p !== null && (p.type === '*' || p.type === type) && p[interaction]);
}
