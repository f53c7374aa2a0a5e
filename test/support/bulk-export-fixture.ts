import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { resourcesFromBundle } from '@/lib/fhir/bundle-input';
import { isRecord } from '@/lib/fhir/json-record';

// A small Bulk Data export built from the synthetic fixture patients, and the same patients as one
// Bundle file each, to check that an export's reports are the reports of the patients' own files.

type Resource = Record<string, unknown>;
const fixtures = join(process.cwd(), 'fhir-fixtures/patients');

/** The fixture patients' resources (urn:uuid references resolved), except those named in `except`. */
export function fixturePatientResources(except: readonly string[] = []): Resource[] {
  return readdirSync(fixtures)
    .filter((f) => /^p\d\d-.*\.json$/.test(f) && !except.some((id) => f.startsWith(`${id}-`)))
    .sort()
    .flatMap((f) => resourcesFromBundle(JSON.parse(readFileSync(join(fixtures, f), 'utf8'))).resources)
    .filter(isRecord);
}

/** A copy with the resource's id and every Type/id reference suffixed (contained ids kept). */
function renamed(value: unknown, suffix: string, top = true): unknown {
  if (Array.isArray(value)) return value.map((v) => renamed(v, suffix, false));
  if (!isRecord(value)) return value;
  const copy: Resource = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'reference' && typeof item === 'string' && /^[A-Za-z]+\/[^/]+$/.test(item))
      copy[key] = `${item}${suffix}`;
    else if (key === 'id' && top && typeof item === 'string') copy[key] = `${item}${suffix}`;
    else copy[key] = renamed(item, suffix, false);
  }
  return copy;
}

/**
 * `copies` copies of each patient (ids suffixed "-c0", "-c1"...), the copies in reverse order (so
 * an export is not sorted by patient), each patient's resources in their own order. In odd copies
 * every MedicationRequest names its drug through a Medication resource (the shared table of an
 * export), and each patient gets Claim and Encounter resources the analysis skips.
 */
export function populationResources(copies: number, except: readonly string[] = ['p12']): Resource[] {
  const base = fixturePatientResources(except);
  const out: Resource[] = [];
  for (let copy = copies - 1; copy >= 0; copy -= 1) {
    for (const original of base) {
      const resource = renamed(original, `-c${copy}`);
      if (!isRecord(resource)) continue;
      if (
        copy % 2 === 1 &&
        resource.resourceType === 'MedicationRequest' &&
        resource.medicationCodeableConcept
      ) {
        const medicationId = `${String(resource.id)}-med`;
        out.push({ resourceType: 'Medication', id: medicationId, code: resource.medicationCodeableConcept });
        delete resource.medicationCodeableConcept;
        resource.medicationReference = { reference: `Medication/${medicationId}` };
      }
      out.push(resource);
      if (resource.resourceType === 'Patient') {
        const patient = { reference: `Patient/${String(resource.id)}` };
        out.push({
          resourceType: 'Encounter',
          id: `${String(resource.id)}-enc`,
          status: 'finished',
          subject: patient,
        });
        out.push({ resourceType: 'Claim', id: `${String(resource.id)}-claim`, status: 'active', patient });
      }
    }
  }
  return out;
}

function patientOf(resource: Resource): string | null {
  if (resource.resourceType === 'Patient') return `Patient/${String(resource.id)}`;
  for (const key of ['subject', 'patient']) {
    const ref = resource[key];
    if (isRecord(ref) && typeof ref.reference === 'string' && ref.reference.startsWith('Patient/'))
      return ref.reference;
  }
  return null;
}

/** One collection Bundle file per patient: its compartment plus the Medications it references. */
export function writePatientBundles(resources: readonly Resource[], dir: string): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  const medications = new Map<string, Resource>();
  for (const r of resources)
    if (r.resourceType === 'Medication') medications.set(`Medication/${String(r.id)}`, r);
  const byPatient = new Map<string, Resource[]>();
  for (const r of resources) {
    const patient = patientOf(r);
    if (!patient) continue;
    byPatient.set(patient, [...(byPatient.get(patient) ?? []), r]);
    const med = isRecord(r.medicationReference) ? r.medicationReference.reference : undefined;
    const medication = typeof med === 'string' ? medications.get(med) : undefined;
    if (medication) byPatient.get(patient)?.push(medication);
  }
  const files = new Map<string, string>();
  for (const [patient, entries] of byPatient) {
    const file = join(dir, `${patient.replace('/', '-')}.json`);
    const entry = entries.map((resource) => ({ resource }));
    writeFileSync(file, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry }));
    files.set(patient, file);
  }
  return files;
}

export interface ExportLayout {
  /** Types written as <Type>.ndjson.gz. */
  gzip?: readonly string[];
  /** Types split over this many files (<Type>.000.ndjson, <Type>.001.ndjson...). */
  split?: Readonly<Record<string, number>>;
}

/** Writes resources as a Bulk Data export: one file (or several) per type, in the order given. */
export function writeBulkExport(
  resources: readonly Resource[],
  folder: string,
  layout: ExportLayout = {},
): void {
  mkdirSync(folder, { recursive: true });
  const byType = new Map<string, string[]>();
  for (const r of resources) {
    const type = String(r.resourceType);
    byType.set(type, [...(byType.get(type) ?? []), JSON.stringify(r)]);
  }
  for (const [type, lines] of byType) {
    const parts = layout.split?.[type] ?? 1;
    for (let part = 0; part < parts; part += 1) {
      const slice = lines.filter((_, i) => i % parts === part);
      const name = parts === 1 ? type : `${type}.${String(part).padStart(3, '0')}`;
      const text = `${slice.join('\n')}\n`;
      if (layout.gzip?.includes(type)) writeFileSync(join(folder, `${name}.ndjson.gz`), gzipSync(text));
      else writeFileSync(join(folder, `${name}.ndjson`), text);
    }
  }
}
