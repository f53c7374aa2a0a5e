import type { LabId } from './ids';

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
    loinc: ['2502-3'],
    usualUnit: '%',
    citation: 'AASM 2024 (Winkelman et al., J Clin Sleep Med 2025;21(1):137–152, PMID 39324694); LOINC',
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
 * The labs the iron flag rests on (ferritin, and TSAT for the AASM 2024 threshold): the app asks
 * for them in their own search, so other labs can never page them away.
 */
export const ironFlagLabIds: readonly LabId[] = ['ferritin', 'tsat'];

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

export interface Threshold {
  value: number;
  unit: string;
  citation: string;
  note?: string;
}

/** Iron thresholds (clinical spec §3). */
export const ironThresholds = {
  /** Ferritin below this is `low`: iron supplementation indicated. */
  ferritinLowBelow: {
    value: 50,
    unit: 'ng/mL',
    citation: 'seed [1][2][3]',
    note: 'The seed threshold (< 50 ng/mL); still the paediatric threshold.',
  },
  /** Ferritin up to and including this is `borderline` (50–75 ng/mL). */
  ferritinBorderlineUpTo: {
    value: 75,
    unit: 'ng/mL',
    citation:
      'AASM 2024 RLS guideline (Winkelman et al., J Clin Sleep Med 2025;21(1):137–152, PMID 39324694)',
    note: 'Adults: supplement when ferritin ≤ 75 ng/mL or TSAT < 20%.',
  },
  /** TSAT below this makes an otherwise normal ferritin `borderline`. */
  tsatBorderlineBelow: {
    value: 20,
    unit: '%',
    citation:
      'AASM 2024 RLS guideline (Winkelman et al., J Clin Sleep Med 2025;21(1):137–152, PMID 39324694)',
  },
  /** A ferritin older than this is `stale`. */
  staleAfterMonths: {
    value: 12,
    unit: 'months',
    citation: 'project default',
    note: 'Project default, not a guideline number: say so in the UI.',
  },
} as const satisfies Record<string, Threshold>;

/** ESRD differs (IV iron when ferritin < 200 ng/mL and TSAT < 20%): for display, not applied here. */
export const esrdIronNote = {
  text: 'In ESRD, IV iron is considered when ferritin < 200 ng/mL and TSAT < 20%.',
  citation: 'AASM 2024 RLS guideline (Winkelman et al., J Clin Sleep Med 2025;21(1):137–152, PMID 39324694)',
} as const;

/** Units a transferrin saturation is read in (percent only; a fraction is not guessed). */
export const tsatPercentUnits: readonly string[] = ['%'];
