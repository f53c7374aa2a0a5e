import type { ChartSnapshot } from '../contracts/chart-snapshot';
import { referenceKey } from '../contracts/references';
import { ATC, ICD10, ICD10CM, LOINC, RXNORM, SNOMED, UCUM } from '../knowledge/code-systems';

// Display strings for the source side panel: a component shows these and never reads FHIR JSON.

export interface SourceField {
  label: string;
  value: string;
}

export interface SourceFacts {
  reference: string;
  resourceType: string;
  /** What kind of chart entry this is, in a clinician's words ("order", "lab result"). */
  kind: string;
  title: string;
  fields: SourceField[];
}

const kindLabels: Record<string, string> = {
  Observation: 'lab result',
  Condition: 'condition',
  MedicationStatement: 'medication list',
  MedicationRequest: 'order',
  MedicationAdministration: 'dose given',
  Medication: 'medication',
  Patient: 'patient record',
};

const systemLabels: Record<string, string> = {
  [LOINC]: 'LOINC',
  [SNOMED]: 'SNOMED CT',
  [RXNORM]: 'RxNorm',
  [ICD10CM]: 'ICD-10-CM',
  [ICD10]: 'ICD-10',
  [ATC]: 'ATC',
  [UCUM]: 'UCUM',
};

function systemLabel(system: string | undefined): string {
  if (!system) return 'local';
  return systemLabels[system] ?? system.replace(/^https?:\/\//, '');
}

function codingLine(coding: fhir4.Coding): string {
  const code = coding.code ? `${systemLabel(coding.system)} ${coding.code}` : systemLabel(coding.system);
  return coding.display ? `${code} — ${coding.display}` : code;
}

function conceptTitle(concept: fhir4.CodeableConcept | undefined): string | null {
  if (!concept) return null;
  if (concept.text?.trim()) return concept.text.trim();
  for (const coding of concept.coding ?? []) if (coding.display?.trim()) return coding.display.trim();
  for (const coding of concept.coding ?? []) if (coding.code) return coding.code;
  return null;
}

function conceptStatus(concept: fhir4.CodeableConcept | undefined): string | null {
  if (!concept) return null;
  return concept.coding?.find((c) => c.code)?.code ?? concept.text ?? null;
}

/** A FHIR date or dateTime as the clinician reads it: the date, plus the time when the chart has one. */
export function displayDate(value: string | undefined): string | null {
  if (!value) return null;
  const match = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T(\d{2}:\d{2}))?/.exec(value);
  if (!match) return value;
  return match[2] ? `${match[1]} ${match[2]}` : (match[1] ?? value);
}

function quantityText(quantity: fhir4.Quantity | undefined): string | null {
  if (!quantity || quantity.value === undefined) return null;
  const unit = quantity.unit ?? quantity.code ?? '';
  return `${quantity.comparator ?? ''}${quantity.value}${unit ? ` ${unit}` : ''}`;
}

class FieldList {
  readonly fields: SourceField[] = [];
  add(label: string, value: string | null | undefined): this {
    if (value !== null && value !== undefined && value.trim() !== '') this.fields.push({ label, value });
    return this;
  }
  codes(label: string, concept: fhir4.CodeableConcept | undefined): this {
    for (const coding of concept?.coding ?? []) this.add(label, codingLine(coding));
    return this;
  }
}

function findById<T extends { id?: string }>(items: readonly T[], id: string): T | undefined {
  return items.find((item) => item.id === id);
}

function medicationTitle(
  snapshot: ChartSnapshot,
  resource: fhir4.MedicationStatement | fhir4.MedicationRequest | fhir4.MedicationAdministration,
): { title: string | null; concept: fhir4.CodeableConcept | undefined } {
  if (resource.medicationCodeableConcept) {
    return {
      title: conceptTitle(resource.medicationCodeableConcept),
      concept: resource.medicationCodeableConcept,
    };
  }
  const ref = resource.medicationReference;
  if (ref?.reference?.startsWith('#')) {
    const contained = resource.contained?.find(
      (c): c is fhir4.Medication => c.resourceType === 'Medication' && `#${c.id}` === ref.reference,
    );
    return { title: conceptTitle(contained?.code) ?? ref.display ?? null, concept: contained?.code };
  }
  const key = referenceKey(ref?.reference);
  const medication = key ? findById(snapshot.medications, key.split('/')[1] ?? '') : undefined;
  return { title: conceptTitle(medication?.code) ?? ref?.display ?? null, concept: medication?.code };
}

function dosageText(dosage: fhir4.Dosage[] | undefined): string | null {
  const texts = (dosage ?? []).map((d) => d.text).filter((t): t is string => Boolean(t?.trim()));
  return texts.length > 0 ? texts.join('; ') : null;
}

export function patientName(patient: fhir4.Patient): string | null {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  if (!name) return null;
  if (name.text?.trim()) return name.text.trim();
  const parts = [...(name.given ?? []), name.family].filter((p): p is string => Boolean(p?.trim()));
  return parts.length > 0 ? parts.join(' ') : null;
}

/**
 * The key fields of one resource of the snapshot, as display strings; null when the snapshot does
 * not hold it (e.g. it was quarantined).
 */
export function sourceFacts(snapshot: ChartSnapshot, reference: string): SourceFacts | null {
  const key = referenceKey(reference);
  if (!key) return null;
  const [resourceType = '', id = ''] = key.split('/');
  const list = new FieldList();

  switch (resourceType) {
    case 'Observation': {
      const obs = findById(snapshot.observations, id);
      if (!obs) return null;
      list
        .add(
          'Value',
          quantityText(obs.valueQuantity) ?? obs.valueString ?? conceptTitle(obs.valueCodeableConcept),
        )
        .add('Date', displayDate(obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.effectiveInstant))
        .add('Issued', displayDate(obs.issued))
        .add('Status', obs.status)
        .codes('Code', obs.code)
        .add(
          'Reference range',
          obs.referenceRange
            ?.map((r) => r.text ?? [quantityText(r.low), quantityText(r.high)].filter(Boolean).join(' – '))
            .filter(Boolean)
            .join('; '),
        );
      return {
        reference: key,
        resourceType,
        kind: kindLabels[resourceType] ?? resourceType,
        title: conceptTitle(obs.code) ?? 'Observation',
        fields: list.fields,
      };
    }
    case 'Condition': {
      const condition = findById(snapshot.conditions, id);
      if (!condition) return null;
      list
        .add('Clinical status', conceptStatus(condition.clinicalStatus))
        .add('Verification', conceptStatus(condition.verificationStatus))
        .add('Onset', displayDate(condition.onsetDateTime ?? condition.onsetPeriod?.start))
        .add('Recorded', displayDate(condition.recordedDate))
        .add('Resolved', displayDate(condition.abatementDateTime))
        .add(
          'Category',
          condition.category
            ?.map((c) => conceptTitle(c))
            .filter(Boolean)
            .join(', '),
        )
        .codes('Code', condition.code);
      return {
        reference: key,
        resourceType,
        kind: kindLabels[resourceType] ?? resourceType,
        title: conceptTitle(condition.code) ?? 'Condition',
        fields: list.fields,
      };
    }
    case 'MedicationStatement': {
      const statement = findById(snapshot.medicationStatements, id);
      if (!statement) return null;
      const medication = medicationTitle(snapshot, statement);
      list
        .add('Status', statement.status)
        .add('Taken from', displayDate(statement.effectiveDateTime ?? statement.effectivePeriod?.start))
        .add('Taken until', displayDate(statement.effectivePeriod?.end))
        .add('Recorded', displayDate(statement.dateAsserted))
        .add('Dosage', dosageText(statement.dosage))
        .codes('Code', medication.concept);
      return {
        reference: key,
        resourceType,
        kind: kindLabels[resourceType] ?? resourceType,
        title: medication.title ?? 'Medication statement',
        fields: list.fields,
      };
    }
    case 'MedicationRequest': {
      const request = findById(snapshot.medicationRequests, id);
      if (!request) return null;
      const medication = medicationTitle(snapshot, request);
      list
        .add('Status', request.status)
        .add('Intent', request.intent)
        .add('Ordered', displayDate(request.authoredOn))
        .add(
          'Valid',
          [
            displayDate(request.dispenseRequest?.validityPeriod?.start),
            displayDate(request.dispenseRequest?.validityPeriod?.end),
          ]
            .filter(Boolean)
            .join(' to '),
        )
        .add('Dosage', dosageText(request.dosageInstruction))
        .codes('Code', medication.concept);
      return {
        reference: key,
        resourceType,
        kind: kindLabels[resourceType] ?? resourceType,
        title: medication.title ?? 'Medication order',
        fields: list.fields,
      };
    }
    case 'MedicationAdministration': {
      const administration = findById(snapshot.medicationAdministrations, id);
      if (!administration) return null;
      const medication = medicationTitle(snapshot, administration);
      list
        .add('Status', administration.status)
        .add('Given', displayDate(administration.effectiveDateTime ?? administration.effectivePeriod?.start))
        .add('Until', displayDate(administration.effectivePeriod?.end))
        .add('Route', conceptTitle(administration.dosage?.route))
        .add('Dosage', administration.dosage?.text)
        .codes('Code', medication.concept);
      return {
        reference: key,
        resourceType,
        kind: kindLabels[resourceType] ?? resourceType,
        title: medication.title ?? 'Medication administration',
        fields: list.fields,
      };
    }
    case 'Medication': {
      const medication = findById(snapshot.medications, id);
      if (!medication) return null;
      list
        .add('Form', conceptTitle(medication.form))
        .add('Status', medication.status)
        .codes('Code', medication.code);
      return {
        reference: key,
        resourceType,
        kind: kindLabels[resourceType] ?? resourceType,
        title: conceptTitle(medication.code) ?? 'Medication',
        fields: list.fields,
      };
    }
    case 'Patient': {
      const patient = snapshot.patient;
      if (!patient || patient.id !== id) return null;
      list.add('Gender', patient.gender).add('Born', displayDate(patient.birthDate));
      return {
        reference: key,
        resourceType,
        kind: kindLabels[resourceType] ?? resourceType,
        title: patientName(patient) ?? 'Patient',
        fields: list.fields,
      };
    }
    default:
      return null;
  }
}

/** Name, sex and birth date for the patient banner (shown only when the EHR asks for it). */
export function patientBanner(snapshot: ChartSnapshot): { name: string; details: string[] } {
  const patient = snapshot.patient;
  if (!patient) return { name: snapshot.patientReference, details: [] };
  const details = [
    patient.gender,
    patient.birthDate ? `born ${displayDate(patient.birthDate)}` : null,
  ].filter((d): d is string => Boolean(d));
  return { name: patientName(patient) ?? snapshot.patientReference, details };
}
