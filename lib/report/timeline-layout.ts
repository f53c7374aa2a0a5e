import { fhirDateToMs } from '../contracts/fhir-dates';
import type { DrugPeriod, Timeline, TimelineDrug } from '../contracts/timeline-schema';

// Geometry of the pictures over time, as pure functions: the shared time span, axis ticks, value
// scales and where each drug bar ends. Dates are read as the features read them (fhirDateToMs).

const dayMs = 86_400_000;
const yearMs = 365.25 * dayMs;

export interface TimeSpan {
  startMs: number;
  endMs: number;
}

/** Every date the pictures draw, so both share one time axis. */
function timelineDates(timeline: Timeline): (string | null)[] {
  return [
    ...timeline.labs.map((p) => (p.value === null ? null : p.date)),
    ...timeline.drugs.flatMap((d) => [
      ...d.periods.flatMap((p) => [p.start, p.end]),
      ...d.doses.map((dose) => dose.date),
    ]),
    ...timeline.onsets.map((o) => o.date),
  ];
}

/** From the first dated mark to today (or a later mark), at least a year, padded a little at both ends. */
export function timeSpan(timeline: Timeline, now: Date): TimeSpan {
  let start = now.getTime();
  let end = start;
  for (const date of timelineDates(timeline)) {
    const ms = fhirDateToMs(date);
    if (ms === null) continue;
    start = Math.min(start, ms);
    end = Math.max(end, ms);
  }
  start = Math.min(start, end - yearMs);
  const pad = (end - start) * 0.03;
  return { startMs: start - pad, endMs: end + pad };
}

export type Scale = (value: number) => number;

export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface Tick {
  value: number;
  label: string;
}

/** Month or year ticks, as many as fit `width` px with room for their labels. */
export function timeTicks(span: TimeSpan, width: number): Tick[] {
  const months = (span.endMs - span.startMs) / (yearMs / 12);
  const steps = [1, 3, 6, 12, 24, 60, 120];
  const step =
    steps.find((s) => (months / s) * (s < 12 ? 64 : 44) <= width) ?? steps[steps.length - 1] ?? 120;
  const first = new Date(span.startMs);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  // Start on a month (or year) the step divides, at or after the span's start.
  month = Math.ceil(month / Math.min(step, 12)) * Math.min(step, 12);
  year += Math.floor(month / 12);
  month %= 12;
  if (step >= 12) {
    year += month > 0 || first.getUTCDate() > 1 ? 1 : 0;
    year = Math.ceil(year / (step / 12)) * (step / 12);
    month = 0;
  }
  const ticks: Tick[] = [];
  for (;;) {
    const value = Date.UTC(year, month, 1);
    if (value > span.endMs) break;
    if (value >= span.startMs) {
      ticks.push({ value, label: step >= 12 ? String(year) : `${monthNames[month % 12]} ${year}` });
    }
    month += step;
    year += Math.floor(month / 12);
    month %= 12;
  }
  return ticks;
}

/** A round top for a value axis (1, 2 or 5 times a power of ten), with its ticks from 0. */
export function valueTicks(max: number, count = 4): { max: number; ticks: number[] } {
  const raw = Math.max(max, 1) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const top = Math.ceil(max / step) * step || step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(v);
  return { max: top, ticks };
}

export interface BarExtent {
  period: DrugPeriod;
  startMs: number;
  endMs: number;
  /** The end is not charted: drawn dashed, to the drug's next start or to today. */
  dashed: boolean;
}

/** Where each dated period of a drug is drawn; undated ones cannot be placed and are left out. */
export function barExtents(drug: TimelineDrug, now: Date): BarExtent[] {
  const nowMs = now.getTime();
  const starts = drug.periods.map((p) => fhirDateToMs(p.start));
  const bars: BarExtent[] = [];
  drug.periods.forEach((period, index) => {
    const startMs = starts[index];
    if (startMs === null || startMs === undefined) return;
    let endMs = nowMs;
    if (period.endKind === 'ended') endMs = fhirDateToMs(period.end) ?? startMs;
    else if (period.endKind === 'unknown') {
      const next = starts.slice(index + 1).find((ms) => ms !== null && ms !== undefined && ms > startMs);
      endMs = next ?? nowMs;
    }
    bars.push({ period, startMs, endMs: Math.max(endMs, startMs), dashed: period.endKind === 'unknown' });
  });
  return bars;
}

/** The iron treatments (oral and IV iron), drawn as marks on the iron picture's time axis. */
export function ironTreatments(timeline: Timeline): TimelineDrug[] {
  return timeline.drugs.filter((d) => d.classes.includes('iron'));
}
