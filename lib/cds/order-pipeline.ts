import type { ChartSnapshot } from '../contracts/chart-snapshot';
import type { DataGap, FeatureModel } from '../contracts/feature-model';
import type { WithId } from '../contracts/references';
import {
  type DraftOrderAssessment,
  type DraftOrderDrug,
  draftOrderAssessments,
} from '../differential/draft-order-warnings';
import { deriveFeatures } from '../features/derive-features';
import { buildChartSnapshot } from '../fhir/parse-chart';
import { type DraftOrder, matchDraftOrders } from './draft-orders';
import type { OrderServiceDeps } from './order-service';
import { productionDeps } from './pipeline';

// The order hooks' pipeline: the chart's features (the same deriveFeatures that analyzeChart
// runs, with no bedside findings), the drafts matched by the chart's medication code, and the
// pure assessment in lib/differential/draft-order-warnings.ts.

export interface DraftOrdersInput {
  orders: readonly DraftOrder[];
  /** Medications sent in the draftOrders Bundle. */
  medications: readonly WithId<fhir4.Medication>[];
  /** References of the drafts this hook judges (the rest are session context). */
  judged: ReadonlySet<string>;
}

export interface OrderAssessment {
  assessments: DraftOrderAssessment[];
  gaps: { dataGaps: DataGap[]; quarantined: FeatureModel['quarantined'] };
}

/**
 * Whether any judged draft could need a card, from the drafts alone: an offending drug, or a drug
 * that cannot be identified without the chart's Medications. When not, the chart is not read.
 */
export function draftsNeedChart(input: DraftOrdersInput, patientReference: string, now: Date): boolean {
  const noChart = buildChartSnapshot({ patientReference, resources: [], queries: [] });
  const judged = input.orders.filter((o) => input.judged.has(o.reference));
  return matchDraftOrders(judged, input.medications, noChart, now).some(
    (drug: DraftOrderDrug) =>
      drug.medicationUnresolved || drug.medications.some((m) => m.role === 'offending'),
  );
}

export function assessDraftOrders(
  snapshot: ChartSnapshot,
  input: DraftOrdersInput,
  now: Date,
): OrderAssessment {
  const features = deriveFeatures(snapshot, { now, findings: {} });
  const session = matchDraftOrders(input.orders, input.medications, snapshot, now);
  const judged = session.filter((drug) => input.judged.has(drug.reference));
  return {
    assessments: draftOrderAssessments(features, judged, session),
    gaps: { dataGaps: features.dataGaps, quarantined: features.quarantined },
  };
}

/** The production wiring of the order services: patient-view's, with the order pipeline. */
export function productionOrderDeps(): OrderServiceDeps {
  const { analyze: _patientView, ...shared } = productionDeps();
  return { ...shared, assessOrders: assessDraftOrders, draftsNeedChart };
}
