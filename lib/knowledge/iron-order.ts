import type { ConditionGroupId, IronStatus, LabId } from '../contracts/ids';
import { LOINC, SNOMED } from './code-systems';
import { ironThresholds } from './labs';

// The patient-view suggestion "Order ferritin and TSAT": when it is offered and what it proposes
// (clinical spec §3: check serum ferritin even when hemoglobin is normal [1][2][3]; AASM 2024
// tests ferritin and TSAT in everyone with clinically significant RLS).

const aasm2024 = ironThresholds.ferritinBorderlineUpTo.citation;

export const ironOrderSuggestion: {
  label: string;
  /** Iron statuses that call for the order: no ferritin, an old one, or one that could not be read. */
  ironStatuses: readonly IronStatus[];
  /** Offered when one of these is coded (current or history)... */
  conditions: readonly ConditionGroupId[];
  /** ...or a drug that causes or worsens symptoms is current. */
  whenOffendingDrugCurrent: boolean;
  citation: string;
} = {
  label: 'Order ferritin and TSAT',
  ironStatuses: ['missing', 'stale', 'unknown'],
  conditions: ['rls'],
  whenOffendingDrugCurrent: true,
  citation: `seed [1][2][3]; ${aasm2024}`,
};

export interface OrderableLab {
  lab: LabId;
  /** The LOINC code ordered (one of the lab's codes in labs.ts). */
  loinc: string;
  /** LOINC long common name. */
  display: string;
  /** What the action says to the clinician. */
  description: string;
  citation: string;
}

/** One draft ServiceRequest each: two tests, two orders (one code per order). */
export const ironOrderLabs: readonly OrderableLab[] = [
  {
    lab: 'ferritin',
    loinc: '2276-4',
    display: 'Ferritin [Mass/volume] in Serum or Plasma',
    description: 'Propose a serum ferritin order (draft)',
    citation: 'seed [1][2][3]; LOINC',
  },
  {
    lab: 'tsat',
    loinc: '2502-3',
    display: 'Iron saturation [Mass Fraction] in Serum or Plasma',
    description: 'Propose a transferrin saturation (TSAT) order (draft)',
    citation: `${aasm2024}; LOINC`,
  },
];

/** ServiceRequest.category for a lab order (FHIR R4 ServiceRequest category example value set). */
export const laboratoryProcedureCategory = {
  system: SNOMED,
  code: '108252007',
  display: 'Laboratory procedure',
  citation: 'HL7 FHIR R4 servicerequest-category value set',
} as const;

export const loincSystem = LOINC;
