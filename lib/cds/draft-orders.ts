import type { ChartSnapshot } from '../contracts/chart-snapshot';
import { referenceKey, type WithId } from '../contracts/references';
import type { DraftOrderDrug } from '../differential/draft-order-warnings';
import { medicationsFeature } from '../features/medications';
import { buildChartSnapshot, parseChartResource } from '../fhir/parse-chart';
import type { DraftOrdersBundle } from './order-request-schema';

// The draft MedicationRequests of an order hook, matched by the chart's own medication code
// (lib/features/medications.ts over lib/knowledge/medications.ts): each draft is read as the
// current order it becomes once signed, in a chart that holds only that order and the
// Medications it may reference. No second drug table, so every addition to the knowledge flows in.

export interface DraftOrder {
  resource: WithId<fhir4.MedicationRequest>;
  reference: string;
}

/** The Bundle's MedicationRequests and Medications, as the app's schemas read them. */
export function draftOrdersOf(bundle: DraftOrdersBundle): {
  orders: DraftOrder[];
  medications: WithId<fhir4.Medication>[];
} {
  const orders: DraftOrder[] = [];
  const medications: WithId<fhir4.Medication>[] = [];
  for (const entry of bundle.entry ?? []) {
    const parsed = parseChartResource(entry.resource);
    // The request schema already refused drafts that do not parse: only valid ones reach here.
    if (parsed.ok !== true) continue;
    const resource = parsed.resource;
    if (resource.resourceType === 'MedicationRequest') {
      orders.push({ resource, reference: `MedicationRequest/${resource.id}` });
    } else if (resource.resourceType === 'Medication') {
      medications.push(resource);
    }
  }
  return { orders, medications };
}

/** A draft counts as the order it becomes: `draft` is read as `active` (other statuses as sent). */
function asSigned(order: WithId<fhir4.MedicationRequest>): WithId<fhir4.MedicationRequest> {
  return order.status === 'draft' ? { ...order, status: 'active' } : order;
}

function referencedMedicationMissing(
  order: fhir4.MedicationRequest,
  medicationIds: ReadonlySet<string>,
): boolean {
  const key = referenceKey(order.medicationReference?.reference);
  return key?.startsWith('Medication/') === true && !medicationIds.has(key);
}

/**
 * What each draft names, matched as the chart's drugs are. `chart` supplies Medications the EHR
 * prefetched or the service read; the Bundle's own Medications are added to them.
 */
export function matchDraftOrders(
  orders: readonly DraftOrder[],
  bundleMedications: readonly WithId<fhir4.Medication>[],
  chart: ChartSnapshot,
  now: Date,
): DraftOrderDrug[] {
  const medications = [...bundleMedications, ...chart.medications];
  const medicationIds = new Set(medications.map((m) => `Medication/${m.id}`));
  return orders.map((order) => {
    const snapshot = buildChartSnapshot({
      patientReference: chart.patientReference,
      resources: [asSigned(order.resource), ...medications],
      queries: [],
    });
    return {
      reference: order.reference,
      medications: medicationsFeature(snapshot, now).items,
      medicationUnresolved: referencedMedicationMissing(order.resource, medicationIds),
    };
  });
}
