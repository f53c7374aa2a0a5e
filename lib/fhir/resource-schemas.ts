import { z } from 'zod';

// zod schemas for the fields the features read, and nothing more: unknown fields pass through
// untouched (looseObject), so a valid resource is kept whole. A resource that fails is quarantined.

const coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const codeableConcept = z.looseObject({ coding: z.array(coding).optional(), text: z.string().optional() });
const reference = z.looseObject({ reference: z.string().optional(), display: z.string().optional() });
const period = z.looseObject({ start: z.string().optional(), end: z.string().optional() });
/** FHIR date/dateTime: YYYY, YYYY-MM, YYYY-MM-DD or a full timestamp. */
const fhirDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/, 'not a FHIR date');
const id = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'not a FHIR id');
const quantity = z.looseObject({
  value: z.number().finite().optional(),
  comparator: z.enum(['<', '<=', '>=', '>']).optional(),
  unit: z.string().optional(),
  system: z.string().optional(),
  code: z.string().optional(),
});

export const patientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  id,
  birthDate: fhirDate.optional(),
  gender: z.enum(['male', 'female', 'other', 'unknown']).optional(),
});

export const conditionSchema = z.looseObject({
  resourceType: z.literal('Condition'),
  id,
  subject: reference,
  code: codeableConcept.optional(),
  clinicalStatus: codeableConcept.optional(),
  verificationStatus: codeableConcept.optional(),
  category: z.array(codeableConcept).optional(),
  onsetDateTime: fhirDate.optional(),
  recordedDate: fhirDate.optional(),
  abatementDateTime: fhirDate.optional(),
});

export const observationSchema = z.looseObject({
  resourceType: z.literal('Observation'),
  id,
  status: z.enum([
    'registered',
    'preliminary',
    'final',
    'amended',
    'corrected',
    'cancelled',
    'entered-in-error',
    'unknown',
  ]),
  code: codeableConcept,
  subject: reference.optional(),
  valueQuantity: quantity.optional(),
  effectiveDateTime: fhirDate.optional(),
  effectivePeriod: period.optional(),
  effectiveInstant: z.string().optional(),
  issued: z.string().optional(),
});

const medicationChoice = {
  medicationCodeableConcept: codeableConcept.optional(),
  medicationReference: reference.optional(),
  contained: z.array(z.looseObject({ resourceType: z.string(), id: z.string().optional() })).optional(),
};

export const medicationStatementSchema = z
  .looseObject({
    resourceType: z.literal('MedicationStatement'),
    id,
    status: z.enum([
      'active',
      'completed',
      'entered-in-error',
      'intended',
      'stopped',
      'on-hold',
      'unknown',
      'not-taken',
    ]),
    subject: reference,
    effectiveDateTime: fhirDate.optional(),
    effectivePeriod: period.optional(),
    dateAsserted: fhirDate.optional(),
    ...medicationChoice,
  })
  .refine((r) => r.medicationCodeableConcept || r.medicationReference, 'no medication[x]');

export const medicationRequestSchema = z
  .looseObject({
    resourceType: z.literal('MedicationRequest'),
    id,
    status: z.enum([
      'active',
      'on-hold',
      'cancelled',
      'completed',
      'entered-in-error',
      'stopped',
      'draft',
      'unknown',
    ]),
    intent: z.string(),
    subject: reference,
    authoredOn: fhirDate.optional(),
    reportedBoolean: z.boolean().optional(),
    ...medicationChoice,
  })
  .refine((r) => r.medicationCodeableConcept || r.medicationReference, 'no medication[x]');

export const medicationSchema = z.looseObject({
  resourceType: z.literal('Medication'),
  id,
  code: codeableConcept.optional(),
  ingredient: z.array(z.looseObject({ itemCodeableConcept: codeableConcept.optional() })).optional(),
});

export const chartResourceSchemas = {
  Patient: patientSchema,
  Condition: conditionSchema,
  Observation: observationSchema,
  MedicationStatement: medicationStatementSchema,
  MedicationRequest: medicationRequestSchema,
  Medication: medicationSchema,
} as const;
