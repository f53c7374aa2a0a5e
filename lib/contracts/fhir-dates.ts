// How every layer reads a FHIR date, dateTime or instant into epoch ms: the features that decide
// and the pictures that draw them must place a date on the same day. Pure: no clock.

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
