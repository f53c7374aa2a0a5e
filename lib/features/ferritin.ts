import type { FerritinResult } from '../contracts/feature-model';
import { UCUM } from '../knowledge/code-systems';
import { ferritinUnits } from '../knowledge/labs';
import type { LabReading } from './lab-results';

const factorBySpelling: ReadonlyMap<string, number> = new Map(
  ferritinUnits.flatMap((unit) => unit.spellings.map((s): [string, number] => [s, unit.toNgPerMl])),
);

function factorFor(spelling: string | null): number | null {
  if (!spelling) return null;
  return factorBySpelling.get(spelling.replace(/\s+/g, '').toLowerCase()) ?? null;
}

/** The conversion factor to ng/mL: the UCUM code first, then the unit text; null when unknown. */
function toNgPerMlFactor(reading: LabReading): number | null {
  const ucumCode = reading.unitSystem === UCUM ? reading.unitCode : null;
  return factorFor(ucumCode) ?? factorFor(reading.unit) ?? factorFor(reading.unitCode);
}

/** A ferritin reading in ng/mL; an unknown unit is reported in `problem`, never guessed. */
export function ferritinResultOf(reading: LabReading): FerritinResult {
  const unit = reading.unit ?? reading.unitCode ?? '';
  const factor = toNgPerMlFactor(reading);
  return {
    ngPerMl: factor === null ? null : reading.value * factor,
    comparator: reading.comparator,
    original: { value: reading.value, unit },
    problem:
      factor !== null
        ? null
        : unit
          ? `unit '${unit}' cannot be converted to ng/mL`
          : 'no unit given, so the value cannot be read as ng/mL',
    sources: [reading.reference],
    date: reading.date,
  };
}
