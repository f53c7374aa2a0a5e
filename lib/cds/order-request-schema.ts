import { z } from 'zod';
import { referenceKey } from '../contracts/references';
import { parseChartResource } from '../fhir/parse-chart';
import { cdsRequestSchema, patientViewContextSchema } from './request-schema';

// The order-select and order-sign requests (hooks order-select 1.0 and order-sign 1.0 of the CDS
// Hooks library: https://cds-hooks.hl7.org/hooks/order-select/,
// https://cds-hooks.hl7.org/hooks/order-sign/). `draftOrders` is an R4 Bundle of the session's
// unsigned orders; `selections` (order-select only) names the ones just chosen. The draft
// MedicationRequests are checked with the app's own resource schemas: a draft the service cannot
// read is a 400 naming the field, never a silent "no warning".

/** The order types the hooks allow in R4; only MedicationRequest (and Medication) are read. */
const readTypes = new Set(['MedicationRequest', 'Medication']);

const draftEntrySchema = z.looseObject({
  resource: z.looseObject({ resourceType: z.string().min(1) }),
});

export const draftOrdersSchema = z
  .looseObject({
    resourceType: z.literal('Bundle'),
    entry: z.array(draftEntrySchema).max(500).optional(),
  })
  .superRefine((bundle, ctx) => {
    (bundle.entry ?? []).forEach((entry, index) => {
      if (!readTypes.has(entry.resource.resourceType)) return;
      const parsed = parseChartResource(entry.resource);
      if (parsed.ok === false) {
        // The reason names fields and expected types, never the values.
        ctx.addIssue({
          code: 'custom',
          path: ['entry', index, 'resource'],
          message: parsed.quarantined.reason,
        });
      }
    });
  });

export type DraftOrdersBundle = z.infer<typeof draftOrdersSchema>;

/** "MedicationRequest/103": a selection names a resource of the draftOrders Bundle. */
const orderReference = z.string().regex(/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/, 'not a "Type/id" reference');

const orderContextShape = {
  draftOrders: draftOrdersSchema,
};

/** References ("Type/id") of the resources in the Bundle. */
export function draftReferences(bundle: DraftOrdersBundle): Set<string> {
  const references = new Set<string>();
  for (const entry of bundle.entry ?? []) {
    const id = entry.resource.id;
    if (typeof id === 'string') references.add(`${entry.resource.resourceType}/${id}`);
  }
  return references;
}

/** Every draft MedicationRequest is about the patient in context. */
function checkSubjects(
  context: { patientId: string; draftOrders: DraftOrdersBundle },
  ctx: z.RefinementCtx,
): void {
  const patient = `Patient/${context.patientId}`;
  (context.draftOrders.entry ?? []).forEach((entry, index) => {
    const resource = entry.resource;
    if (resource.resourceType !== 'MedicationRequest') return;
    const subject = resource.subject;
    const ref =
      typeof subject === 'object' && subject !== null && 'reference' in subject
        ? subject.reference
        : undefined;
    if (referenceKey(typeof ref === 'string' ? ref : undefined) !== patient) {
      ctx.addIssue({
        code: 'custom',
        path: ['draftOrders', 'entry', index, 'resource', 'subject'],
        message: 'not the patient in context.patientId',
      });
    }
  });
}

export const orderSelectContextSchema = patientViewContextSchema
  .extend({ ...orderContextShape, selections: z.array(orderReference).min(1).max(500) })
  .superRefine((context, ctx) => {
    checkSubjects(context, ctx);
    const present = draftReferences(context.draftOrders);
    context.selections.forEach((selection, index) => {
      if (!present.has(selection)) {
        ctx.addIssue({
          code: 'custom',
          path: ['selections', index],
          message: 'names no resource in draftOrders',
        });
      }
    });
  });

export const orderSignContextSchema = patientViewContextSchema
  .extend(orderContextShape)
  .superRefine((context, ctx) => checkSubjects(context, ctx));

export const orderSelectRequestSchema = cdsRequestSchema.safeExtend({ context: orderSelectContextSchema });
export const orderSignRequestSchema = cdsRequestSchema.safeExtend({ context: orderSignContextSchema });

export type OrderSelectRequest = z.infer<typeof orderSelectRequestSchema>;
export type OrderSignRequest = z.infer<typeof orderSignRequestSchema>;
export type OrderRequest = OrderSelectRequest | OrderSignRequest;
