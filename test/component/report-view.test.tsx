import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Candidate, Report } from '@/lib/contracts/report-schema';
import { plainTextSummary } from '@/lib/report/plain-text-summary';
import {
  augmentationRisk,
  calculatedTsat,
  childIron,
  cleanChart,
  dementia,
  dialysisIron,
  emergencyDoses,
  malformedResources,
  medicationsForbiddenLabsFailed,
  molarFerritin,
  nothingCharted,
  now,
  oldActiveOrders,
  rlsOnSertraline,
  staleFerritin,
} from './fixtures/reports';
import { ReportHarness } from './report-harness';

// The render-only view over Reports generated from the synthetic patients (fixtures/reports.ts).
// Assertions read ids, statuses and references; wording is compared with the Report, not retyped.

afterEach(cleanup);

function flags() {
  return screen.getByRole('region', { name: 'Flags' });
}

function candidate(report: Report, id: Candidate['id']): Candidate {
  const found = report.candidates.find((c) => c.id === id);
  if (!found) throw new Error(`no candidate ${id}`);
  return found;
}

function row(id: Candidate['id']): HTMLElement {
  const found = screen.getAllByTestId('candidate').find((r) => r.dataset.candidateId === id);
  if (!found) throw new Error(`no row for ${id}`);
  return found;
}

function sourcesIn(element: Element): (string | undefined)[] {
  return [...element.querySelectorAll<HTMLElement>('[data-source]')].map((b) => b.dataset.source);
}

function dateIn(element: Element): string | null | undefined {
  return element.querySelector('time')?.getAttribute('datetime');
}

/** The values the source panel lists under one field label. */
function panelField(panel: HTMLElement, label: string): string[] {
  return [...panel.querySelectorAll('.source-field')]
    .filter((field) => field.querySelector('dt')?.textContent === label)
    .map((field) => field.querySelector('dd')?.textContent ?? '');
}

function gapsIn(element: HTMLElement) {
  return within(element)
    .getAllByTestId('data-gap')
    .map((gap) => ({
      resourceType: gap.dataset.resourceType,
      reason: gap.dataset.reason,
      text: gap.textContent ?? '',
    }));
}

describe('the flags strip', () => {
  it('flags sertraline as charted, with its class, status, date, both chart entries and the advice to review it', () => {
    const { report } = rlsOnSertraline();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const flagged = within(flags()).getAllByTestId('medication-flag');
    expect(flagged.map((f) => f.dataset.class)).toEqual(['ssri']);
    const [flag] = flagged as [HTMLElement];
    const expected = report.flags.medications[0];
    expect(flag.dataset.status).toBe('current');
    expect(flag.textContent).toContain('Sertraline 100MG');
    expect(flag.textContent).toContain(expected?.classLabel);
    expect(dateIn(flag)).toBe('2026-08-20');
    // Charted twice (statement and order): one flag, both sources.
    expect(sourcesIn(flag)).toEqual([
      'MedicationStatement/p01-sertraline-stmt',
      'MedicationRequest/p01-sertraline-order',
    ]);
    expect(flag.textContent).toContain(expected?.recommendation);
    expect(within(flags()).queryByTestId('medication-clear')).toBeNull();
  });

  it('shows a low ferritin in ng/mL with its date, its age, and both the seed and AASM 2024 thresholds', () => {
    const { report } = rlsOnSertraline();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const iron = within(flags()).getByTestId('iron-flag');
    expect(iron.dataset.status).toBe('low');
    expect(iron.textContent).toContain('Ferritin 32 ng/mL');
    expect(dateIn(iron)).toBe('2026-09-14');
    expect(iron.textContent).toContain('2 months ago');
    expect(sourcesIn(iron)).toEqual(['Observation/p01-ferritin-1']);
    expect(iron.textContent).toContain(report.flags.iron.recommendation);
    const thresholds = [...iron.querySelectorAll<HTMLElement>('[data-threshold]')];
    expect(thresholds.map((t) => t.dataset.threshold)).toEqual(['seed', 'aasm-2024', 'stale']);
    const [seed, aasm, stale] = thresholds.map((t) => t.textContent ?? '');
    expect(seed).toMatch(/< 50 ng\/mL/);
    expect(aasm).toMatch(/≤ 75 ng\/mL/);
    expect(stale).toMatch(/12 months.*project default/);
  });

  it('shows a calculated TSAT as calculated, and the thresholds of the set the flag applied', () => {
    render(<ReportHarness story={calculatedTsat()} />);
    const iron = within(flags()).getByTestId('iron-flag');
    expect(iron.dataset.status).toBe('borderline');
    const tsat = within(iron).getByTestId('iron-tsat');
    expect(tsat.dataset.calculated).toBe('true');
    expect(tsat.textContent).toMatch(/8\.4%.*calculated from serum iron and TIBC/);
    expect(sourcesIn(iron)).toEqual([
      'Observation/p32-ferritin-1',
      'Observation/p32-iron-1',
      'Observation/p32-tibc-1',
    ]);
  });

  it.each([
    ['ESRD', dialysisIron, ['seed', 'esrd', 'aasm-2024', 'stale'], /ESRD/],
    ['a child', childIron, ['seed', 'aasm-2024', 'stale'], /child.*adult AASM 2024 thresholds are not used/],
  ] as const)('lists the thresholds applied for %s', (_label, makeStory, ids, aasmOrEsrd) => {
    render(<ReportHarness story={makeStory()} />);
    const iron = within(flags()).getByTestId('iron-flag');
    const lines = [...iron.querySelectorAll<HTMLElement>('[data-threshold]')];
    expect(lines.map((l) => l.dataset.threshold)).toEqual(ids);
    expect(iron.querySelector('.thresholds summary')?.textContent).toMatch(aasmOrEsrd);
  });

  it('asks to confirm a drug that is current only by an order from years ago, on that flag alone', () => {
    const { report } = oldActiveOrders();
    render(<ReportHarness story={oldActiveOrders()} />);
    const confirm = within(flags()).getAllByTestId('confirm-still-taking');
    expect(confirm).toHaveLength(1);
    const quetiapine = report.flags.medications.find((f) => f.ingredient === 'quetiapine');
    expect(confirm[0]?.textContent).toBe(quetiapine?.confirmStillTaking?.text);
    expect(confirm[0]?.closest('[data-testid="medication-flag"]')?.textContent).toContain(
      quetiapine?.display,
    );
  });

  it('shows doses given in the ED as recent flags, citing the administrations', () => {
    const { report } = emergencyDoses();
    render(<ReportHarness story={emergencyDoses()} />);
    const flagged = within(flags()).getAllByTestId('medication-flag');
    expect(flagged.map((f) => f.dataset.status)).toEqual(report.flags.medications.map(() => 'recent'));
    expect(sourcesIn(flagged[0] as HTMLElement)).toEqual(['MedicationAdministration/p23-droperidol-dose']);
  });

  it('states that no offending medication was found only when the medication search was complete', () => {
    const { report } = cleanChart();
    expect(report.flags.medicationSearch).toBe('complete');
    render(<ReportHarness story={cleanChart()} />);
    expect(within(flags()).getByTestId('medication-clear')).toBeTruthy();
    expect(within(flags()).queryAllByTestId('medication-flag')).toHaveLength(0);
    expect(screen.queryAllByTestId('data-gap')).toHaveLength(0);
    expect(within(flags()).getByTestId('iron-flag').dataset.status).toBe('normal');
  });

  it('never shows the clean state when medication statements were forbidden, and names what could not be read', () => {
    const { report } = medicationsForbiddenLabsFailed();
    // Nothing offending is left in the chart: only the search status keeps "none found" away.
    expect(report.flags.medications).toHaveLength(0);
    render(<ReportHarness story={medicationsForbiddenLabsFailed()} />);
    expect(screen.queryByTestId('medication-clear')).toBeNull();
    expect(within(flags()).getByText('Medications could not be fully checked.')).toBeTruthy();
    const [medicationGap, ...otherMedicationGaps] = gapsIn(flags());
    expect(otherMedicationGaps).toHaveLength(0);
    expect(medicationGap).toMatchObject({ resourceType: 'MedicationStatement', reason: 'forbidden' });
    expect(medicationGap?.text).toContain('HTTP 403');
    // The failed lab search is a gap too: ferritin is unknown, not missing.
    expect(gapsIn(screen.getByTestId('partial-data'))).toEqual([
      expect.objectContaining({ resourceType: 'Observation', reason: 'failed' }),
    ]);
    expect(within(flags()).getByTestId('iron-flag').dataset.status).toBe('unknown');
  });

  it('shows a ferritin converted from pmol/L with the value and unit as charted', () => {
    render(<ReportHarness story={molarFerritin()} />);
    const iron = within(flags()).getByTestId('iron-flag');
    expect(iron.dataset.status).toBe('borderline');
    expect(iron.textContent).toContain('Ferritin 60.1 ng/mL');
    expect(iron.textContent).toContain('charted as 135 pmol/L');
    // The flag cites the TSAT it names (24 %, not below 20 %) next to the ferritin.
    expect(sourcesIn(iron)).toEqual(['Observation/p06-ferritin-1', 'Observation/p06-tsat-1']);
    expect(within(iron).getByTestId('iron-tsat').textContent).toMatch(/Transferrin saturation 24%/);
  });

  it('asks for a new ferritin when the last one is out of date, and marks the checklist item due', () => {
    render(<ReportHarness story={staleFerritin()} />);
    const iron = within(flags()).getByTestId('iron-flag');
    expect(iron.dataset.status).toBe('stale');
    expect(dateIn(iron)).toBe('2023-05-10');
    expect(iron.textContent).toContain('3 years ago');
    const checklist = screen.getByRole('region', { name: 'Essential evaluation' });
    expect(checklist.querySelector('[data-check-id="ferritin"]')?.getAttribute('data-state')).toBe('due');
  });

  it('shows an augmentation-risk note as information, not as a flag', () => {
    render(<ReportHarness story={augmentationRisk()} />);
    const notes = within(flags()).getByRole('list', { name: 'Notes' });
    const [note, ...others] = within(notes).getAllByTestId('note');
    expect(others).toHaveLength(0);
    expect(note?.dataset.noteId).toBe('augmentation-risk:pramipexole');
    expect(sourcesIn(note as HTMLElement)).toEqual(['MedicationRequest/p02-pramipexole']);
    // Pramipexole treats RLS: it is not an offending drug.
    expect(within(flags()).queryAllByTestId('medication-flag')).toHaveLength(0);
    expect(within(flags()).getByTestId('medication-clear')).toBeTruthy();
  });
});

describe('data limits', () => {
  it('counts the resources it skipped, with their reasons', () => {
    const { report } = malformedResources();
    render(<ReportHarness story={malformedResources()} />);
    const skipped = screen.getByTestId('quarantined');
    expect(skipped.querySelector('summary')?.textContent).toMatch(
      new RegExp(`^${report.quarantined.length} resources skipped`),
    );
    const items = [...skipped.querySelectorAll('li')];
    expect(items.map((li) => li.querySelector('code')?.textContent)).toEqual(
      report.quarantined.map((q) => q.reference),
    );
    expect(items.map((li) => li.querySelector('code')?.textContent)).toEqual(
      expect.arrayContaining(['Observation/p12-ferritin-bad-status', 'Condition/p12-rls-no-subject']),
    );
    report.quarantined.forEach((q, i) => {
      expect(items[i]?.textContent).toContain(q.reason);
    });
  });

  it('shows the behavioural cues only when cognitive impairment is coded', () => {
    const first = render(<ReportHarness story={rlsOnSertraline()} />);
    expect(screen.queryAllByTestId('consideration')).toHaveLength(0);
    first.unmount();

    const { report } = dementia();
    render(<ReportHarness story={dementia()} />);
    const [consideration, ...others] = screen.getAllByTestId('consideration');
    expect(others).toHaveLength(0);
    expect(consideration?.dataset.considerationId).toBe('cognitive-impairment');
    const cues = [...(consideration?.querySelectorAll('li') ?? [])].map((li) => li.textContent);
    expect(cues.length).toBeGreaterThan(0);
    expect(cues).toEqual(report.considerations[0]?.cues);
    expect(sourcesIn(consideration as HTMLElement)).toEqual(['Condition/p13-alzheimers']);
  });

  it('says when the chart is empty that the differential rests on bedside findings alone', () => {
    const first = render(<ReportHarness story={nothingCharted()} />);
    expect(screen.queryByTestId('empty-chart')).toBeNull();
    first.unmount();

    render(<ReportHarness story={nothingCharted()} emptyChart />);
    expect(screen.getByTestId('empty-chart')).toBeTruthy();
    expect(screen.getAllByTestId('candidate')).toHaveLength(10);
    expect(within(flags()).getByTestId('iron-flag').dataset.status).toBe('missing');
  });
});

describe('the differential', () => {
  it('lists all ten candidates under Likely, Possible and Less likely, each with its top reason', () => {
    const { report } = rlsOnSertraline();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const differential = screen.getByRole('region', { name: 'Differential' });
    const rows = within(differential).getAllByTestId('candidate');
    // In the Report's order (tier, then strength), each in its tier.
    expect(rows.map((r) => [r.dataset.candidateId, r.dataset.tier])).toEqual(
      report.candidates.map((c) => [c.id, c.tier]),
    );
    expect(within(differential).getByRole('heading', { name: /^Likely/ })).toBeTruthy();
    expect(within(differential).getByRole('heading', { name: /^Possible/ })).toBeTruthy();
    expect(within(differential).getByRole('heading', { name: /^Less likely/ })).toBeTruthy();
    expect(row('rls').dataset.tier).toBe('likely');
    for (const c of report.candidates) expect(row(c.id).textContent).toContain(c.topReason);
  });

  it('expands a candidate to show evidence for and against, what tells it apart and the citation', async () => {
    const user = userEvent.setup();
    const rls = candidate(rlsOnSertraline().report, 'rls');
    render(<ReportHarness story={rlsOnSertraline()} />);
    const toggle = within(row('rls')).getByRole('button', { name: /^Restless legs syndrome/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = document.getElementById(toggle.getAttribute('aria-controls') ?? '') as HTMLElement;
    const evidence = [...details.querySelectorAll<HTMLElement>('[data-rule-id]')];
    expect(evidence.map((e) => e.dataset.ruleId)).toEqual(['rls.coded', 'rls.iron']);
    expect(sourcesIn(details)).toEqual(['Condition/p01-rls', 'Observation/p01-ferritin-1']);
    expect(within(details).getByRole('heading', { name: 'For' })).toBeTruthy();
    expect(within(details).getByRole('heading', { name: 'Against' })).toBeTruthy();
    const apart = within(details).getByRole('heading', { name: 'What would tell it apart' }).parentElement;
    expect(
      [...(apart?.querySelectorAll('li') ?? [])].map((li) => li.firstChild?.textContent?.trim()),
    ).toEqual(rls.distinguishingFindings.map((f) => f.question));
    expect(details.textContent).toContain(`Reference: ${rls.citation}`);
  });

  it('says that clinician-sourced evidence came from the bedside findings', async () => {
    const user = userEvent.setup();
    // The Report made with "relieved by stretching: no" entered at the bedside.
    render(<ReportHarness story={rlsOnSertraline({ 'relief-by-stretching': 'no' })} />);
    await user.click(within(row('nocturnal-leg-cramps')).getByRole('button'));
    const fromBedside = row('nocturnal-leg-cramps').querySelector(
      '[data-rule-id="cramps.against.no-stretching"]',
    ) as HTMLElement;
    expect(fromBedside.textContent).toContain('from your bedside findings');
    expect(sourcesIn(fromBedside)).toEqual([]);
    // A chart fact in the same row carries its source instead.
    const fromChart = row('nocturnal-leg-cramps').querySelector(
      '[data-rule-id="cramps.female"]',
    ) as HTMLElement;
    expect(fromChart.textContent).not.toContain('from your bedside findings');
    expect(sourcesIn(fromChart)).toEqual(['Patient/p01']);
  });
});

describe('from claim to chart fact', () => {
  it('opens the ferritin behind the RLS evidence in a side panel, and Escape returns to the claim', async () => {
    const user = userEvent.setup();
    render(<ReportHarness story={rlsOnSertraline()} />);
    await user.click(within(row('rls')).getByRole('button', { name: /^Restless legs syndrome/ }));
    const sourceButton = within(row('rls')).getByRole('button', {
      name: 'Show source: Ferritin [Mass/volume] in Serum or Plasma (lab result)',
    });
    expect(sourceButton.dataset.source).toBe('Observation/p01-ferritin-1');
    await user.click(sourceButton);
    const panel = screen.getByRole('dialog', { name: 'Ferritin [Mass/volume] in Serum or Plasma' });
    expect(panel.textContent).toContain('Observation/p01-ferritin-1');
    expect(panelField(panel, 'Value')).toEqual(['32 ng/mL']);
    expect(panelField(panel, 'Date')).toEqual(['2026-09-14']);
    expect(panelField(panel, 'Status')).toEqual(['final']);
    expect(panelField(panel, 'Code')).toEqual([expect.stringMatching(/^LOINC 2276-4/)]);
    expect(panel.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(sourceButton);
  });

  it('opens the order behind a medication flag with its status, date and code', async () => {
    const user = userEvent.setup();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const orderButton = within(flags()).getByRole('button', { name: 'Show source: order Sertraline 100MG' });
    expect(orderButton.dataset.source).toBe('MedicationRequest/p01-sertraline-order');
    await user.click(orderButton);
    const panel = screen.getByRole('dialog', { name: 'Sertraline 100MG' });
    expect(panel.textContent).toContain('MedicationRequest/p01-sertraline-order');
    expect(panelField(panel, 'Status')).toEqual(['active']);
    expect(panelField(panel, 'Ordered')).toEqual(['2026-08-20']);
    expect(panelField(panel, 'Code')).toEqual([expect.stringMatching(/^RxNorm 328670/)]);
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('the summary for the note', () => {
  const copied = 'Summary copied. Paste it into your note.';

  function findingGroup(id: string): HTMLElement {
    const group = document.querySelector<HTMLElement>(`[data-finding-id="${id}"]`);
    if (!group) throw new Error(`no finding ${id}`);
    return group;
  }

  it('copies the plain-text summary of this Report, and confirms it', async () => {
    const user = userEvent.setup();
    const { report } = rlsOnSertraline();
    render(<ReportHarness story={rlsOnSertraline()} />);
    await user.click(screen.getByRole('button', { name: 'Copy summary' }));
    expect(await navigator.clipboard.readText()).toBe(plainTextSummary(report, { now, findings: {} }));
    expect(screen.getByText(copied)).toBeTruthy();
  });

  it('stops saying "copied" once a new bedside answer has changed the summary', async () => {
    const user = userEvent.setup();
    render(<ReportHarness story={rlsOnSertraline()} />);
    await user.click(screen.getByRole('button', { name: 'Copy summary' }));
    expect(screen.queryByText(copied)).not.toBeNull();
    await user.click(within(findingGroup('urge-to-move')).getByRole('radio', { name: 'Yes' }));
    expect(screen.queryByText(copied)).toBeNull();
  });

  it('offers the summary selected in a text box when the EHR frame blocks the clipboard', async () => {
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: () => Promise.reject(new Error('NotAllowedError')) },
    });
    const { report } = rlsOnSertraline();
    render(<ReportHarness story={rlsOnSertraline()} />);
    await user.click(screen.getByRole('button', { name: 'Copy summary' }));
    const box = screen.getByRole('textbox', { name: 'Summary for the note' }) as HTMLTextAreaElement;
    expect(box.value).toBe(plainTextSummary(report, { now, findings: {} }));
    expect(screen.getByText(/Copying is blocked here/)).toBeTruthy();
  });
});
