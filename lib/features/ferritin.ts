import type { FerritinResult, LabValueProblem } from '../contracts/feature-model';
import { UCUM } from '../knowledge/code-systems';
import { ferritinUnits } from '../knowledge/labs';
import type { LabObservation } from './lab-results';
import type { ReadValue } from './observation-value';

const factorBySpelling: ReadonlyMap<string, number> = new Map(
  ferritinUnits.flatMap((unit) => unit.spellings.map((s): [string, number] => [s, unit.toNgPerMl])),
);

/** A unit as the tables spell it: lower case, no spaces. */
export function unitKey(spelling: string | null): string | null {
  return spelling ? spelling.replace(/\s+/g, '').toLowerCase() : null;
}

function factorFor(spelling: string | null): number | null {
  const key = unitKey(spelling);
  return key === null ? null : (factorBySpelling.get(key) ?? null);
}

/** The conversion factor to ng/mL: the UCUM code first, then the unit text; null when unknown. */
function toNgPerMlFactor(value: ReadValue): number | null {
  const ucumCode = value.unitSystem === UCUM ? value.unitCode : null;
  return factorFor(ucumCode) ?? factorFor(value.unit) ?? factorFor(value.unitCode);
}

/** The unit as charted: its text, else its code. */
export function chartedUnit(value: ReadValue): string {
  return value.unit ?? value.unitCode ?? '';
}

/** Why a read number cannot be used in a unit table: no unit, or one the table does not know. */
export function unitProblem(value: ReadValue): LabValueProblem {
  const unit = chartedUnit(value);
  return unit ? { id: 'unknown-unit', unit } : { id: 'no-unit' };
}

/** A ferritin result in ng/mL; an unreadable value or an unknown unit is reported in `problem`. */
export function ferritinResultOf(observation: LabObservation): FerritinResult {
  const provenance = { sources: [observation.reference], date: observation.date };
  const value = observation.value;
  if (value.kind === 'unreadable') {
    return {
      ngPerMl: null,
      comparator: null,
      original: null,
      text: value.text,
      problem: value.problem,
      ...provenance,
    };
  }
  const factor = toNgPerMlFactor(value);
  return {
    ngPerMl: factor === null ? null : value.value * factor,
    comparator: value.comparator,
    original: { value: value.value, unit: chartedUnit(value) },
    text: value.text,
    problem: factor === null ? unitProblem(value) : null,
    ...provenance,
  };
}
