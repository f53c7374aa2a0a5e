import { referenceKey } from '../contracts/references';
import type { Report } from '../contracts/report-schema';
import { ironOrderIndication } from '../differential/iron-order';
import {
  ironOrderLabs,
  ironOrderSuggestion,
  laboratoryProcedureCategory,
  loincSystem,
  type OrderableLab,
} from '../knowledge/iron-order';
import { labDefinitions } from '../knowledge/labs';
import type { CardOptions, CdsSuggestion } from './cards';

// The iron card's "Order ferritin and TSAT" (https://cds-hooks.hl7.org/2.0/#suggestion): one
// suggestion whose actions create one draft ServiceRequest per test (FHIR R4: status `draft`,
// intent `proposal`, subject the patient). The EHR shows it; the clinician decides. Whether it is
// offered is decided by lib/differential/iron-order.ts, the codes come from lib/knowledge.

const labLabels = new Map(labDefinitions.map((lab) => [lab.id, lab.label]));

/** ServiceRequest.reasonReference may cite Conditions (R4 allows Condition, Observation, ...), not drugs. */
function conditionReasons(sources: readonly string[]): fhir4.Reference[] {
  return sources
    .map((s) => referenceKey(s))
    .filter((key): key is string => key?.startsWith('Condition/') === true)
    .map((reference) => ({ reference }));
}

export function labOrderProposal(
  lab: OrderableLab,
  patientReference: string,
  reasons: fhir4.Reference[],
): fhir4.ServiceRequest {
  const { system, code, display } = laboratoryProcedureCategory;
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    category: [{ coding: [{ system, code, display }] }],
    code: {
      coding: [{ system: loincSystem, code: lab.loinc, display: lab.display }],
      text: labLabels.get(lab.lab) ?? lab.display,
    },
    subject: { reference: patientReference },
    ...(reasons.length > 0 ? { reasonReference: reasons } : {}),
  };
}

/** The suggestion for the iron card, or null when the Report does not call for it. */
export function ironOrderSuggestionFor(
  report: Report,
  options: Pick<CardOptions, 'newId'>,
): CdsSuggestion | null {
  const indication = ironOrderIndication(report);
  if (indication === null) return null;
  const reasons = conditionReasons(indication.sources);
  return {
    label: ironOrderSuggestion.label,
    uuid: options.newId(),
    isRecommended: true,
    actions: ironOrderLabs.map((lab) => ({
      type: 'create' as const,
      description: lab.description,
      resource: labOrderProposal(lab, report.patient.reference, reasons),
    })),
  };
}
