import * as z from 'zod/mini';
import './zod-english';

// zod schemas for the fields the features read, and nothing more: unknown fields pass through
// untouched (looseObject), so a valid resource is kept whole. A resource that fails is quarantined.

const coding = z.looseObject({
  system: z.optional(z.string()),
  code: z.optional(z.string()),
  display: z.optional(z.string()),
});
const codeableConcept = z.looseObject({ coding: z.optional(z.array(coding)), text: z.optional(z.string()) });
const reference = z.looseObject({ reference: z.optional(z.string()), display: z.optional(z.string()) });
const period = z.looseObject({ start: z.optional(z.string()), end: z.optional(z.string()) });
/** FHIR date/dateTime: YYYY, YYYY-MM, YYYY-MM-DD or a full timestamp. */
const fhirDate = z
  .string()
  .check(
    z.regex(
      /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/,
      'not a FHIR date',
    ),
  );
const id = z.string().check(z.regex(/^[A-Za-z0-9\-.]{1,64}$/, 'not a FHIR id'));
const quantity = z.looseObject({
  // z.number() already refuses Infinity and NaN.
  value: z.optional(z.number()),
  comparator: z.optional(z.enum(['<', '<=', '>=', '>'])),
  unit: z.optional(z.string()),
  system: z.optional(z.string()),
  code: z.optional(z.string()),
});

export const patientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  id,
  birthDate: z.optional(fhirDate),
  gender: z.optional(z.enum(['male', 'female', 'other', 'unknown'])),
  deceasedBoolean: z.optional(z.boolean()),
  deceasedDateTime: z.optional(fhirDate),
});

export const conditionSchema = z.looseObject({
  resourceType: z.literal('Condition'),
  id,
  subject: reference,
  code: z.optional(codeableConcept),
  clinicalStatus: z.optional(codeableConcept),
  verificationStatus: z.optional(codeableConcept),
  category: z.optional(z.array(codeableConcept)),
  onsetDateTime: z.optional(fhirDate),
  recordedDate: z.optional(fhirDate),
  abatementDateTime: z.optional(fhirDate),
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
  subject: z.optional(reference),
  valueQuantity: z.optional(quantity),
  effectiveDateTime: z.optional(fhirDate),
  effectivePeriod: z.optional(period),
  effectiveInstant: z.optional(z.string()),
  issued: z.optional(z.string()),
});

/** Dosage.route is read to leave topical, ophthalmic, otic and nasal uses out (spec §2). */
const dosage = z.looseObject({ route: z.optional(codeableConcept) });

const medicationChoice = {
  medicationCodeableConcept: z.optional(codeableConcept),
  medicationReference: z.optional(reference),
  contained: z.optional(z.array(z.looseObject({ resourceType: z.string(), id: z.optional(z.string()) }))),
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
    effectiveDateTime: z.optional(fhirDate),
    effectivePeriod: z.optional(period),
    dateAsserted: z.optional(fhirDate),
    dosage: z.optional(z.array(dosage)),
    ...medicationChoice,
  })
  .check(z.refine((r) => Boolean(r.medicationCodeableConcept || r.medicationReference), 'no medication[x]'));

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
    authoredOn: z.optional(fhirDate),
    reportedBoolean: z.optional(z.boolean()),
    dosageInstruction: z.optional(z.array(dosage)),
    ...medicationChoice,
  })
  .check(z.refine((r) => Boolean(r.medicationCodeableConcept || r.medicationReference), 'no medication[x]'));

/** A dose given: dated by effective[x] (R4 requires it; an undated one can only count as past). */
export const medicationAdministrationSchema = z
  .looseObject({
    resourceType: z.literal('MedicationAdministration'),
    id,
    status: z.enum([
      'in-progress',
      'not-done',
      'on-hold',
      'completed',
      'entered-in-error',
      'stopped',
      'unknown',
    ]),
    subject: reference,
    effectiveDateTime: z.optional(fhirDate),
    effectivePeriod: z.optional(period),
    dosage: z.optional(dosage),
    ...medicationChoice,
  })
  .check(z.refine((r) => Boolean(r.medicationCodeableConcept || r.medicationReference), 'no medication[x]'));

export const medicationSchema = z.looseObject({
  resourceType: z.literal('Medication'),
  id,
  code: z.optional(codeableConcept),
  form: z.optional(codeableConcept),
  ingredient: z.optional(z.array(z.looseObject({ itemCodeableConcept: z.optional(codeableConcept) }))),
});

export const chartResourceSchemas = {
  Patient: patientSchema,
  Condition: conditionSchema,
  Observation: observationSchema,
  MedicationStatement: medicationStatementSchema,
  MedicationRequest: medicationRequestSchema,
  MedicationAdministration: medicationAdministrationSchema,
  Medication: medicationSchema,
} as const;
