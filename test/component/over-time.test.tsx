import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { OverTime } from '@/app/components/over-time';
import { fhirDateToMs } from '@/lib/contracts/fhir-dates';
import type { Timeline } from '@/lib/contracts/timeline-schema';
import { labPointText, laneText, onsetText, periodText } from '@/lib/knowledge/timeline-labels';
import type { ChartStory } from './fixtures/reports';
import { now, rlsOnSertraline } from './fixtures/reports';
import {
  calculatedTsat,
  childBands,
  conditionsUnread,
  esrdBands,
  longActingInjections,
  longIronHistory,
  longIronHistoryDeceased,
  longIronHistoryWithDoses,
  nothingReadable,
  nothingToDraw,
  searchesIncomplete,
  singleFerritin,
  unplaceableResults,
} from './fixtures/timeline-stories';
import { ReportHarness } from './report-harness';

// The pictures over time, over Reports generated from the synthetic patients: marks are found by
// their data attributes and sources, names are compared with lib/report's words, never retyped.

afterEach(cleanup);

function timelineOf(story: ChartStory): Timeline {
  const timeline = story.report.timeline;
  if (!timeline) throw new Error('no timeline');
  return timeline;
}

function picture(id: 'iron-picture' | 'drug-picture'): HTMLElement {
  return screen.getByTestId(id);
}

function marksIn(element: HTMLElement): SVGGElement[] {
  return [...element.querySelectorAll<SVGGElement>('g.mark')];
}

function sources(elements: Element[]): (string | null)[] {
  return elements.map((e) => e.getAttribute('data-source'));
}

/** A table's data rows (its head row left out). */
function bodyRows(table: HTMLElement): HTMLTableRowElement[] {
  return [...table.querySelectorAll<HTMLTableRowElement>('tbody tr')];
}

function drawView(story: ChartStory) {
  render(<ReportHarness story={story} />);
}

describe('iron over time', () => {
  it('draws every dated ferritin and TSAT result as a point, oldest first, "<" results as open markers', () => {
    const story = longIronHistory();
    drawView(story);
    const marks = marksIn(picture('iron-picture'));
    const labs = timelineOf(story).labs;
    expect(marks).toHaveLength(26);
    expect(sources(marks)).toEqual(labs.map((p) => p.source));
    expect(marks.filter((m) => m.dataset.lab === 'ferritin')).toHaveLength(18);
    expect(marks.filter((m) => m.dataset.lab === 'tsat')).toHaveLength(8);
    const open = marks.filter((m) => m.dataset.open === 'true');
    expect(sources(open)).toEqual(labs.filter((p) => p.comparator).map((p) => p.source));
    expect(open[0]?.querySelector('.point.open')).not.toBeNull();
    // Each point is named with its value, date and unit conversion.
    const molar = labs.find((p) => p.original?.unit === 'pmol/L');
    expect(marks.find((m) => m.dataset.source === molar?.source)?.getAttribute('aria-label')).toBe(
      `${molar ? labPointText(molar) : ''}. Show source`,
    );
    expect(labs.filter((p) => p.lab === 'ferritin').length).toBeGreaterThan(1);
  });

  it('draws the bands that apply (seed, AASM 2024 ferritin and TSAT) and lists them with their citations', () => {
    const story = longIronHistory();
    drawView(story);
    const chart = picture('iron-picture');
    const drawn = [...chart.querySelectorAll('svg [data-band]')].map((e) => e.getAttribute('data-band'));
    expect(drawn).toEqual(['aasm-2024', 'seed', 'aasm-2024-tsat']);
    const legend = within(chart).getByRole('list', { name: 'Legend' });
    for (const band of timelineOf(story).bands) expect(legend.textContent).toContain(band.label);
    expect(chart.textContent).toContain(timelineOf(story).bands[0]?.citation);
    // The limits are bold axis labels.
    expect([...chart.querySelectorAll('.axis-label.limit')].map((e) => e.textContent)).toEqual([
      '50',
      '75',
      '20%',
    ]);
  });

  it('adds the ESRD band when ESRD is coded', () => {
    drawView(esrdBands());
    const drawn = [...picture('iron-picture').querySelectorAll('svg [data-band]')].map((e) =>
      e.getAttribute('data-band'),
    );
    expect(drawn).toContain('esrd');
  });

  it('draws a calculated TSAT as a diamond, names it so, and says "calculated" in the table', async () => {
    const user = userEvent.setup();
    const story = calculatedTsat();
    drawView(story);
    const chart = picture('iron-picture');
    const calculated = timelineOf(story).labs.find((p) => p.calculatedFrom !== null);
    if (!calculated) throw new Error('no calculated TSAT');
    const mark = marksIn(chart).find((m) => m.dataset.calculated === 'true');
    expect(mark?.dataset.source).toBe(calculated.source);
    expect(mark?.querySelector('path.point.tsat.calculated')).not.toBeNull();
    expect(mark?.getAttribute('aria-label')).toBe(`${labPointText(calculated)}. Show source`);
    expect(mark?.getAttribute('aria-label')).toContain('calculated from serum iron');
    expect(chart.querySelector('[data-key="key-tsat-calculated"]')).not.toBeNull();
    await user.click(within(chart).getByRole('button', { name: 'Show as table' }));
    const table = within(chart).getByRole('table', { name: /^Ferritin and TSAT results/ });
    const row = bodyRows(table).find((r) => r.querySelector(`[data-source="${calculated.source}"]`));
    expect(row?.textContent).toContain('TSAT (calculated)');
    expect(row?.textContent).toContain('calculated from serum iron 38');
  });

  it('draws only the paediatric band for a child', () => {
    drawView(childBands());
    const chart = picture('iron-picture');
    expect([...chart.querySelectorAll('[data-band]')].map((b) => b.getAttribute('data-band'))).toEqual([
      'child',
    ]);
    expect(within(chart).getByText('Children: ferritin < 50 ng/mL')).toBeTruthy();
  });

  it('ends at the date of death for a deceased patient, where ongoing drugs stop too', () => {
    const story = longIronHistoryDeceased();
    drawView(story);
    for (const id of ['iron-picture', 'drug-picture'] as const) {
      const chart = picture(id);
      expect(within(chart).getByText('died 2025-03-14')).toBeTruthy();
      expect(within(chart).queryByText('today')).toBeNull();
    }
    // The ongoing diphenhydramine order ends at the line of death, not at today's.
    const drugs = picture('drug-picture');
    const line = drugs.querySelector('line.today');
    const bar = drugs.querySelector('[data-ingredient="diphenhydramine"] rect.bar');
    const end = Number(bar?.getAttribute('x')) + Number(bar?.getAttribute('width'));
    expect(end).toBeCloseTo(Number(line?.getAttribute('x1')), 0);
    expect(fhirDateToMs(story.report.patient.deceased?.date)).not.toBeNull();
  });

  it('marks oral iron as bars and IV iron as triangles under the time axis', () => {
    drawView(longIronHistory());
    const chart = picture('iron-picture');
    // Ferrous sulfate twice (oral), ferric carboxymaltose once (a week: a triangle), iron sucrose with no end.
    expect(chart.querySelectorAll('.iron-mark.iron-oral')).toHaveLength(2);
    expect(chart.querySelectorAll('.iron-mark.iron-iv')).toHaveLength(1);
    expect(chart.querySelectorAll('.iron-mark.iron-intravenous.dashed')).toHaveLength(1);
  });

  it('draws a single result with today on the axis, and no TSAT scale when there is no TSAT', () => {
    drawView(singleFerritin());
    const chart = picture('iron-picture');
    expect(marksIn(chart)).toHaveLength(1);
    expect(chart.querySelector('.today')).not.toBeNull();
    expect(within(chart).getByText('today')).toBeTruthy();
    expect(chart.querySelectorAll('.axis-label.limit')).toHaveLength(2);
    expect(chart.querySelector('.tsat-limit')).toBeNull();
  });

  it('says there is nothing to draw when the lab search found nothing, and offers no table toggle', () => {
    drawView(nothingToDraw());
    const chart = picture('iron-picture');
    expect(within(chart).getByText(/^No ferritin or transferrin saturation result/).textContent).toBe(
      'No ferritin or transferrin saturation result in the chart.',
    );
    expect(within(chart).queryByRole('button', { name: 'Show as table' })).toBeNull();
  });

  it('never says "no result" when the lab search failed: the picture is a data gap', () => {
    drawView(nothingReadable());
    const empty = picture('iron-picture');
    expect(within(empty).getByText(/^No ferritin or transferrin saturation result/).textContent).toBe(
      'No ferritin or transferrin saturation result could be read.',
    );
    expect(within(empty).getByRole('note').textContent).toMatch(/could not be fully read/);
    cleanup();
    // With iron treatments still charted, they are drawn, and the gap is said beside them.
    drawView(searchesIncomplete());
    const chart = picture('iron-picture');
    expect(marksIn(chart)).toHaveLength(0);
    expect(chart.querySelectorAll('.iron-mark').length).toBeGreaterThan(0);
    expect(within(chart).getByRole('note').textContent).toMatch(/could not be fully read/);
  });

  it('lists results it cannot place (undated, unconvertible) in the table and says so', async () => {
    const user = userEvent.setup();
    drawView(unplaceableResults());
    const chart = picture('iron-picture');
    expect(marksIn(chart)).toHaveLength(24);
    expect(within(chart).getByText(/^Not drawn/).textContent).toBe(
      'Not drawn (no date, or a unit that cannot be converted): 2, listed in the table.',
    );
    await user.click(within(chart).getByRole('button', { name: 'Show as table' }));
    const rows = bodyRows(await within(chart).findByRole('table', { name: /^Ferritin and TSAT results/ }));
    expect(rows).toHaveLength(26);
    expect(rows.map((r) => r.textContent).join('\n')).toMatch(/unit 'mg\/dL' cannot be converted to ng\/mL/);
    expect(rows.at(-1)?.textContent).toMatch(/^undated/);
  });

  it('shows the same data as a table, newest first, with a source button per row, and back', async () => {
    const user = userEvent.setup();
    const story = longIronHistory();
    drawView(story);
    const chart = picture('iron-picture');
    await user.click(within(chart).getByRole('button', { name: 'Show as table' }));
    expect(chart.querySelector('svg')).toBeNull();
    const table = await within(chart).findByRole('table', { name: /^Ferritin and TSAT results/ });
    const rows = bodyRows(table);
    const labs = timelineOf(story).labs;
    expect(rows.map((r) => r.querySelector('[data-source]')?.getAttribute('data-source'))).toEqual(
      [...labs].reverse().map((p) => p.source),
    );
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Date', 'Test', 'Result', 'Notes', 'Source']);
    expect(bodyRows(within(chart).getByRole('table', { name: 'Iron treatments' }))).toHaveLength(4);
    await user.click(within(chart).getByRole('button', { name: 'Show as chart' }));
    expect(marksIn(chart)).toHaveLength(26);
  });

  it('is one tab stop: arrows move between points, Enter opens the source, Escape comes back', async () => {
    const user = userEvent.setup();
    const story = longIronHistory();
    drawView(story);
    const labs = timelineOf(story).labs;
    const chart = picture('iron-picture');
    const stops = marksIn(chart).filter((m) => m.getAttribute('tabindex') === '0');
    expect(sources(stops)).toEqual([labs.at(-1)?.source ?? '']);
    stops[0]?.focus();
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement?.getAttribute('data-source')).toBe(labs.at(-2)?.source);
    await user.keyboard('{Home}');
    expect(document.activeElement?.getAttribute('data-source')).toBe(labs[0]?.source);
    expect(within(chart).getByText(labs[0] ? labPointText(labs[0]) : 'x')).toBeTruthy();
    await user.keyboard('{Enter}');
    const panel = screen.getByTestId('source-panel');
    expect(panel.textContent).toContain(labs[0]?.source);
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('source-panel')).toBeNull();
    expect(document.activeElement?.getAttribute('data-source')).toBe(labs[0]?.source);
    await user.keyboard('{End}');
    expect(document.activeElement?.getAttribute('data-source')).toBe(labs.at(-1)?.source);
  });

  it('opens the source of a point on click', async () => {
    const user = userEvent.setup();
    drawView(longIronHistory());
    const mark = marksIn(picture('iron-picture'))[3];
    if (!mark) throw new Error('no mark');
    await user.click(mark);
    expect(screen.getByTestId('source-panel').textContent).toContain(mark.dataset.source);
  });
});

describe('drugs against time', () => {
  function lanes() {
    return [...picture('drug-picture').querySelectorAll<SVGGElement>('g[data-ingredient]')];
  }

  it('draws one lane per drug and one bar per dated period: ongoing, ended, unknown end (dashed)', () => {
    const story = longIronHistory();
    drawView(story);
    const timeline = timelineOf(story);
    expect(lanes().map((l) => l.dataset.ingredient)).toEqual(timeline.drugs.map((d) => d.ingredient));
    const bars = [...picture('drug-picture').querySelectorAll<SVGGElement>('g.mark[data-end]')];
    expect(bars).toHaveLength(12);
    const ends = bars.map((b) => b.dataset.end);
    expect(ends.filter((e) => e === 'ongoing')).toHaveLength(4);
    expect(ends.filter((e) => e === 'ended')).toHaveLength(6);
    expect(ends.filter((e) => e === 'unknown')).toHaveLength(2);
    for (const bar of bars.filter((b) => b.dataset.end === 'unknown'))
      expect(bar.querySelector('.bar.dashed')).not.toBeNull();
    // Coloured by class: sertraline's bars carry the SSRI colour.
    const sertraline = lanes().find((l) => l.dataset.ingredient === 'sertraline');
    expect(sertraline?.querySelectorAll('.bar.drug-ssri')).toHaveLength(2);
  });

  it('draws the old active order striped and says how old it is', () => {
    const story = longIronHistory();
    drawView(story);
    const old = [...picture('drug-picture').querySelectorAll<SVGGElement>('g.mark[data-old-order="true"]')];
    expect(sources(old)).toEqual(['MedicationRequest/p50-diphenhydramine-order']);
    expect(old[0]?.querySelector('rect[fill^="url(#"]')).not.toBeNull();
    const drug = timelineOf(story).drugs.find((d) => d.ingredient === 'diphenhydramine');
    const lane = lanes().find((l) => l.dataset.ingredient === 'diphenhydramine');
    expect(lane?.querySelector('.lane-label')?.textContent).toBe(drug ? laneText(drug) : 'x');
    expect(old[0]?.getAttribute('aria-label')).toMatch(/confirm the patient still takes it/);
  });

  it('marks coded RLS, leg cramps and akathisia at their onset, after the sertraline start', () => {
    const story = longIronHistory();
    drawView(story);
    const timeline = timelineOf(story);
    const onsets = [...picture('drug-picture').querySelectorAll<SVGGElement>('g.mark[data-onset]')];
    expect(onsets.map((o) => o.dataset.onset)).toEqual(['leg-cramps', 'drug-induced-akathisia', 'rls']);
    const rls = onsets.find((o) => o.dataset.onset === 'rls');
    const rlsOnset = timeline.onsets.find((o) => o.group === 'rls');
    expect(rls?.getAttribute('aria-label')).toBe(`${rlsOnset ? onsetText(rlsOnset) : ''}. Show source`);
    // "Started sertraline in June, RLS coded in August": the marker sits just right of the bar's start.
    const rlsX = Number(rls?.querySelector('line')?.getAttribute('x1'));
    const sertralineX = Number(
      lanes()
        .find((l) => l.dataset.ingredient === 'sertraline')
        ?.querySelector('.bar')
        ?.getAttribute('x'),
    );
    expect(rlsX).toBeGreaterThan(sertralineX);
    expect(rlsX - sertralineX).toBeLessThan(20);
  });

  it('draws single administrations as ticks in the drug lane', () => {
    drawView(longIronHistoryWithDoses());
    const droperidol = lanes().find((l) => l.dataset.ingredient === 'droperidol');
    const ticks = [...(droperidol?.querySelectorAll<SVGGElement>('g.mark[data-dose]') ?? [])];
    expect(sources(ticks)).toEqual([
      'MedicationAdministration/p50-droperidol-1',
      'MedicationAdministration/p50-droperidol-2',
    ]);
    expect(ticks[0]?.querySelector('.tick.drug-dopamine-antagonist')).not.toBeNull();
    // An IV iron given once is a triangle on the iron chart too.
    expect(picture('iron-picture').querySelectorAll('.iron-mark.iron-iv')).toHaveLength(2);
  });

  it('draws a long-acting injection as a tick with its dosing interval after it', () => {
    const story = longActingInjections();
    drawView(story);
    const chart = picture('drug-picture');
    const doses = timelineOf(story).drugs.find((d) => d.ingredient === 'paliperidone')?.doses ?? [];
    expect(doses.at(-1)?.actingUntil).toBe('2026-12-09');
    const lane = chart.querySelector('[data-ingredient="paliperidone"]');
    expect(lane?.querySelectorAll('rect.tick')).toHaveLength(doses.length);
    expect(lane?.querySelectorAll('rect.acting')).toHaveLength(doses.filter((d) => d.actingUntil).length);
    expect(chart.querySelector('[data-key="key-acting"]')).not.toBeNull();
  });

  it('moves through bars, ticks and onsets with the arrow keys and opens a bar’s order', async () => {
    const user = userEvent.setup();
    const story = longIronHistory();
    drawView(story);
    const timeline = timelineOf(story);
    const marks = marksIn(picture('drug-picture'));
    expect(marks.filter((m) => m.getAttribute('tabindex') === '0')).toHaveLength(1);
    marks.at(-1)?.focus();
    await user.keyboard('{Home}');
    const first = timeline.drugs[0];
    const period = first?.periods[0];
    expect(document.activeElement?.getAttribute('data-source')).toBe(period?.source);
    expect(document.activeElement?.getAttribute('aria-label')).toBe(
      `${first && period ? periodText(first, period) : ''}. Show source`,
    );
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.getAttribute('data-source')).toBe(timeline.drugs[1]?.periods[0]?.source);
    await user.keyboard('{ArrowUp}');
    await user.keyboard(' ');
    expect(screen.getByTestId('source-panel').textContent).toContain(period?.source);
  });

  it('shows the periods, doses and onsets as a table, the old order spelled out', async () => {
    const user = userEvent.setup();
    drawView(longIronHistoryWithDoses());
    const chart = picture('drug-picture');
    await user.click(within(chart).getByRole('button', { name: 'Show as table' }));
    const rows = bodyRows(await within(chart).findByRole('table', { name: 'Drugs against time' }));
    expect(rows).toHaveLength(15);
    expect(bodyRows(within(chart).getByRole('table', { name: 'Coded conditions' }))).toHaveLength(3);
    expect(chart.textContent).toContain(
      'Active order from 13 years ago: confirm the patient still takes it.',
    );
    expect(rows.filter((r) => r.textContent?.includes('single dose'))).toHaveLength(3);
  });

  it('says when no drug of interest is charted, and only when the medication searches were complete', () => {
    drawView(singleFerritin());
    expect(within(picture('drug-picture')).getByText(/^No drug that causes/).textContent).toMatch(
      /^No drug that causes, worsens or treats RLS in the chart/,
    );
    cleanup();
    drawView(searchesIncomplete());
    const chart = picture('drug-picture');
    // Orders were still read, so they are drawn, with the gap said.
    expect(marksIn(chart).length).toBeGreaterThan(0);
    expect(within(chart).getByRole('note').textContent).toMatch(/Medications could not be fully read/);
  });

  it('never says "no coded RLS, leg cramps or akathisia" when a condition search failed', () => {
    drawView(conditionsUnread());
    const chart = picture('drug-picture');
    expect(within(chart).getByText(/^No drug that causes/).textContent).toBe(
      'No drug that causes, worsens or treats RLS in the chart; the coded conditions could not be fully read.',
    );
    expect(within(chart).getByRole('note').textContent).toMatch(/Conditions could not be fully read/);
  });
});

describe('the legends', () => {
  const keys = (id: 'iron-picture' | 'drug-picture') =>
    [...within(picture(id)).getByRole('list', { name: 'Legend' }).querySelectorAll('li')].map((li) =>
      li.getAttribute('data-key'),
    );

  it('name only what the pictures draw', () => {
    drawView(rlsOnSertraline());
    // p01: one ferritin, no TSAT, no "<" result, no iron, one ongoing drug, RLS coded.
    expect(keys('iron-picture')).toEqual(['key-ferritin', 'key-band-seed', 'key-band-aasm-2024']);
    expect(keys('drug-picture')).toEqual(['drug-ssri', 'key-onset']);
    cleanup();
    drawView(longIronHistoryWithDoses());
    expect(keys('iron-picture')).toEqual([
      'key-ferritin',
      'key-tsat',
      'key-open',
      'key-iron',
      'key-iv',
      'key-band-seed',
      'key-band-aasm-2024',
      'key-band-tsat',
    ]);
    expect(keys('drug-picture')).toEqual(
      expect.arrayContaining([
        'drug-ssri',
        'drug-dopamine-antagonist',
        'key-dashed',
        'key-old',
        'key-tick',
        'key-onset',
      ]),
    );
  });
});

describe('the pictures in the view', () => {
  it('renders nothing for a Report without a timeline (an older producer)', () => {
    const { report } = longIronHistory();
    const { timeline: _timeline, ...older } = report;
    render(<OverTime report={older} now={now} describe={() => null} onOpen={() => undefined} />);
    expect(screen.queryByTestId('over-time')).toBeNull();
  });

  it('lines the two pictures up on one time axis: the same date at the same x', () => {
    drawView(longIronHistory());
    const todayX = (id: 'iron-picture' | 'drug-picture') =>
      picture(id).querySelector('line.today')?.getAttribute('x1');
    expect(todayX('iron-picture')).toBeTruthy();
    expect(todayX('iron-picture')).toBe(todayX('drug-picture'));
    const gridX = (id: 'iron-picture' | 'drug-picture') =>
      [...picture(id).querySelectorAll('line.grid')].map((l) => l.getAttribute('x1'));
    expect(gridX('iron-picture')).toEqual(gridX('drug-picture'));
  });

  it('sits under one "Over time" heading, one picture each for iron and drugs', () => {
    drawView(longIronHistory());
    const section = screen.getByRole('region', { name: 'Over time' });
    expect(
      within(section)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['Iron over time', 'Drugs against time']);
    expect(
      within(section)
        .getAllByRole('group')
        .map((g) => g.getAttribute('aria-labelledby')),
    ).toEqual(['iron-picture-title', 'drug-picture-title']);
  });
});
