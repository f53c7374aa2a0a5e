// Small readers for FHIR datatypes, shared by the feature modules. Pure: no clock. Dates are read by
// lib/contracts/fhir-dates.ts, which the pictures' layout shares.

/** The first human-readable text of a concept: its text, else the first coding display. */
export function firstText(concept: fhir4.CodeableConcept | undefined): string | undefined {
  if (concept?.text) return concept.text;
  for (const coding of concept?.coding ?? []) if (coding.display) return coding.display;
  return undefined;
}

/** The codes (any system) of a concept, e.g. a status concept. */
export function anyCode(concept: fhir4.CodeableConcept | undefined): string[] {
  const codes: string[] = [];
  for (const coding of concept?.coding ?? []) if (coding.code) codes.push(coding.code);
  return codes;
}
