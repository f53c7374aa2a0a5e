import { describe, expect, it } from 'vitest';
import { cardsFromReport, escapeMarkdown, fitSummary, maxSummaryLength } from '@/lib/cds/cards';
import { ironFlag, makeReport, sertralineFlag } from './report-fixture';

let counter = 0;
const options = { launchUrl: 'https://legs.example.org/launch', newId: () => `card-${++counter}` };

describe('cards from a Report', () => {
  it('returns no cards for a chart with no current offending drug and a normal ferritin', () => {
    expect(cardsFromReport(makeReport(), options)).toEqual([]);
  });

  it('warns about a current SSRI with the resources the flag rests on and a SMART link to the app', () => {
    const [card, ...rest] = cardsFromReport(makeReport({ medications: [sertralineFlag()] }), options);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe('warning');
    expect(card?.summary).toContain('Sertraline 100MG');
    expect(card?.summary).toContain('SSRI');
    expect(card?.detail).toContain('`MedicationStatement/p01-sertraline`');
    expect(card?.detail).toContain('`MedicationRequest/p01-sertraline-order`');
    expect(card?.detail).toContain('consider stopping or substituting');
    expect(card?.source.label).toBe('Leg symptom differential');
    expect(card?.source.topic.code).toBe('medication-induced');
    expect(card?.links).toEqual([
      { label: 'Open the leg symptom differential', url: 'https://legs.example.org/launch', type: 'smart' },
    ]);
    expect(card?.uuid).toMatch(/^card-/);
  });

  it('makes no card for a drug stopped recently or in the past: only current drugs reach the EHR banner', () => {
    const report = makeReport({
      medications: [sertralineFlag({ status: 'recent' }), sertralineFlag({ status: 'past' })],
    });
    expect(cardsFromReport(report, options)).toEqual([]);
  });

  it('asks to confirm a drug that rests only on an old active order, in the words the Report carries', () => {
    const text = 'Active order from 7 years ago: confirm the patient still takes it.';
    const [card] = cardsFromReport(
      makeReport({
        medications: [sertralineFlag({ confirmStillTaking: { since: '2019-02-11', years: 7, text } })],
      }),
      options,
    );
    expect(card?.detail).toContain(`**${text}**`);
    expect(
      cardsFromReport(makeReport({ medications: [sertralineFlag()] }), options)[0]?.detail,
    ).not.toContain('confirm the patient');
  });

  it('makes one card per current flag, so promethazine flagged in two classes gives two cards', () => {
    const report = makeReport({
      medications: [
        sertralineFlag({
          class: 'dopamine-antagonist',
          classLabel: 'Dopamine antagonist',
          display: 'Promethazine 25 MG',
        }),
        sertralineFlag({
          class: 'sedating-antihistamine',
          classLabel: 'Sedating antihistamine',
          display: 'Promethazine 25 MG',
        }),
      ],
    });
    const cards = cardsFromReport(report, options);
    expect(cards.map((c) => c.source.topic.code)).toEqual(['medication-induced', 'medication-induced']);
    expect(new Set(cards.map((c) => c.uuid)).size).toBe(2);
  });

  it('warns about a low ferritin with its value, date and source Observation', () => {
    const report = makeReport({
      iron: ironFlag({
        status: 'low',
        ferritinNgPerMl: 32,
        date: '2026-08-12',
        sources: ['Observation/p01-ferritin-1'],
        reason: 'Ferritin 32 ng/mL is low.',
        recommendation: 'Iron supplementation indicated.',
      }),
    });
    const [card] = cardsFromReport(report, options);
    expect(card?.indicator).toBe('warning');
    expect(card?.summary).toBe('Ferritin is low (32 ng/mL, 2026-08-12): iron status matters in leg symptoms');
    expect(card?.detail).toContain('`Observation/p01-ferritin-1`');
    expect(card?.detail).toContain('Iron supplementation indicated');
    expect(card?.source.topic.code).toBe('iron-status');
  });

  it('keeps a "<10" comparator in the summary rather than reading it as 10', () => {
    const report = makeReport({
      iron: ironFlag({ status: 'low', ferritinNgPerMl: 10, comparator: '<', date: '2026-05-02' }),
    });
    expect(cardsFromReport(report, options)[0]?.summary).toContain('(<10 ng/mL, 2026-05-02)');
  });

  it('mentions the value as charted when ferritin came in pmol/L', () => {
    const report = makeReport({
      iron: ironFlag({
        status: 'borderline',
        ferritinNgPerMl: 60.1,
        original: { value: 135, unit: 'pmol/L' },
      }),
    });
    expect(cardsFromReport(report, options)[0]?.detail).toContain('Charted as 135 pmol/L.');
  });

  it.each([
    ['borderline', 'Ferritin is borderline'],
    ['missing', 'No ferritin on file'],
    ['stale', 'Latest ferritin is out of date'],
    ['unknown', 'Ferritin could not be assessed'],
  ] as const)('gives an info card when ferritin is %s', (status, phrase) => {
    const missing = status === 'missing' || status === 'unknown';
    const report = makeReport({
      iron: ironFlag({
        status,
        ferritinNgPerMl: missing ? null : 60,
        date: missing ? null : '2024-01-01',
        sources: missing ? [] : ['Observation/x'],
      }),
    });
    const [card, ...rest] = cardsFromReport(report, options);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe('info');
    expect(card?.summary.startsWith(phrase)).toBe(true);
    if (missing) expect(card?.summary).not.toContain('ng/mL');
  });

  it('names the TSAT, not the ferritin, when a TSAT below 20% decided the borderline status', () => {
    const report = makeReport({
      iron: ironFlag({
        status: 'borderline',
        ferritinNgPerMl: 112,
        decidedBy: 'tsat-below',
        tsat: {
          percent: 8.44,
          comparator: null,
          date: '2026-11-03T08:12:00-05:00',
          sources: ['Observation/i1', 'Observation/b1'],
          calculated: true,
          current: true,
        },
      }),
    });
    expect(cardsFromReport(report, options)[0]?.summary).toBe(
      'Transferrin saturation is below 20% (TSAT 8.4% calculated, 2026-11-03): iron status matters in leg symptoms',
    );
  });

  it('says the newest ferritin could not be read rather than that ferritin is missing', () => {
    const report = makeReport({
      iron: ironFlag({ status: 'unknown', ferritinNgPerMl: null, decidedBy: 'newest-ferritin-unreadable' }),
    });
    expect(cardsFromReport(report, options)[0]?.summary).toMatch(/^Newest ferritin could not be read/);
  });

  it('lists data gaps on every card, so a failed search is never read as "none found"', () => {
    const report = makeReport(
      { medications: [sertralineFlag()], iron: ironFlag({ status: 'unknown', ferritinNgPerMl: null }) },
      { dataGaps: [{ resourceType: 'Observation', reason: 'forbidden', detail: 'HTTP 403' }] },
    );
    for (const card of cardsFromReport(report, options)) {
      expect(card.detail).toContain('**Data gaps**');
      expect(card.detail).toContain('Observation: forbidden (HTTP 403)');
    }
  });

  it('says the medication check is incomplete when searches failed and nothing was flagged', () => {
    const report = makeReport(
      {},
      {
        flags: { medications: [], medicationSearch: 'partial', iron: ironFlag() },
        dataGaps: [{ resourceType: 'MedicationStatement', reason: 'failed', detail: 'HTTP 500' }],
      },
    );
    const [card, ...rest] = cardsFromReport(report, options);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe('info');
    expect(card?.summary).toContain('incomplete');
    expect(card?.detail).toContain('MedicationStatement: failed (HTTP 500)');
  });

  it('says medications could not be read at all when no medication search succeeded', () => {
    const report = makeReport(
      {},
      { flags: { medications: [], medicationSearch: 'unavailable', iron: ironFlag() } },
    );
    expect(cardsFromReport(report, options)[0]?.summary).toMatch(/could not be read/);
  });

  it('adds no "incomplete" card next to a real flag: the flag card carries the gaps', () => {
    const report = makeReport(
      {},
      { flags: { medications: [sertralineFlag()], medicationSearch: 'partial', iron: ironFlag() } },
    );
    expect(cardsFromReport(report, options).map((c) => c.indicator)).toEqual(['warning']);
  });

  it('counts quarantined resources among the gaps', () => {
    const report = makeReport(
      { iron: ironFlag({ status: 'missing', ferritinNgPerMl: null }) },
      { quarantined: [{ reference: 'Observation/bad', reason: 'status: invalid' }] },
    );
    expect(cardsFromReport(report, options)[0]?.detail).toContain('1 chart resource(s) could not be read');
  });

  it('shortens a long drug display so the summary stays under 140 characters', () => {
    const display = `${'acetaminophen 325 MG / dextromethorphan hydrobromide 15 MG / doxylamine succinate 6.25 MG '.repeat(3)}Oral Solution`;
    const [card] = cardsFromReport(makeReport({ medications: [sertralineFlag({ display })] }), options);
    expect(card?.summary.length).toBeLessThanOrEqual(maxSummaryLength);
    expect(card?.summary.endsWith('…')).toBe(true);
  });

  it('escapes markdown and HTML in charted text so an EHR display cannot inject links', () => {
    const display = '[click](https://evil.example) <img src=x onerror=alert(1)> **bold**';
    const [card] = cardsFromReport(makeReport({ medications: [sertralineFlag({ display })] }), options);
    expect(card?.detail).not.toContain('[click]');
    expect(card?.detail).not.toContain('<img');
    expect(card?.detail).toContain('\\[click\\]');
  });
});

describe('summary and markdown helpers', () => {
  it('keeps a short summary as it is and never returns more than the limit', () => {
    expect(fitSummary('Ferritin is low')).toBe('Ferritin is low');
    expect(fitSummary('x'.repeat(500)).length).toBe(maxSummaryLength);
    expect(fitSummary(`${'word '.repeat(60)}end`).length).toBeLessThanOrEqual(maxSummaryLength);
  });

  it('turns bare URLs and e-mail addresses in charted text into code spans, so no renderer links them', () => {
    expect(escapeMarkdown('see https://evil.example/login now')).toBe('see `https://evil.example/login` now');
    expect(escapeMarkdown('www.evil.example/x_y')).toBe('`www.evil.example/x_y`');
    expect(escapeMarkdown('write to help@evil.example')).toBe('write to `help@evil.example`');
    expect(escapeMarkdown('<https://evil.example>')).toBe('&lt;`https://evil.example`&gt;');
    expect(escapeMarkdown('[x](http://evil.example/`a`)')).toBe('\\[x\\](`http://evil.example/`\\`a\\`)');
    expect(escapeMarkdown('sertraline 50 mg_tab')).toBe('sertraline 50 mg\\_tab');
  });

  it('stops a charted "1." or "-" from starting a markdown list', () => {
    expect(escapeMarkdown('1. take with food')).toBe('1\\. take with food');
    expect(escapeMarkdown('- stop')).toBe('\\- stop');
  });
});
