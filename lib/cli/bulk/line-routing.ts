import { chartResourceTypes } from '../../contracts/ids';
import { referenceKey } from '../../contracts/references';
import { isRecord } from '../../fhir/json-record';

// Which patient an NDJSON line belongs to, decided once per line so an export is grouped by
// patient without rescanning it. Pure: no I/O.

/**
 * The resource types kept from an export: those the chart snapshot reads, MedicationAdministration
 * (about to join the snapshot; ignored until it does) and Bundle (some exporters write a Bundle per
 * line; it is flattened). Every other type (Claim, ExplanationOfBenefit, Encounter...) is skipped.
 */
export const exportTypesRead: ReadonlySet<string> = new Set<string>([
  ...chartResourceTypes,
  'MedicationAdministration',
  'Bundle',
]);

/** Types that belong to no patient and are kept in one table shared by every patient. */
export const sharedTypes: ReadonlySet<string> = new Set<string>(['Medication']);

/** Read types whose patient is their `subject` (the others: Patient itself, shared types, Bundle). */
export const subjectTypes: ReadonlySet<string> = new Set<string>(
  [...exportTypesRead].filter((type) => type !== 'Patient' && type !== 'Bundle' && !sharedTypes.has(type)),
);

const leadingType = /^\s*\{\s*"resourceType"\s*:\s*"([A-Za-z]{1,64})"/;

/**
 * The resourceType of a line whose first member is "resourceType" (how Bulk Data servers write
 * NDJSON), read without parsing the line; null when the line starts otherwise (it is then parsed).
 */
export function leadingResourceType(line: string): string | null {
  return leadingType.exec(line)?.[1] ?? null;
}

/** A line skipped unparsed still has to end like a JSON object, or it is reported as truncated. */
export function endsLikeObject(line: string): boolean {
  return line.trimEnd().endsWith('}');
}

const space = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** Index of the first character at or after `from` that is not JSON whitespace. */
function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && space(text.charCodeAt(i))) i += 1;
  return i;
}

/**
 * The patient id of a line read without parsing it: the one `"subject": {"reference": "Patient/x"`
 * of a resource with nothing contained. In JSON text an unescaped `"subject"` followed by `:` can
 * only be a member name, and with no contained resources and one such member it is the resource's
 * own subject. Anything else (two subjects, contained resources, escapes, `display` first) returns
 * null and the line is parsed. The analysis parses every line anyway, and checks it.
 */
export function leadingSubjectPatient(line: string): string | null {
  const at = line.indexOf('"subject"');
  if (at < 0 || line.indexOf('"subject"', at + 1) >= 0 || line.includes('"contained"')) return null;
  let i = skipSpace(line, at + '"subject"'.length);
  if (line[i] !== ':') return null;
  i = skipSpace(line, i + 1);
  if (line[i] !== '{') return null;
  i = skipSpace(line, i + 1);
  if (!line.startsWith('"reference"', i)) return null;
  i = skipSpace(line, i + '"reference"'.length);
  if (line[i] !== ':') return null;
  i = skipSpace(line, i + 1);
  if (line[i] !== '"') return null;
  const end = line.indexOf('"', i + 1);
  if (end < 0) return null;
  const reference = line.slice(i + 1, end);
  if (reference.includes('\\')) return null;
  const key = referenceKey(reference);
  return key?.startsWith('Patient/') ? key.slice('Patient/'.length) : null;
}

export type LineOwner =
  /** About one patient: the id after "Patient/". */
  | { kind: 'patient'; patientId: string }
  /** A Medication (or another shared type) with an id: goes to the shared table. */
  | { kind: 'shared'; key: string }
  /** A type the analysis does not read. */
  | { kind: 'ignored' }
  /** A type the analysis reads that cannot be tied to a patient (no id, no Patient subject). */
  | { kind: 'unattributable'; reason: string };

/** Who a parsed resource of a read type belongs to (a Bundle is flattened before this). */
export function ownerOf(resource: Record<string, unknown>): LineOwner {
  const type = resource.resourceType;
  if (typeof type !== 'string' || !exportTypesRead.has(type) || type === 'Bundle') return { kind: 'ignored' };
  const id = typeof resource.id === 'string' ? resource.id : null;
  if (type === 'Patient') {
    return id === null ? { kind: 'unattributable', reason: 'no id' } : { kind: 'patient', patientId: id };
  }
  if (sharedTypes.has(type)) {
    return id === null
      ? { kind: 'unattributable', reason: 'no id' }
      : { kind: 'shared', key: `${type}/${id}` };
  }
  const subject = isRecord(resource.subject) ? resource.subject.reference : undefined;
  const key = referenceKey(typeof subject === 'string' ? subject : undefined);
  if (key?.startsWith('Patient/')) return { kind: 'patient', patientId: key.slice('Patient/'.length) };
  return { kind: 'unattributable', reason: 'subject is not a Patient reference' };
}

/** The Medication references ("Medication/x") a patient's orders, statements and administrations name. */
export function medicationReferencesOf(resource: Record<string, unknown>): string[] {
  const ref = isRecord(resource.medicationReference) ? resource.medicationReference.reference : undefined;
  const key = referenceKey(typeof ref === 'string' ? ref : undefined);
  return key?.startsWith('Medication/') ? [key] : [];
}
