import type { Report } from '../contracts/report-schema';
import { relativeAge } from './relative-age';

// How current the facts behind the report are, in words: "Ferritin from 14 months ago".

export interface FreshnessFact {
  id: string;
  text: string;
  date: string | null;
}

export function freshnessFacts(report: Report, now: Date): FreshnessFact[] {
  const facts: FreshnessFact[] = [];
  const iron = report.flags.iron;
  if (iron.date) {
    const age = relativeAge(iron.date, now);
    facts.push({ id: 'ferritin', text: `Ferritin from ${age ?? iron.date}`, date: iron.date });
  } else if (iron.status === 'missing') {
    facts.push({ id: 'ferritin', text: 'No ferritin in the chart', date: null });
  }
  const medicationDates = report.flags.medications
    .map((m) => m.date)
    .filter((d): d is string => d !== null)
    .sort();
  const newest = medicationDates.at(-1);
  if (newest) {
    const age = relativeAge(newest, now);
    facts.push({ id: 'medications', text: `Latest flagged medication from ${age ?? newest}`, date: newest });
  }
  return facts;
}
