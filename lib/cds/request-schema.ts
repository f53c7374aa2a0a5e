import { z } from 'zod';

// The CDS Hooks 2.0 service request, as far as this service reads it
// (https://cds-hooks.hl7.org/2.0/#http-request; patient-view context:
// https://cds-hooks.hl7.org/hooks/patient-view/). Unknown fields pass (extensions are allowed).

/** A FHIR logical id: also keeps the id safe to put in a search URL. */
const fhirId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'not a FHIR id');

/**
 * The spec marks every field REQUIRED, but only the token is needed to read: a client that leaves
 * out `subject` or `expires_in` still gets its cards rather than a 400.
 */
export const fhirAuthorizationSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z
    .string()
    .regex(/^bearer$/i, 'token_type must be Bearer')
    .optional(),
  expires_in: z.number().nonnegative().optional(),
  scope: z.string().optional(),
  subject: z.string().optional(),
});

export const patientViewContextSchema = z.looseObject({
  userId: z.string().min(1),
  patientId: fhirId,
  encounterId: z.string().optional(),
});

export const cdsRequestSchema = z
  .looseObject({
    hook: z.string().min(1),
    hookInstance: z.string().min(1),
    fhirServer: z.url({ protocol: /^https?$/ }).optional(),
    fhirAuthorization: fhirAuthorizationSchema.optional(),
    context: patientViewContextSchema,
    /** Each value is a resource, a searchset Bundle, or null (the client had nothing to give). */
    prefetch: z.record(z.string(), z.unknown()).optional(),
  })
  // CDS Hooks: "If fhirAuthorization is provided, [fhirServer] is REQUIRED."
  .refine((request) => request.fhirAuthorization === undefined || request.fhirServer !== undefined, {
    message: 'fhirServer is required when fhirAuthorization is given',
    path: ['fhirServer'],
  });

export type CdsRequest = z.infer<typeof cdsRequestSchema>;

/** Field paths and messages only: never the offending values, which may be PHI. */
export function describeRequestIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}
