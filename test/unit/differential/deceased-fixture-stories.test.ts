import { describe, expect, it } from 'vitest';
import { cardsFromReport } from '@/lib/cds/cards';
import { analyzeChart } from '@/lib/differential/analyze-chart';
import { deriveFeatures } from '@/lib/features/derive-features';
import { deceasedIronRecommendation } from '@/lib/knowledge/iron-texts';
import { plainTextSummary } from '@/lib/report/plain-text-summary';
import { fixtureSnapshot, fixtureNow as now } from '../../support/fixture-snapshot';

// Deceased patients p18 and p19 (clinical spec §4, revision 2): age at death, no drug taken, nothing
// ordered, and every surface says the patient died. Their golden rows are in fixture-patients.test.ts.

const cardOptions = () => {
  let n = 0;
  return { launchUrl: 'https://app.example/launch', newId: () => `card-${n++}` };
};

describe('deceased patients (p18, p19)', () => {
  it('p18: the age at death, and the order and statement open at death are past, not flagged', () => {
    const model = deriveFeatures(fixtureSnapshot('p18'), { now });
    expect(model.patient).toMatchObject({ ageYears: 76, deceased: { date: '2025-03-02' } });
    expect(
      model.medications.items.map((m) => [m.ingredient, m.basis, m.status, m.openAtDeath ?? false]),
    ).toEqual([
      ['diphenhydramine', 'statement', 'past', true],
      // Given 21 months before now: past whether or not the patient died.
      ['haloperidol', 'administration', 'past', false],
      ['sertraline', 'order', 'past', true],
    ]);
    const report = analyzeChart(fixtureSnapshot('p18'), { now });
    expect(report.flags.medications).toEqual([]);
    expect(report.flags.iron).toMatchObject({ status: 'stale', ferritinNgPerMl: 30 });
    expect(report.flags.iron.recommendation).toBe(deceasedIronRecommendation.text);
  });

  it('p19: deceasedBoolean without a date: deceased, age unknown; a dose two days ago flags nothing', () => {
    const report = analyzeChart(fixtureSnapshot('p19'), { now });
    expect(report.patient).toMatchObject({ ageYears: null, deceased: {} });
    expect(report.flags.medications).toEqual([]);
    // The coded diagnosis still stands; the dose no longer counts as a drug the patient is on.
    const akathisia = report.candidates.find((c) => c.id === 'akathisia');
    expect(akathisia?.tier).toBe('likely');
    expect(akathisia?.supporting.map((e) => e.ruleId)).not.toContain('akathisia.dopamine-antagonist');
  });

  it.each(['p18', 'p19'])('%s: CDS Hooks gives one info card saying so, with nothing to order', (id) => {
    const report = analyzeChart(fixtureSnapshot(id), { now });
    const cards = cardsFromReport(report, cardOptions());
    expect(cards).toHaveLength(1);
    expect(cards[0]?.indicator).toBe('info');
    expect(cards[0]?.summary).toMatch(/^Patient recorded as deceased/);
    expect(cards[0]?.suggestions).toBeUndefined();
  });

  it.each([
    ['p18', 'Patient deceased 2025-03-02, aged 76.'],
    ['p19', 'Patient deceased (date not recorded).'],
  ])('%s: the copy summary says the patient died and lists no drug', (id, line) => {
    const summary = plainTextSummary(analyzeChart(fixtureSnapshot(id), { now }), { now });
    expect(summary).toContain(line);
    expect(summary).toMatch(/no drug is flagged/);
    expect(summary).not.toMatch(/sertraline|metoclopramide|quetiapine/i);
  });
});
