import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LOINC, RXNORM, SNOMED, UCUM } from '../lib/knowledge/code-systems';
import { conditionValueSets } from '../lib/knowledge/conditions';
import { labDefinitions } from '../lib/knowledge/labs';
import { ingredients } from '../lib/knowledge/medications';
import { prng } from './generate-chart';

// A deterministic synthetic Bulk Data export of N patients, written straight to NDJSON files
// (never held in memory), with a mix like Synthea's: per patient on average ~24 Observations (one
// in five a known lab), 3 Conditions, 2-3 medication entries, and Encounters and a Claim the
// analysis skips. Clinical codes come from lib/knowledge; the noise uses made-up codes.

const types = [
  'Patient',
  'Encounter',
  'Claim',
  'Condition',
  'Observation',
  'MedicationRequest',
  'MedicationStatement',
  'Medication',
] as const;
type Type = (typeof types)[number];

class NdjsonWriter {
  private readonly fds = new Map<Type, number>();
  private readonly buffers = new Map<Type, string[]>();
  private readonly sizes = new Map<Type, number>();
  bytes = 0;

  constructor(private readonly folder: string) {}

  add(type: Type, resource: object): void {
    const line = `${JSON.stringify(resource)}\n`;
    const buffer = this.buffers.get(type) ?? [];
    buffer.push(line);
    this.buffers.set(type, buffer);
    const size = (this.sizes.get(type) ?? 0) + line.length;
    this.sizes.set(type, size);
    this.bytes += line.length;
    if (size > 1 << 22) this.flush(type);
  }

  close(): void {
    for (const type of this.buffers.keys()) this.flush(type);
    for (const fd of this.fds.values()) closeSync(fd);
  }

  private flush(type: Type): void {
    let fd = this.fds.get(type);
    if (fd === undefined) {
      fd = openSync(join(this.folder, `${type}.ndjson`), 'w');
      this.fds.set(type, fd);
    }
    writeSync(fd, (this.buffers.get(type) ?? []).join(''));
    this.buffers.set(type, []);
    this.sizes.set(type, 0);
  }
}

/** Writes the export into `folder` (which must exist); returns its size in bytes. */
export function writeSyntheticExport(folder: string, patients: number, seed = 7): number {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const count = (mean: number) => Math.floor(random() * 2 * mean + 0.5);
  const date = () => {
    const day = Math.floor(random() * 365 * 15);
    return new Date(Date.UTC(2011, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  };
  const labCodes = labDefinitions.flatMap((lab) => lab.loinc.map((code) => ({ lab: lab.id, code })));
  const snomedCodes = conditionValueSets.flatMap((set) => set.snomed);
  const out = new NdjsonWriter(folder);

  // A formulary: Medication resources that 1 in 10 orders name by reference.
  const formulary = Array.from({ length: 200 }, (_, i) => {
    const known = random() < 0.3 ? pick(ingredients) : null;
    const name = known ? `${known.name} 10 MG Oral Tablet` : `Formulary item ${i} 5 MG Oral Tablet`;
    const coding = known?.rxnorm
      ? { system: RXNORM, code: known.rxnorm.code, display: name }
      : { system: 'urn:oid:2.16.840.1.113883.6', code: `F${i}`, display: name };
    const medication = {
      resourceType: 'Medication',
      id: `formulary-${i}`,
      code: { coding: [coding], text: name },
    };
    out.add('Medication', medication);
    return medication;
  });

  for (let p = 0; p < patients; p += 1) {
    // Ids in no particular order, as servers hand them out.
    const id = `${Math.floor(random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0')}-${p}`;
    const subject = { reference: `Patient/${id}` };
    out.add('Patient', {
      resourceType: 'Patient',
      id,
      gender: random() < 0.5 ? 'female' : 'male',
      birthDate: `${1930 + Math.floor(random() * 80)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      name: [{ family: `Family${p % 997}`, given: [`Given${p % 389}`] }],
      address: [{ city: 'Springfield', state: 'MA', country: 'US' }],
    });
    const encounters = 1 + count(1);
    for (let e = 0; e < encounters; e += 1) {
      out.add('Encounter', {
        resourceType: 'Encounter',
        id: `${id}-enc-${e}`,
        status: 'finished',
        class: { code: 'AMB' },
        subject,
        period: { start: `${date()}T09:00:00Z`, end: `${date()}T09:30:00Z` },
      });
    }
    out.add('Claim', {
      resourceType: 'Claim',
      id: `${id}-claim`,
      status: 'active',
      use: 'claim',
      patient: subject,
      created: date(),
      item: Array.from({ length: 4 }, (_, i) => ({
        sequence: i + 1,
        productOrService: { text: `Service ${i}` },
      })),
    });
    for (let c = count(3); c > 0; c -= 1) {
      const known = random() < 0.15;
      out.add('Condition', {
        resourceType: 'Condition',
        id: `${id}-cond-${c}`,
        subject,
        code: known
          ? { coding: [{ system: SNOMED, code: pick(snomedCodes) }] }
          : {
              coding: [
                { system: SNOMED, code: `99${c}${p % 1000}00`, display: 'Unrelated finding (disorder)' },
              ],
              text: 'Problem',
            },
        clinicalStatus: { coding: [{ code: random() < 0.7 ? 'active' : 'resolved' }] },
        verificationStatus: { coding: [{ code: 'confirmed' }] },
        onsetDateTime: date(),
      });
    }
    for (let o = count(24); o > 0; o -= 1) {
      const known = random() < 0.2 ? pick(labCodes) : null;
      const unit = known?.lab === 'ferritin' ? 'ng/mL' : 'x';
      out.add('Observation', {
        resourceType: 'Observation',
        id: `${id}-obs-${o}`,
        status: 'final',
        category: [{ coding: [{ code: known ? 'laboratory' : 'vital-signs' }] }],
        code: {
          coding: [
            {
              system: LOINC,
              code: known?.code ?? `9${o % 90}${p % 100}-0`,
              display: known ? 'Lab' : 'Vital sign',
            },
          ],
        },
        subject,
        effectiveDateTime: `${date()}T08:30:00Z`,
        issued: `${date()}T10:00:00.000Z`,
        valueQuantity: { value: Math.round(random() * 3000) / 10, unit, system: UCUM, code: unit },
      });
    }
    for (let m = count(2.5); m > 0; m -= 1) {
      const byReference = random() < 0.1;
      const known = random() < 0.2 ? pick(ingredients) : null;
      const name = known ? `${known.name} 20 MG Oral Tablet` : `Formulary item ${m} 5 MG Oral Tablet`;
      const medication = byReference
        ? { medicationReference: { reference: `Medication/${pick(formulary).id}` } }
        : {
            medicationCodeableConcept: {
              coding: [{ system: 'urn:oid:2.16.840.1.113883.6', code: `F${m}`, display: name }],
              text: name,
            },
          };
      if (random() < 0.2) {
        out.add('MedicationStatement', {
          resourceType: 'MedicationStatement',
          id: `${id}-ms-${m}`,
          status: pick(['active', 'completed', 'stopped'] as const),
          subject,
          effectivePeriod: { start: date() },
          ...medication,
        });
      } else {
        out.add('MedicationRequest', {
          resourceType: 'MedicationRequest',
          id: `${id}-mr-${m}`,
          status: pick(['active', 'stopped', 'completed'] as const),
          intent: 'order',
          subject,
          authoredOn: date(),
          ...medication,
        });
      }
    }
  }
  out.close();
  return out.bytes;
}
