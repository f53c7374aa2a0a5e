import { sandboxResourceTypes } from './scopes';

// Discovery documents. fhirclient reads `${iss}/.well-known/smart-configuration` first and falls
// back to the CapabilityStatement's oauth-uris extension. https://hl7.org/fhir/smart-app-launch/conformance.html

export const clientId = 'leg-symptom-differential';

export interface SandboxUrls {
  origin: string;
  fhirBase: string;
  authorize: string;
  token: string;
  style: string;
}

export function sandboxUrls(origin: string): SandboxUrls {
  return {
    origin,
    fhirBase: `${origin}/sandbox/fhir`,
    authorize: `${origin}/sandbox/auth/authorize`,
    token: `${origin}/sandbox/auth/token`,
    style: `${origin}/sandbox/smart-style.json`,
  };
}

const scopesSupported = [
  'launch',
  'launch/patient',
  'openid',
  'fhirUser',
  'online_access',
  'offline_access',
  ...sandboxResourceTypes.flatMap((t) => [`patient/${t}.read`, `patient/${t}.rs`]),
];

export function smartConfiguration(urls: SandboxUrls) {
  return {
    issuer: urls.fhirBase,
    authorization_endpoint: urls.authorize,
    token_endpoint: urls.token,
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    scopes_supported: scopesSupported,
    code_challenge_methods_supported: ['S256'],
    capabilities: [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'context-ehr-patient',
      'context-standalone-patient',
      'context-banner',
      'context-style',
      'permission-patient',
      'permission-online',
      'permission-v1',
      'permission-v2',
    ],
  };
}

/** Search parameters Medplum's memory repository answers correctly for the app's queries. */
const searchParams: Record<string, string[]> = {
  Patient: ['_id'],
  Condition: ['patient', 'subject', 'category', 'clinical-status', 'code', 'onset-date'],
  Observation: ['patient', 'subject', 'category', 'code', 'status', 'date'],
  MedicationRequest: ['patient', 'subject', 'status', 'intent', 'authoredon'],
  MedicationStatement: ['patient', 'subject', 'status', 'effective'],
  MedicationAdministration: ['patient', 'subject', 'status', 'effective-time'],
  Medication: ['_id', 'code'],
};

export function capabilityStatement(urls: SandboxUrls, options: { unsupported?: string[] } = {}) {
  const unsupported = new Set(options.unsupported ?? []);
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-25',
    kind: 'instance',
    software: { name: 'Leg symptom differential sandbox EHR (Medplum memory repository)' },
    implementation: { description: 'Synthetic patients for demos and end-to-end tests', url: urls.fhirBase },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Read-only, patient-compartment access. Supported: read; search with the listed parameters, ' +
          '_count (max 500), _offset, _sort (date-aware), _include=<MedicationRequest|MedicationStatement|MedicationAdministration>:medication; paging ' +
          'links self/next/previous. Not supported: quantity searches, chained parameters, _revinclude. ' +
          'Unknown parameters are ignored and left out of the self link.',
        security: {
          cors: false,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: urls.authorize },
                { url: 'token', valueUri: urls.token },
              ],
            },
          ],
        },
        resource: sandboxResourceTypes
          .filter((type) => !unsupported.has(type))
          .map((type) => ({
            type,
            interaction: [{ code: 'read' }, { code: 'search-type' }],
            searchInclude:
              type.startsWith('Medication') && type !== 'Medication' ? [`${type}:medication`] : undefined,
            searchParam: (searchParams[type] ?? []).map((name) => ({
              name,
              type:
                name === 'date' ||
                name.endsWith('-date') ||
                name === 'authoredon' ||
                name === 'effective' ||
                name === 'effective-time'
                  ? 'date'
                  : name === 'patient' || name === 'subject'
                    ? 'reference'
                    : 'token',
            })),
          })),
      },
    ],
  };
}

export const smartStyle = {
  color_background: '#f6f8fb',
  color_error: '#b00020',
  color_highlight: '#1f5fa8',
  color_modal_backdrop: 'rgba(0, 0, 0, 0.4)',
  color_success: '#1b7f3b',
  color_text: '#1b1f24',
  dim_border_radius: '6px',
  dim_font_size: '16px',
  dim_spacing_size: '16px',
  font_family_body: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  font_family_heading: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
};
