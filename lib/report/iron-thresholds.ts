import { ironThresholds } from '../knowledge/labs';

// The iron thresholds in words, from lib/knowledge: the UI shows both the seed's and the AASM 2024
// threshold, and labels the staleness window as a project default.

export interface ThresholdLine {
  id: 'seed' | 'aasm-2024' | 'stale';
  text: string;
  citation: string;
}

export function ironThresholdLines(): ThresholdLine[] {
  const low = ironThresholds.ferritinLowBelow;
  const borderline = ironThresholds.ferritinBorderlineUpTo;
  const tsat = ironThresholds.tsatBorderlineBelow;
  const stale = ironThresholds.staleAfterMonths;
  return [
    {
      id: 'seed',
      text: `Seed threshold: ferritin < ${low.value} ${low.unit} (iron supplementation indicated; still the paediatric threshold)`,
      citation: low.citation,
    },
    {
      id: 'aasm-2024',
      text: `AASM 2024, adults: supplement when ferritin ≤ ${borderline.value} ${borderline.unit} or transferrin saturation < ${tsat.value}${tsat.unit}`,
      citation: borderline.citation,
    },
    {
      id: 'stale',
      text: `A ferritin older than ${stale.value} ${stale.unit} counts as out of date (a project default, not a guideline number)`,
      citation: stale.citation,
    },
  ];
}

/** Both thresholds (seed and AASM 2024) on one line, for the flag itself. */
export function ironThresholdSummary(): string {
  const low = ironThresholds.ferritinLowBelow;
  const borderline = ironThresholds.ferritinBorderlineUpTo;
  const tsat = ironThresholds.tsatBorderlineBelow;
  return `Thresholds: ferritin < ${low.value} ${low.unit} (seed) · ≤ ${borderline.value} ${borderline.unit} or TSAT < ${tsat.value}${tsat.unit} (AASM 2024, adults)`;
}
