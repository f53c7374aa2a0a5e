// When a medication use counts (clinical spec §2, revision 2): doses given (MedicationAdministration),
// long-acting injectables within their dosing interval, old active orders, and the akathisia window.

const spec = 'clinical spec §2, revision 2';

/** A dose of a dopamine antagonist given within this many days counts for akathisia (spec §1, §2). */
export const akathisiaRecentDoseWindow = {
  days: 7,
  citation: `clinical spec §1 (akathisia tier); ${spec}`,
} as const;

/**
 * Long-acting injectables: a completed administration keeps the drug `current` for its dosing
 * interval after the dose (default 5 weeks; 4 months for 3-monthly, 7 months for 6-monthly
 * products). Matched as words of the product's text; the longest interval among the matches wins
 * ("paliperidone palmitate … [Invega Trinza]" is 3-monthly).
 */
export interface LongActingInjectable {
  phrase: string;
  interval: { weeks: number } | { months: number };
  note?: string;
}

export const longActingInjectables: readonly LongActingInjectable[] = [
  { phrase: 'decanoate', interval: { weeks: 5 }, note: 'haloperidol or fluphenazine decanoate' },
  {
    phrase: 'palmitate',
    interval: { weeks: 5 },
    note: 'paliperidone palmitate, monthly unless a brand says otherwise',
  },
  { phrase: 'sustenna', interval: { weeks: 5 } },
  { phrase: 'trinza', interval: { months: 4 }, note: '3-monthly paliperidone palmitate' },
  { phrase: 'hafyera', interval: { months: 7 }, note: '6-monthly paliperidone palmitate' },
  { phrase: 'maintena', interval: { weeks: 5 } },
  {
    phrase: 'asimtufii',
    interval: { weeks: 5 },
    note: '2-monthly: the default interval under-reads it (known gap)',
  },
  { phrase: 'aristada', interval: { weeks: 5 } },
  { phrase: 'lauroxil', interval: { weeks: 5 } },
  { phrase: 'uzedy', interval: { weeks: 5 } },
  { phrase: 'perseris', interval: { weeks: 5 } },
  { phrase: 'rykindo', interval: { weeks: 5 } },
  { phrase: 'consta', interval: { weeks: 5 }, note: 'Risperdal Consta, every 2 weeks' },
  { phrase: 'relprevv', interval: { weeks: 5 }, note: 'Zyprexa Relprevv (olanzapine pamoate)' },
  { phrase: 'pamoate', interval: { weeks: 5 } },
];
export const longActingInjectableCitation = `${spec} (long-acting injectables)`;

/**
 * An order still active but written more than this many years ago, with nothing newer for that drug,
 * stays `current` and asks the clinician to confirm (real EHRs and Synthea keep such orders).
 */
export const oldActiveOrder = { afterYears: 2, citation: `${spec} (old active orders)` } as const;

/**
 * A deceased patient takes no drug: orders and statements left open at death (real EHRs and Synthea
 * keep them) are `past`, never flagged as current or recent, and ask no one to confirm them.
 */
export const deceasedTakesNoDrug = {
  /** Shown above the (empty) medication flags of a deceased patient. */
  text: (deathDate: string | undefined) =>
    `The patient died${deathDate ? ` on ${deathDate}` : ''}: no drug is flagged, since orders and statements still open in the chart are not current medications.`,
  /** The one CDS card for a deceased patient (every surface says so; no order is suggested). */
  cardSummary: (deathDate: string | undefined) =>
    `Patient recorded as deceased${deathDate ? ` (${deathDate})` : ''}: no leg-symptom suggestions`,
  citation:
    'clinical spec §4, revision 2 (deceased patients); project rule: open orders are not current after death',
} as const;
