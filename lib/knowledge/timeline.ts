import type { ConditionGroupId } from '../contracts/ids';
import { esrdIronThresholds, ironThresholds, type Threshold } from './labs';

// What the pictures over time draw: the iron thresholds as bands (values from labs.ts), how each
// iron ingredient is given, and which coded conditions get an onset marker on the drug timeline.

export type IronBandId = 'seed' | 'aasm-2024' | 'esrd';

export interface IronBandDefinition {
  id: IronBandId;
  lab: 'ferritin' | 'tsat';
  threshold: Threshold;
  /** True for "≤": the limit itself is in the band. */
  inclusive: boolean;
  /** adult: not drawn for a child (clinical spec §3); esrd: only when ESRD is coded. */
  appliesTo: 'everyone' | 'adult' | 'esrd';
  name: string;
}

export const ironBandDefinitions: readonly IronBandDefinition[] = [
  {
    id: 'seed',
    lab: 'ferritin',
    threshold: ironThresholds.ferritinLowBelow,
    inclusive: false,
    appliesTo: 'everyone',
    name: 'Seed',
  },
  {
    id: 'aasm-2024',
    lab: 'ferritin',
    threshold: ironThresholds.ferritinBorderlineUpTo,
    inclusive: true,
    appliesTo: 'adult',
    name: 'AASM 2024, adults',
  },
  {
    id: 'aasm-2024',
    lab: 'tsat',
    threshold: ironThresholds.tsatBorderlineBelow,
    inclusive: false,
    appliesTo: 'adult',
    name: 'AASM 2024, adults',
  },
  {
    id: 'esrd',
    lab: 'ferritin',
    threshold: esrdIronThresholds.ferritinBelow,
    inclusive: false,
    appliesTo: 'esrd',
    name: `ESRD (with TSAT < ${esrdIronThresholds.tsatBelow.value}%)`,
  },
];

/** Adults from this age (the AASM 2024 thresholds are for adults; clinical spec §3). */
export const adultFromYears = { value: 18, citation: 'clinical spec §3 (children)' } as const;

/** "AASM 2024, adults: ferritin ≤ 75 ng/mL", built from the threshold it draws. */
export function ironBandLabel(band: IronBandDefinition): string {
  const lab = band.lab === 'ferritin' ? 'ferritin' : 'TSAT';
  const unit = band.threshold.unit === '%' ? '%' : ` ${band.threshold.unit}`;
  return `${band.name}: ${lab} ${band.inclusive ? '≤' : '<'} ${band.threshold.value}${unit}`;
}

/** How each iron ingredient in medications.ts is given (the ferric and iron-complex ones are IV only). */
export const ironRoutes: Readonly<Record<string, 'oral' | 'intravenous'>> = {
  'ferrous sulfate': 'oral',
  'ferrous gluconate': 'oral',
  'ferrous fumarate': 'oral',
  'ferric carboxymaltose': 'intravenous',
  'iron sucrose': 'intravenous',
  ferumoxytol: 'intravenous',
  'iron dextran': 'intravenous',
};
export const ironRoutesCitation = 'product labels (FDA): oral ferrous salts; IV-only iron complexes';

/** Coded conditions marked on the drug timeline: the presenting complaint and its drug-related mimics. */
export const onsetMarkerGroups: readonly { group: ConditionGroupId; label: string }[] = [
  { group: 'rls', label: 'RLS' },
  { group: 'leg-cramps', label: 'Leg cramps' },
  { group: 'drug-induced-akathisia', label: 'Akathisia' },
];
export const onsetMarkersCitation =
  'clinical spec §1 (RLS and its mimics nocturnal leg cramps and akathisia)';

/** "active order from 13 years ago", the short form for a picture's label. */
export function oldActiveOrderAge(years: number): string {
  return `active order from ${years} years ago`;
}

/** The old-active-order warning, as the flag words it (clinical spec §2). */
export function oldActiveOrderText(years: number): string {
  return `${oldActiveOrderAge(years)}: confirm the patient still takes it`;
}
