import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { LOINC, RXNORM, SNOMED, UCUM } from '../lib/knowledge/code-systems';
import { conditionValueSets } from '../lib/knowledge/conditions';
import { labDefinitions } from '../lib/knowledge/labs';
import { ingredients } from '../lib/knowledge/medications';
import { prng } from './generate-chart';

// A deterministic synthetic Bulk Data export of N patients, written straight to NDJSON files
// (never held in memory), with a mix like Synthea's: per patient on average ~24 Observations (one
// in five a known lab), 3 Conditions, 2-3 medication entries, and ~3 Encounters with a Claim each
// that the analysis skips. Clinical codes come from lib/knowledge; the noise uses made-up codes.

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

  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  // Resources shaped like Synthea's (uuid ids, a meta tag, encounter references, category systems
  // and displays): real resources carry these fields, and the cost of parsing and validating a
  // line grows with them, not only with the fields the analysis reads.
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const meta = { tag: [{ system: 'https://example.org/tags', code: 'bench-synthetic' }] };
  const category = (code: string) => [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code, display: code }],
    },
  ];

  for (let p = 0; p < patients; p += 1) {
    // Ids in no particular order, as servers hand them out.
    const id = uuid();
    const subject = { reference: `Patient/${id}` };
    out.add('Patient', {
      resourceType: 'Patient',
      id,
      meta,
      identifier: [
        { system: 'https://example.org/mrn', value: hex(10) },
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'SS' }] },
          value: `999-${hex(2)}-${hex(4)}`,
        },
      ],
      name: [{ use: 'official', family: `Family${p % 997}`, given: [`Given${p % 389}`], prefix: ['Ms.'] }],
      telecom: [{ system: 'phone', value: `555-${hex(3)}-${hex(4)}`, use: 'home' }],
      gender: random() < 0.5 ? 'female' : 'male',
      birthDate: `${1930 + Math.floor(random() * 80)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      address: [
        {
          line: [`${p % 900} Main Street`],
          city: 'Springfield',
          state: 'MA',
          postalCode: '01101',
          country: 'US',
        },
      ],
      maritalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }],
        text: 'M',
      },
    });
    const encounterIds = Array.from({ length: 1 + count(2) }, () => uuid());
    const encounter = () => ({ reference: `Encounter/${pick(encounterIds)}` });
    for (const encounterId of encounterIds) {
      out.add('Encounter', {
        resourceType: 'Encounter',
        id: encounterId,
        meta,
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        type: [
          {
            coding: [{ system: SNOMED, code: '99000001', display: 'Check up visit' }],
            text: 'Check up visit',
          },
        ],
        subject,
        period: { start: `${date()}T09:00:00+00:00`, end: `${date()}T09:30:00+00:00` },
      });
      out.add('Claim', {
        resourceType: 'Claim',
        id: uuid(),
        meta,
        status: 'active',
        use: 'claim',
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }],
        },
        patient: subject,
        created: `${date()}T09:30:00+00:00`,
        provider: { reference: `Organization/${hex(8)}` },
        priority: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }],
        },
        item: Array.from({ length: 3 }, (_, i) => ({
          sequence: i + 1,
          productOrService: { text: `Service ${i}` },
          encounter: [{ reference: `Encounter/${encounterId}` }],
        })),
        total: { value: 129.16, currency: 'USD' },
      });
    }
    for (let c = count(3); c > 0; c -= 1) {
      const known = random() < 0.15;
      out.add('Condition', {
        resourceType: 'Condition',
        id: uuid(),
        meta,
        clinicalStatus: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
              code: random() < 0.7 ? 'active' : 'resolved',
            },
          ],
        },
        verificationStatus: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' },
          ],
        },
        code: known
          ? { coding: [{ system: SNOMED, code: pick(snomedCodes) }] }
          : {
              coding: [
                { system: SNOMED, code: `99${c}${p % 1000}00`, display: 'Unrelated finding (disorder)' },
              ],
              text: 'Unrelated finding (disorder)',
            },
        subject,
        encounter: encounter(),
        onsetDateTime: `${date()}T10:00:00+00:00`,
        recordedDate: `${date()}T10:00:00+00:00`,
      });
    }
    for (let o = count(24); o > 0; o -= 1) {
      const known = random() < 0.2 ? pick(labCodes) : null;
      const unit = known?.lab === 'ferritin' ? 'ng/mL' : 'x';
      const display = known ? 'Laboratory result' : 'Vital sign measurement';
      out.add('Observation', {
        resourceType: 'Observation',
        id: uuid(),
        meta,
        status: 'final',
        category: category(known ? 'laboratory' : 'vital-signs'),
        code: {
          coding: [{ system: LOINC, code: known?.code ?? `9${o % 90}${p % 100}-0`, display }],
          text: display,
        },
        subject,
        encounter: encounter(),
        effectiveDateTime: `${date()}T08:30:00+00:00`,
        issued: `${date()}T10:00:00.000+00:00`,
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
          id: uuid(),
          meta,
          status: pick(['active', 'completed', 'stopped'] as const),
          subject,
          context: encounter(),
          effectivePeriod: { start: `${date()}T09:00:00+00:00` },
          ...medication,
        });
      } else {
        out.add('MedicationRequest', {
          resourceType: 'MedicationRequest',
          id: uuid(),
          meta,
          status: pick(['active', 'stopped', 'completed'] as const),
          intent: 'order',
          subject,
          encounter: encounter(),
          authoredOn: `${date()}T09:00:00+00:00`,
          requester: { reference: `Practitioner/${hex(8)}`, display: 'Dr. Bench' },
          dosageInstruction: [{ sequence: 1, text: 'Take as directed', asNeededBoolean: false }],
          ...medication,
        });
      }
    }
  }
  out.close();
  return out.bytes;
}
