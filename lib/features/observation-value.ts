import type { LabValueProblem } from '../contracts/feature-model';

// The value of a lab Observation as charted: a Quantity, or a string some lab feeds send instead
// ("<15", "< 10 ng/mL", "12 ng/mL", "12"). A value without a unit takes the unit of its reference
// range when the range names exactly one (the lab's own statement of the unit); otherwise the unit
// stays unknown and the caller reports it, never guesses it.

export type Comparator = '<' | '<=' | '>=' | '>';

export interface ReadValue {
  kind: 'number';
  value: number;
  comparator: Comparator | null;
  /** The unit as written, and the coded unit (UCUM when `unitSystem` says so). */
  unit: string | null;
  unitCode: string | null;
  unitSystem: string | null;
  /** The charted text when the value came as `valueString`. */
  text: string | null;
}

export interface UnreadableValue {
  kind: 'unreadable';
  problem: LabValueProblem;
  text: string | null;
}

export type ObservationValue = ReadValue | UnreadableValue;

// A number with an optional comparator before it and an optional unit after it. A comma is not
// read as a decimal point ("1,200" could be either): such text is reported as unreadable.
const textValue = /^\s*(<=|>=|≤|≥|<|>)?\s*(\d+(?:\.\d+)?|\.\d+)\s*([^\d\s,][^,]*)?$/;

const comparatorOf: Record<string, Comparator> = {
  '<': '<',
  '<=': '<=',
  '≤': '<=',
  '>': '>',
  '>=': '>=',
  '≥': '>=',
};

interface UnitOnly {
  unit: string | null;
  unitCode: string | null;
  unitSystem: string | null;
}

function unitOf(quantity: fhir4.Quantity | undefined): UnitOnly | null {
  if (!quantity) return null;
  const unit = quantity.unit?.trim() || null;
  const unitCode = quantity.code?.trim() || null;
  if (!unit && !unitCode) return null;
  return { unit, unitCode, unitSystem: quantity.system ?? null };
}

/** The one unit the reference ranges are given in, or null when they give none or several. */
function referenceRangeUnit(observation: fhir4.Observation): UnitOnly | null {
  const units: UnitOnly[] = [];
  for (const range of observation.referenceRange ?? []) {
    for (const bound of [range.low, range.high]) {
      const unit = unitOf(bound);
      if (unit) units.push(unit);
    }
  }
  const spellings = new Set(units.map((u) => (u.unitCode ?? u.unit ?? '').replace(/\s+/g, '').toLowerCase()));
  return spellings.size === 1 ? (units[0] ?? null) : null;
}

const noUnit: UnitOnly = { unit: null, unitCode: null, unitSystem: null };

function fromText(observation: fhir4.Observation, text: string): ObservationValue {
  const match = textValue.exec(text);
  const number = match?.[2];
  if (!match || number === undefined)
    return { kind: 'unreadable', problem: { id: 'unreadable-text', text }, text };
  const writtenUnit = match[3]?.trim() || null;
  const unit: UnitOnly = writtenUnit
    ? { unit: writtenUnit, unitCode: null, unitSystem: null }
    : (referenceRangeUnit(observation) ?? noUnit);
  return {
    kind: 'number',
    value: Number(number),
    comparator: match[1] ? (comparatorOf[match[1]] ?? null) : null,
    ...unit,
    text,
  };
}

function absentReasonOf(observation: fhir4.Observation): string | null {
  const reason = observation.dataAbsentReason;
  return reason?.coding?.find((c) => c.code)?.code ?? reason?.text ?? null;
}

/** What an Observation's value says, read without guessing. */
export function observationValue(observation: fhir4.Observation): ObservationValue {
  const quantity = observation.valueQuantity;
  if (quantity && typeof quantity.value === 'number') {
    return {
      kind: 'number',
      value: quantity.value,
      comparator: quantity.comparator ?? null,
      ...(unitOf(quantity) ?? referenceRangeUnit(observation) ?? noUnit),
      text: null,
    };
  }
  if (typeof observation.valueString === 'string') return fromText(observation, observation.valueString);
  // A coded or free-text answer ("Hemolyzed", "See note") is not a number.
  const concept = observation.valueCodeableConcept;
  const conceptText = concept?.text ?? concept?.coding?.find((c) => c.display)?.display;
  if (conceptText) {
    return { kind: 'unreadable', problem: { id: 'unreadable-text', text: conceptText }, text: conceptText };
  }
  return {
    kind: 'unreadable',
    problem: {
      id: 'no-value',
      observationStatus: observation.status,
      absentReason: absentReasonOf(observation),
    },
    text: null,
  };
}
