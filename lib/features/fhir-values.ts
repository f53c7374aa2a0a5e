// Small readers for FHIR datatypes, shared by the feature modules. Pure: no clock.

const yearOnly = /^\d{4}$/;
const yearMonth = /^\d{4}-\d{2}$/;
const localTime = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

function endsInDigit(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  return last >= 48 && last <= 57;
}

/** Epoch ms of a FHIR date/dateTime/instant; partial dates read as their first day, local times as UTC. */
export function fhirDateToMs(value: string | undefined | null): number | null {
  if (!value) return null;
  let text = value;
  // Each pattern is tried only where it can match (by length, or a final digit): most dates are
  // full timestamps ending in "Z" or an offset, and this runs once per dated resource.
  if (text.length === 4 && yearOnly.test(text)) text = `${text}-01-01`;
  else if (text.length === 7 && yearMonth.test(text)) text = `${text}-01`;
  // A plain date (10 characters) has no time to read as UTC: Date.parse already does.
  else if (text.length > 10 && endsInDigit(text) && localTime.test(text)) text = `${text}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

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
