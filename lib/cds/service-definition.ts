import { chartQueries, prefetchTemplate } from '../fhir/queries';
import { orderServices } from './order-service-definitions';

// The CDS Services this app offers (patient-view here, the order hooks in
// order-service-definitions.ts), and the FHIR queries they ask the EHR to prefetch
// (https://cds-hooks.hl7.org/2.0/#discovery): rendered from the app's own query list
// (lib/fhir/queries.ts), so prefetched data, the service's reads of `fhirServer` and the app's
// searches mean the same thing.

export const serviceId = 'leg-symptom-differential';
export const hook = 'patient-view';
export const sourceLabel = 'Leg symptom differential';

export interface CdsServiceDescription {
  hook: string;
  id: string;
  title: string;
  description: string;
  prefetch: Record<string, string>;
}

/** One template per chart query, keyed by the query's `key`. */
export function prefetchTemplates(labLoincCodes: readonly string[]): Record<string, string> {
  return Object.fromEntries(chartQueries.map((q) => [q.key, prefetchTemplate(q, labLoincCodes)]));
}

export function discoveryResponse(labLoincCodes: readonly string[]): { services: CdsServiceDescription[] } {
  return {
    services: [
      {
        hook,
        id: serviceId,
        title: 'Leg symptom differential',
        description:
          'When a chart opens, flags current medications that can cause or worsen restless legs or ' +
          'akathisia, and the iron (ferritin) status, each with the FHIR resources it rests on; offers to ' +
          'order ferritin and TSAT when iron is unknown for a patient at risk; links to the full differential app.',
        prefetch: prefetchTemplates(labLoincCodes),
      },
      ...orderServices.map((service) => ({ ...service, prefetch: prefetchTemplates(labLoincCodes) })),
    ],
  };
}
