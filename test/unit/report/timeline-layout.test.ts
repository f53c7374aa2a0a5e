import { describe, expect, it } from 'vitest';
import { fhirDateToMs } from '@/lib/contracts/fhir-dates';
import type { DrugPeriod, Timeline, TimelineDrug } from '@/lib/contracts/timeline-schema';
import { barExtents, timeSpan, timeTicks, valueTicks } from '@/lib/report/timeline-layout';

// The geometry of the pictures over time: the shared span, ticks whose labels name their dates,
// value axes and where a drug bar ends.

const now = new Date('2026-11-25T12:00:00Z');
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function emptyTimeline(): Timeline {
  return {
    labs: [],
    bands: [],
    drugs: [],
    onsets: [],
    searches: { labs: 'complete', medications: 'complete', conditions: 'complete' },
  };
}

function period(start: string | null, endKind: DrugPeriod['endKind'], end: string | null = null): DrugPeriod {
  return {
    source: `MedicationRequest/${start}`,
    kind: 'order',
    start,
    end,
    endKind,
    oldActiveOrderYears: null,
  };
}

function drug(periods: DrugPeriod[]): TimelineDrug {
  return {
    ingredient: 'x',
    role: 'offending',
    classes: ['ssri'],
    classLabels: ['SSRI antidepressant'],
    ironRoute: null,
    periods,
    doses: [],
  };
}

describe('the time axis', () => {
  it('labels every tick with its own month or year, for spans from months to decades', () => {
    const starts = ['2025-12-10', '2024-02-01', '2022-02-01', '2019-07-15', '2011-03-05', '1990-01-01'];
    for (const start of starts) {
      for (const width of [300, 480, 700, 1100]) {
        const span = { startMs: fhirDateToMs(start) ?? 0, endMs: now.getTime() };
        const ticks = timeTicks(span, width);
        expect(ticks.length, `${start} at ${width}px`).toBeGreaterThan(0);
        for (const tick of ticks) {
          const date = new Date(tick.value);
          const expected =
            tick.label.length === 4
              ? String(date.getUTCFullYear())
              : `${months[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
          expect(tick.label).toBe(expected);
          expect(date.getUTCDate()).toBe(1);
          expect(tick.value).toBeGreaterThanOrEqual(span.startMs);
          expect(tick.value).toBeLessThanOrEqual(span.endMs);
        }
        // Labels never crowd: at least 44 px apart for years, 64 px for months.
        const gap = ((ticks[1]?.value ?? 0) - (ticks[0]?.value ?? 0)) / (span.endMs - span.startMs);
        if (ticks.length > 1)
          expect(gap * width).toBeGreaterThanOrEqual(ticks[0]?.label.length === 4 ? 44 : 64);
      }
    }
  });

  it('spans at least a year up to today, even for a single result', () => {
    const timeline = emptyTimeline();
    timeline.labs.push({
      lab: 'ferritin',
      value: 32,
      comparator: null,
      original: { value: 32, unit: 'ng/mL' },
      text: null,
      calculatedFrom: null,
      problem: null,
      date: '2026-09-14',
      source: 'Observation/f1',
      sources: ['Observation/f1'],
    });
    const span = timeSpan(timeline, now);
    expect(span.endMs).toBeGreaterThan(now.getTime());
    expect(span.endMs - span.startMs).toBeGreaterThan(365 * 86_400_000);
    expect(span.startMs).toBeLessThan(fhirDateToMs('2026-09-14') ?? 0);
  });
});

describe('value axes', () => {
  it('rounds the top up to 1, 2 or 5 times a power of ten, with ticks from 0', () => {
    expect(valueTicks(240)).toEqual({ max: 300, ticks: [0, 100, 200, 300] });
    expect(valueTicks(50)).toEqual({ max: 60, ticks: [0, 20, 40, 60] });
    expect(valueTicks(0).max).toBeGreaterThan(0);
  });
});

describe('drug bars', () => {
  it('ends a bar at its charted end, at today when ongoing, and at the next start (or today) when unknown', () => {
    const bars = barExtents(
      drug([
        period('2014-05-12', 'unknown'),
        period('2016-03-01', 'ended', '2016-04-15'),
        period(null, 'unknown'),
        period('2021-06-07', 'ongoing'),
        period('2024-01-01', 'unknown'),
      ]),
      now,
    );
    expect(
      bars.map((b) => [
        new Date(b.startMs).toISOString().slice(0, 10),
        new Date(b.endMs).toISOString().slice(0, 10),
        b.dashed,
      ]),
    ).toEqual([
      ['2014-05-12', '2016-03-01', true],
      ['2016-03-01', '2016-04-15', false],
      ['2021-06-07', '2026-11-25', false],
      ['2024-01-01', '2026-11-25', true],
    ]);
  });
});
