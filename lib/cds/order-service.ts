import { z } from 'zod';
import type { ChartSnapshot } from '../contracts/chart-snapshot';
import { draftOrdersOf } from './draft-orders';
import { cardsFromDraftOrderAssessments } from './order-cards';
import type { DraftOrdersInput, OrderAssessment } from './order-pipeline';
import { type OrderRequest, orderSelectRequestSchema, orderSignRequestSchema } from './order-request-schema';
import {
  type OrderServiceDefinition,
  orderSelectService,
  orderSignService,
} from './order-service-definitions';
import { describeRequestIssues } from './request-schema';
import {
  baseUrl,
  type CdsServiceDeps,
  callContext,
  chartForCall,
  checkCaller,
  operationOutcome,
  readJsonBody,
} from './service-handler';

// The order-select and order-sign services, with the patient-view handler's guarantees (same
// config, JWT check, body limits, 400 with field names, 412, OperationOutcome, CORS, no PHI logged).
//
// No card twice for one draft, without keeping state: order-select judges only the drafts named
// in `selections` (each draft is judged once, when it is chosen; the other drafts of the session
// are context). order-sign judges only the orders order-select never sees: revised orders being
// re-signed (status other than `draft`, per the order-sign hook). An EHR that does not call
// order-select sets CDS_ORDER_SIGN_NEW_DRAFTS=check, and order-sign then judges the drafts too.

export interface OrderServiceDeps extends Omit<CdsServiceDeps, 'analyze'> {
  /** Chart + drafts -> assessments (lib/cds/order-pipeline.ts). */
  assessOrders: (snapshot: ChartSnapshot, input: DraftOrdersInput, now: Date) => OrderAssessment;
  /** Whether a judged draft needs the chart at all (no chart read for a non-offending drug). */
  draftsNeedChart: (input: DraftOrdersInput, patientReference: string, now: Date) => boolean;
}

const orderSignModeSchema = z
  .enum(['skip', 'check'])
  .optional()
  .transform((v) => v ?? 'skip');

/** CDS_ORDER_SIGN_NEW_DRAFTS: `skip` (default: order-select judged them) or `check`. */
export function orderSignChecksNewDrafts(env: Record<string, string | undefined>): boolean | null {
  const raw = env.CDS_ORDER_SIGN_NEW_DRAFTS?.trim() || undefined;
  const parsed = orderSignModeSchema.safeParse(raw);
  return parsed.success ? parsed.data === 'check' : null;
}

type ParsedOrderRequest =
  | { ok: true; request: OrderRequest; selections: readonly string[] | null }
  | { ok: false; error: z.ZodError };

function parseOrderRequest(body: unknown, hook: OrderServiceDefinition['hook']): ParsedOrderRequest {
  if (hook === 'order-select') {
    const parsed = orderSelectRequestSchema.safeParse(body);
    return parsed.success
      ? { ok: true, request: parsed.data, selections: parsed.data.context.selections }
      : { ok: false, error: parsed.error };
  }
  const parsed = orderSignRequestSchema.safeParse(body);
  return parsed.success
    ? { ok: true, request: parsed.data, selections: null }
    : { ok: false, error: parsed.error };
}

/** order-select: the drafts in `selections`; order-sign: revised orders (and new drafts when configured). */
function judgedDrafts(
  request: OrderRequest,
  selections: readonly string[] | null,
  checkNewDrafts: boolean,
): DraftOrdersInput {
  const drafts = draftOrdersOf(request.context.draftOrders);
  const judged =
    selections !== null
      ? new Set(selections)
      : new Set(
          drafts.orders
            .filter((o) => checkNewDrafts || o.resource.status !== 'draft')
            .map((o) => o.reference),
        );
  return { orders: drafts.orders, medications: drafts.medications, judged };
}

async function handleOrderCall(
  request: Request,
  deps: OrderServiceDeps,
  service: OrderServiceDefinition,
): Promise<Response> {
  const context = callContext(request, deps.env);
  if (context instanceof Response) return context;
  const { cors } = context;
  const base = baseUrl(context.config, request);
  const rules = await checkCaller(context, request, `${base}/cds-services/${service.id}`);
  if (rules instanceof Response) return rules;
  const checkNewDrafts = orderSignChecksNewDrafts(deps.env);
  if (checkNewDrafts === null) {
    console.error(`cds-services/${service.id}: CDS_ORDER_SIGN_NEW_DRAFTS must be "skip" or "check"`);
    return operationOutcome(500, 'exception', 'the CDS service is not configured correctly', cors);
  }

  const read = await readJsonBody(request, cors);
  if (!read.ok) return read.response;
  const parsed = parseOrderRequest(read.body, service.hook);
  if (!parsed.ok) {
    return operationOutcome(
      400,
      'invalid',
      `invalid CDS Hooks request: ${describeRequestIssues(parsed.error)}`,
      cors,
    );
  }
  const call = parsed.request;
  if (call.hook !== service.hook) {
    return operationOutcome(400, 'not-supported', `this service answers the ${service.hook} hook only`, cors);
  }

  const now = deps.now();
  const input = judgedDrafts(call, parsed.selections, checkNewDrafts);
  const patientReference = `Patient/${call.context.patientId}`;
  const json = (body: unknown) => Response.json(body, { headers: { 'cache-control': 'no-store', ...cors } });
  // A drug that cannot need a card (the usual order) costs no chart read.
  if (!deps.draftsNeedChart(input, patientReference, now)) return json({ cards: [] });

  // The same reading as patient-view: a fhirServer this caller may not name is not read.
  const chart = await chartForCall(call, rules, deps, cors);
  if (chart instanceof Response) return chart;

  let assessment: OrderAssessment;
  try {
    assessment = deps.assessOrders(chart, input, now);
  } catch (error) {
    // A bug in the core, not bad input: report the error class only (its message may quote chart data).
    const name = error instanceof Error ? error.name : 'unknown error';
    console.error(`cds-services/${service.id}: analysis failed (${name})`);
    return operationOutcome(500, 'exception', 'the analysis failed', cors);
  }
  const cards = cardsFromDraftOrderAssessments(assessment.assessments, assessment.gaps, {
    launchUrl: `${base}/launch`,
    newId: deps.newId,
    offerRemoval: service.hook === 'order-select',
  });
  return json({ cards });
}

/** POST {base}/cds-services/leg-symptom-differential-order-select */
export function handleOrderSelect(request: Request, deps: OrderServiceDeps): Promise<Response> {
  return handleOrderCall(request, deps, orderSelectService);
}

/** POST {base}/cds-services/leg-symptom-differential-order-sign */
export function handleOrderSign(request: Request, deps: OrderServiceDeps): Promise<Response> {
  return handleOrderCall(request, deps, orderSignService);
}
