import type { LabId } from '../contracts/ids';

// Labs read from Observations by LOINC code (clinical spec §3), with ferritin's units and
// thresholds. Each entry carries its citation.

export interface LabDefinition {
  id: LabId;
  label: string;
  loinc: readonly string[];
  /** The unit the lab is usually reported in (informative; ferritin is converted, see below). */
  usualUnit: string;
  citation: string;
  note?: string;
}

export const labDefinitions: readonly LabDefinition[] = [
  {
    id: 'ferritin',
    label: 'Serum ferritin',
    // 2276-4 mass serum/plasma; 20567-4 mass immunoassay; 24373-3 mass blood; 14723-1 moles (pmol/L).
    loinc: ['2276-4', '20567-4', '24373-3', '14723-1'],
    usualUnit: 'ng/mL',
    citation: 'seed [1][2][3]; LOINC',
    note: '35209-6 is not confirmed as ferritin and is left out (clinical spec §3).',
  },
  {
    id: 'tsat',
    label: 'Transferrin saturation',
    // 2502-3 mass fraction; 14801-5 molar fraction (the code many labs send).
    loinc: ['2502-3', '14801-5'],
    usualUnit: '%',
    citation:
      'AASM 2024 (Winkelman et al., J Clin Sleep Med 2025;21(1):137–152, PMID 39324694); clinical spec §3; LOINC',
    note: 'Calculated from serum iron and TIBC of the same day when no TSAT is on file (AASM 2024: TSAT is calculated from iron and TIBC).',
  },
  {
    id: 'hemoglobin',
    label: 'Hemoglobin',
    loinc: ['718-7'],
    usualUnit: 'g/dL',
    citation: 'seed [1][2][3]; LOINC',
  },
  {
    id: 'iron',
    label: 'Serum iron',
    loinc: ['2498-4'],
    usualUnit: 'ug/dL',
    citation: 'clinical spec §3; LOINC',
  },
  {
    id: 'tibc',
    label: 'Total iron binding capacity',
    loinc: ['2500-7'],
    usualUnit: 'ug/dL',
    citation: 'clinical spec §3; LOINC',
  },
  {
    id: 'egfr',
    label: 'Estimated GFR',
    loinc: ['33914-3', '62238-1', '98979-8'],
    usualUnit: 'mL/min/{1.73_m2}',
    citation: 'clinical spec §3; LOINC',
  },
  {
    id: 'hba1c',
    label: 'Hemoglobin A1c',
    loinc: ['4548-4'],
    usualUnit: '%',
    citation: 'clinical spec §3; LOINC',
  },
];

/**
 * The labs the iron flag rests on (ferritin, TSAT for the AASM 2024 threshold, and the serum iron
 * and TIBC a TSAT is calculated from): the app asks for them in their own search, so other labs
 * can never page them away.
 */
export const ironFlagLabIds: readonly LabId[] = ['ferritin', 'tsat', 'iron', 'tibc'];

/** A unit a ferritin value may come in, with the factor that turns it into ng/mL. */
export interface FerritinUnit {
  /** Lower-case unit strings and UCUM codes that mean this unit. */
  spellings: readonly string[];
  toNgPerMl: number;
  citation: string;
}

export const ferritinUnits: readonly FerritinUnit[] = [
  {
    // ng/mL = µg/L (micro sign U+00B5 and Greek mu U+03BC both occur in lab feeds).
    spellings: ['ng/ml', 'ug/l', 'µg/l', 'μg/l', 'mcg/l', 'ng/cm3'],
    toNgPerMl: 1,
    citation: 'clinical spec §3 (ng/mL = µg/L)',
  },
  {
    // Ferritin 1 ng/mL = 2.247 pmol/L (clinical spec §3: 50 ng/mL = 112 pmol/L, 75 = 169).
    spellings: ['pmol/l'],
    toNgPerMl: 1 / 2.247,
    citation: 'clinical spec §3 (pmol/L ÷ 2.247 = ng/mL)',
  },
];

/** A unit a transferrin saturation may come in, with the factor that turns it into percent. */
export interface TsatUnit {
  kind: 'percent' | 'fraction';
  /** Lower-case spellings without spaces: unit texts and UCUM codes (annotations included). */
  spellings: readonly string[];
  toPercent: number;
  citation: string;
}

// UCUM annotations in braces ("%{saturation}") do not change a unit's meaning (UCUM, "curly braces"), so
// a code with an annotation is also read without it; anything else is an unknown unit, never guessed.
export const tsatUnits: readonly TsatUnit[] = [
  {
    kind: 'percent',
    spellings: ['%', 'percent', 'pct', '%sat', '%saturation', '%{saturation}', '%{sat}'],
    toPercent: 1,
    citation: 'clinical spec §3; UCUM',
  },
  {
    // UCUM "1" is the unit of a plain ratio: 0.18 = 18 %.
    kind: 'fraction',
    spellings: ['1', '{fraction}', 'fraction', '{ratio}', 'ratio'],
    toPercent: 100,
    citation: 'clinical spec §3; UCUM',
  },
];

/** A unit serum iron or TIBC may come in: both must be of the same kind to calculate a TSAT. */
export interface IronPanelUnit {
  kind: 'mass' | 'molar';
  /** Lower-case spellings without spaces. */
  spellings: readonly string[];
  /** Factor to the kind's base unit (µg/dL for mass, µmol/L for molar). */
  toBase: number;
  citation: string;
}

export const ironPanelUnits: readonly IronPanelUnit[] = [
  {
    kind: 'mass',
    spellings: ['ug/dl', 'µg/dl', 'μg/dl', 'mcg/dl'],
    toBase: 1,
    citation: 'clinical spec §3 (µg/dL)',
  },
  {
    kind: 'mass',
    spellings: ['ug/l', 'µg/l', 'μg/l', 'mcg/l'],
    toBase: 0.1,
    citation: 'clinical spec §3 (1 µg/L = 0.1 µg/dL)',
  },
  {
    kind: 'molar',
    spellings: ['umol/l', 'µmol/l', 'μmol/l'],
    toBase: 1,
    citation: 'clinical spec §3 (µmol/L)',
  },
];

export interface Threshold {
  value: number;
  unit: string;
  citation: string;
  note?: string;
}

const aasm2024 =
  'AASM 2024 RLS guideline (Winkelman et al., J Clin Sleep Med 2025;21(1):137–152, PMID 39324694)';

/** Iron thresholds (clinical spec §3). */
export const ironThresholds = {
  /** Ferritin below this is `low`: iron supplementation indicated (also in ESRD and in children). */
  ferritinLowBelow: {
    value: 50,
    unit: 'ng/mL',
    citation: 'seed [1][2][3]',
    note: 'The seed threshold (< 50 ng/mL); still the paediatric threshold.',
  },
  /** Adults: ferritin up to and including this is `borderline` (50–75 ng/mL). */
  ferritinBorderlineUpTo: {
    value: 75,
    unit: 'ng/mL',
    citation: aasm2024,
    note: 'Adults: supplement when ferritin ≤ 75 ng/mL or TSAT < 20%.',
  },
  /** Adults: a TSAT below this within the window makes iron therapy indicated, whatever the ferritin. */
  tsatBorderlineBelow: {
    value: 20,
    unit: '%',
    citation: aasm2024,
  },
  /** ESRD: IV iron when ferritin is below this and TSAT below `esrdTsatBelow`. */
  esrdFerritinBelow: {
    value: 200,
    unit: 'ng/mL',
    citation: aasm2024,
    note: 'ESRD: IV iron (iron sucrose) when ferritin < 200 ng/mL and TSAT < 20% (conditional).',
  },
  esrdTsatBelow: {
    value: 20,
    unit: '%',
    citation: aasm2024,
  },
  /** Under this age the adult AASM 2024 thresholds are not used: ferritin < 50 ng/mL only. */
  childAgeBelow: {
    value: 18,
    unit: 'years',
    citation: 'clinical spec §3 (the AASM 2024 adult thresholds do not apply to children)',
  },
  /**
   * Ferritin below this: consider the cause of iron deficiency (e.g. blood loss). The AGA sets it
   * for diagnosing iron deficiency in patients with anaemia; here it is a prompt, whatever the
   * haemoglobin (test/known-gaps.md).
   */
  ironDeficiencyCauseBelow: {
    value: 45,
    unit: 'ng/mL',
    citation: 'AGA 2020 iron deficiency anemia guideline (Ko et al., Gastroenterology 2020;159:1085–1094)',
  },
  /** A ferritin (or TSAT) older than this is `stale`. */
  staleAfterMonths: {
    value: 12,
    unit: 'months',
    citation: 'project default',
    note: 'Project default, not a guideline number: say so in the UI.',
  },
} as const satisfies Record<string, Threshold>;
