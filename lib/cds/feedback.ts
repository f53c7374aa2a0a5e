import { z } from 'zod';
import { overrideReasonSystem } from './order-cards';
import { describeRequestIssues } from './request-schema';
import {
  baseUrl,
  type CdsServiceDeps,
  callContext,
  checkCaller,
  operationOutcome,
  readJsonBody,
} from './service-handler';

// POST {base}/cds-services/{id}/feedback (https://cds-hooks.hl7.org/2.0/#feedback): what the
// clinician did with a card (`accepted` with the suggestions taken, or `overridden` with an
// optional reason). Validated, answered 200, counted in memory per service and outcome and
// override reason, and logged as one structured line per call so a deploying team can see how
// often cards are overridden and why. Never kept or logged: card and suggestion ids, the
// clinician's comment, timestamps.

const coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().min(1),
  display: z.string().optional(),
});

const feedbackEntrySchema = z
  .looseObject({
    card: z.string().min(1).max(200),
    outcome: z.enum(['accepted', 'overridden']),
    acceptedSuggestions: z
      .array(z.looseObject({ id: z.string().min(1) }))
      .max(50)
      .optional(),
    overrideReason: z
      .looseObject({ reason: coding.optional(), userComment: z.string().optional() })
      .optional(),
    outcomeTimestamp: z.iso.datetime({ offset: true }),
  })
  .superRefine((entry, ctx) => {
    // CDS Hooks 2.0: acceptedSuggestions "Required for accepted outcomes"; an override reason
    // belongs to an overridden card only.
    if (entry.outcome === 'accepted' && !entry.acceptedSuggestions?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['acceptedSuggestions'],
        message: 'required when outcome is accepted',
      });
    }
    if (entry.outcome === 'accepted' && entry.overrideReason) {
      ctx.addIssue({ code: 'custom', path: ['overrideReason'], message: 'only for an overridden card' });
    }
    if (entry.outcome === 'overridden' && entry.acceptedSuggestions?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['acceptedSuggestions'],
        message: 'not allowed when outcome is overridden',
      });
    }
  });

export const feedbackRequestSchema = z.looseObject({
  feedback: z.array(feedbackEntrySchema).min(1).max(100),
});

export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

export interface FeedbackCounts {
  accepted: number;
  overridden: number;
  /** Overrides by reason: this service's reason codes, `other` (a reason of the EHR's own), `none`. */
  overriddenBy: Record<string, number>;
}

// Route handlers may be bundled separately: one tally per process, shared through globalThis.
const tallyKey = Symbol.for('leg-symptom-differential.cds-feedback');
type GlobalWithTally = typeof globalThis & { [tallyKey]?: Map<string, FeedbackCounts> };

function tally(): Map<string, FeedbackCounts> {
  const global = globalThis as GlobalWithTally;
  global[tallyKey] ??= new Map();
  return global[tallyKey];
}

/** The counts so far in this process, per service id (a copy). */
export function feedbackCounts(): Record<string, FeedbackCounts> {
  return Object.fromEntries(
    [...tally()].map(([id, c]) => [id, { ...c, overriddenBy: { ...c.overriddenBy } }]),
  );
}

/** Only this service's own reason codes are named; the rest could carry free text. */
function reasonKey(entry: FeedbackRequest['feedback'][number]): string {
  const reason = entry.overrideReason?.reason;
  if (!reason) return 'none';
  return reason.system === overrideReasonSystem && /^[a-z-]{1,40}$/.test(reason.code) ? reason.code : 'other';
}

/** Adds a call's feedback to the counts; returns the call's own figures (for the log line). */
export function countFeedback(serviceId: string, request: FeedbackRequest): FeedbackCounts {
  const call: FeedbackCounts = { accepted: 0, overridden: 0, overriddenBy: {} };
  for (const entry of request.feedback) {
    if (entry.outcome === 'accepted') call.accepted += 1;
    else {
      call.overridden += 1;
      const key = reasonKey(entry);
      call.overriddenBy[key] = (call.overriddenBy[key] ?? 0) + 1;
    }
  }
  const totals = tally().get(serviceId) ?? { accepted: 0, overridden: 0, overriddenBy: {} };
  totals.accepted += call.accepted;
  totals.overridden += call.overridden;
  for (const [key, n] of Object.entries(call.overriddenBy))
    totals.overriddenBy[key] = (totals.overriddenBy[key] ?? 0) + n;
  tally().set(serviceId, totals);
  return call;
}

export interface FeedbackDeps extends Pick<CdsServiceDeps, 'env'> {
  /** Where the structured line goes (console.info in production). */
  log: (line: string) => void;
}

/** POST {base}/cds-services/{serviceId}/feedback */
export async function handleFeedback(
  request: Request,
  deps: FeedbackDeps,
  serviceId: string,
): Promise<Response> {
  const context = callContext(request, deps.env);
  if (context instanceof Response) return context;
  const { cors } = context;
  const refused = await checkCaller(
    context,
    request,
    `${baseUrl(context.config, request)}/cds-services/${serviceId}/feedback`,
  );
  if (refused instanceof Response) return refused;
  const read = await readJsonBody(request, cors);
  if (!read.ok) return read.response;
  const parsed = feedbackRequestSchema.safeParse(read.body);
  if (!parsed.success) {
    return operationOutcome(
      400,
      'invalid',
      `invalid CDS Hooks feedback: ${describeRequestIssues(parsed.error)}`,
      cors,
    );
  }
  const call = countFeedback(serviceId, parsed.data);
  const totals = feedbackCounts()[serviceId];
  deps.log(
    JSON.stringify({
      event: 'cds-hooks.feedback',
      service: serviceId,
      accepted: call.accepted,
      overridden: call.overridden,
      overriddenBy: call.overriddenBy,
      totals,
    }),
  );
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store', ...cors } });
}

export function productionFeedbackDeps(): FeedbackDeps {
  return { env: process.env, log: (line) => console.info(line) };
}
