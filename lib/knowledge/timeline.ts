import type { ConditionGroupId, IronThresholdSet } from '../contracts/ids';
import { oldActiveOrderText as oldActiveOrderFlag } from './differential-recommendations';
import { ironThresholds, type Threshold } from './labs';

// What the pictures over time draw: the iron thresholds as bands (the values and the sets they
// belong to are labs.ts's, as the iron flag applies them), how each iron ingredient is given, and
// which coded conditions get an onset marker on the drug timeline.

export type IronBandId = 'seed' | 'aasm-2024' | 'esrd' | 'child';

export interface IronBandDefinition {
  id: IronBandId;
  lab: 'ferritin' | 'tsat';
  threshold: Threshold;
  /** True for "≤": the limit itself is in the band. */
  inclusive: boolean;
  /** The threshold sets of the iron flag (adult, ESRD, child) the band is drawn for. */
  sets: readonly IronThresholdSet[];
  name: string;
}

const t = ironThresholds;

export const ironBandDefinitions: readonly IronBandDefinition[] = [
  {
    id: 'seed',
    lab: 'ferritin',
    threshold: t.ferritinLowBelow,
    inclusive: false,
    sets: ['adult', 'esrd'],
    name: 'Seed',
  },
  {
    id: 'child',
    lab: 'ferritin',
    threshold: t.ferritinLowBelow,
    inclusive: false,
    sets: ['child'],
    name: 'Children',
  },
  {
    id: 'aasm-2024',
    lab: 'ferritin',
    threshold: t.ferritinBorderlineUpTo,
    inclusive: true,
    sets: ['adult'],
    name: 'AASM 2024, adults',
  },
  {
    id: 'aasm-2024',
    lab: 'tsat',
    threshold: t.tsatBorderlineBelow,
    inclusive: false,
    sets: ['adult'],
    name: 'AASM 2024, adults',
  },
  {
    id: 'esrd',
    lab: 'ferritin',
    threshold: t.esrdFerritinBelow,
    inclusive: false,
    sets: ['esrd'],
    name: `ESRD (with TSAT < ${t.esrdTsatBelow.value}%)`,
  },
  {
    id: 'esrd',
    lab: 'tsat',
    threshold: t.esrdTsatBelow,
    inclusive: false,
    sets: ['esrd'],
    name: `ESRD (with ferritin < ${t.esrdFerritinBelow.value} ng/mL)`,
  },
];

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
  return oldActiveOrderFlag.text(years);
}

/** The line a picture draws at its right end: today, or the date of death (the chart ends there). */
export function endLineLabel(deceasedOn: string | null): string {
  return deceasedOn ? `died ${deceasedOn}` : 'today';
}
