import { describe, expect, it } from 'vitest';
import { relativeAge } from '@/lib/report/relative-age';

const now = new Date('2026-11-25T12:00:00Z');

describe('how old a chart fact is', () => {
  it('reads a ferritin from September 2025 as 14 months ago', () => {
    expect(relativeAge('2025-09-10', now)).toBe('14 months ago');
  });

  it('counts whole months only once the day of the month has passed', () => {
    expect(relativeAge('2025-11-26', now)).toBe('11 months ago');
    expect(relativeAge('2025-11-25', now)).toBe('12 months ago');
  });

  it('uses days, then weeks, for recent results', () => {
    expect(relativeAge('2026-11-25T07:00:00Z', now)).toBe('today');
    expect(relativeAge('2026-11-24', now)).toBe('1 day ago');
    expect(relativeAge('2026-11-01', now)).toBe('3 weeks ago');
  });

  it('uses years beyond two years', () => {
    expect(relativeAge('2023-05-01', now)).toBe('3 years ago');
  });

  it('reads partial FHIR dates from their first day', () => {
    expect(relativeAge('2026-02', now)).toBe('9 months ago');
    expect(relativeAge('2020', now)).toBe('6 years ago');
  });

  it('says a date after now is in the future rather than inventing an age', () => {
    expect(relativeAge('2027-01-01', now)).toBe('dated in the future');
  });

  it('returns null for a date it cannot read', () => {
    expect(relativeAge('last spring', now)).toBeNull();
  });
});
