import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cleanChartReport,
  convertedFerritinWithQuarantineReport,
  medicationsForbiddenReport,
  rlsOnSertralineReport,
  rlsOnSertralineSnapshot,
  staleFerritinReport,
} from './fixtures/reports';
import { ReportHarness } from './report-harness';

afterEach(cleanup);

const snapshot = rlsOnSertralineSnapshot();
const cleanText = 'No current medications known to worsen these symptoms';

function flags() {
  return screen.getByRole('region', { name: 'Flags' });
}

describe('the flags strip', () => {
  it('flags sertraline as charted, with its class, status, date and the advice to review it', () => {
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    const flag = within(flags()).getByTestId('medication-flag');
    expect(flag.dataset.class).toBe('ssri');
    expect(flag).toHaveProperty('textContent', expect.stringContaining('Sertraline 100MG'));
    expect(flag.textContent).toContain('SSRI');
    expect(flag.textContent).toContain('current');
    expect(flag.textContent).toContain('2026-10-01');
    expect(flag.textContent).toContain('Review; consider stopping or substituting');
    expect(within(flags()).queryByText(cleanText)).toBeNull();
  });

  it('shows a low ferritin in ng/mL with its date, its age, and both the seed and AASM 2024 thresholds', () => {
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    const iron = within(flags()).getByTestId('iron-flag');
    expect(iron.dataset.status).toBe('low');
    expect(iron.textContent).toContain('Ferritin 32 ng/mL');
    expect(iron.textContent).toContain('2025-09-10');
    expect(iron.textContent).toContain('14 months ago');
    expect(iron.textContent).toContain('Iron supplementation is indicated.');
    expect(iron.textContent).toMatch(/ferritin < 50 ng\/mL/);
    expect(iron.textContent).toMatch(/AASM 2024.*ferritin ≤ 75 ng\/mL/);
    expect(iron.textContent).toMatch(/12 months.*project default, not a guideline number/);
  });

  it('states that no offending medication was found only when the medication search was complete', () => {
    render(<ReportHarness report={cleanChartReport()} snapshot={snapshot} />);
    expect(within(flags()).getByText(cleanText)).toBeTruthy();
    expect(screen.queryAllByTestId('data-gap')).toHaveLength(0);
    expect(within(flags()).getByTestId('iron-flag').dataset.status).toBe('normal');
  });

  it('never shows the clean state when medication statements were forbidden, and names what could not be read', () => {
    render(<ReportHarness report={medicationsForbiddenReport()} snapshot={snapshot} />);
    expect(screen.queryByText(cleanText)).toBeNull();
    const medicationGap = within(flags())
      .getAllByTestId('data-gap')
      .find((el) => el.dataset.resourceType === 'MedicationStatement');
    expect(medicationGap?.textContent).toContain('Medication statements: access not granted (HTTP 403)');
    expect(within(flags()).getByText('Medications could not be fully checked.')).toBeTruthy();
    // The failed lab search is a gap too: ferritin is unknown, not missing.
    const labGap = screen.getAllByTestId('data-gap').find((el) => el.dataset.resourceType === 'Observation');
    expect(labGap?.textContent).toContain('Lab results: could not be read');
    expect(within(flags()).getByTestId('iron-flag').dataset.status).toBe('unknown');
  });

  it('shows a ferritin converted from pmol/L with the value and unit as charted', () => {
    render(<ReportHarness report={convertedFerritinWithQuarantineReport()} snapshot={snapshot} />);
    const iron = within(flags()).getByTestId('iron-flag');
    expect(iron.dataset.status).toBe('borderline');
    expect(iron.textContent).toContain('Ferritin 60.1 ng/mL');
    expect(iron.textContent).toContain('charted as 135 pmol/L');
  });

  it('asks for a new ferritin when the last one is out of date, and marks the checklist item due', () => {
    render(<ReportHarness report={staleFerritinReport()} snapshot={snapshot} />);
    const iron = within(flags()).getByTestId('iron-flag');
    expect(iron.dataset.status).toBe('stale');
    expect(iron.textContent).toContain('Order ferritin');
    expect(iron.textContent).toContain('2 years ago');
    const checklist = screen.getByRole('region', { name: 'Essential evaluation' });
    expect(checklist.querySelector('[data-check-id="ferritin"]')?.getAttribute('data-state')).toBe('due');
  });

  it('shows an augmentation-risk note as information, not as a flag', () => {
    render(<ReportHarness report={convertedFerritinWithQuarantineReport()} snapshot={snapshot} />);
    const note = within(flags()).getByTestId('note');
    expect(note.textContent).toContain('augmentation risk');
    expect(within(flags()).getAllByTestId('medication-flag')).toHaveLength(1);
  });
});

describe('data limits', () => {
  it('counts the resources it skipped, with their reasons', () => {
    render(<ReportHarness report={convertedFerritinWithQuarantineReport()} snapshot={snapshot} />);
    const skipped = screen.getByTestId('quarantined');
    expect(skipped.textContent).toContain('2 resources skipped');
    expect(skipped.textContent).toContain('Observation/p12-bad-status: status: Invalid option');
  });

  it('shows the behavioural cues when cognitive impairment is coded', () => {
    render(<ReportHarness report={convertedFerritinWithQuarantineReport()} snapshot={snapshot} />);
    const consideration = screen.getByTestId('consideration');
    expect(consideration.textContent).toContain('Rubbing or kneading the legs');
  });

  it('says when the chart is empty that the differential rests on bedside findings alone', () => {
    render(<ReportHarness report={cleanChartReport()} snapshot={snapshot} emptyChart />);
    expect(screen.getByTestId('empty-chart').textContent).toContain(
      'no conditions, medications or lab results',
    );
    expect(screen.getAllByTestId('candidate')).toHaveLength(10);
  });
});

describe('the differential', () => {
  it('lists all ten candidates under Likely, Possible and Less likely, each with its top reason', () => {
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    const differential = screen.getByRole('region', { name: 'Differential' });
    const rows = within(differential).getAllByTestId('candidate');
    expect(rows).toHaveLength(10);
    expect(within(differential).getByRole('heading', { name: /^Likely/ })).toBeTruthy();
    expect(within(differential).getByRole('heading', { name: /^Possible/ })).toBeTruthy();
    expect(within(differential).getByRole('heading', { name: /^Less likely/ })).toBeTruthy();
    const rls = rows.find((row) => row.dataset.candidateId === 'rls');
    expect(rls?.dataset.tier).toBe('likely');
    expect(rls?.textContent).toContain('Coded restless legs syndrome (active)');
  });

  it('expands a candidate to show evidence for and against, what tells it apart and the citation', async () => {
    const user = userEvent.setup();
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    const toggle = screen.getByRole('button', { name: /Restless legs syndrome/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(details?.textContent).toContain('Restless legs syndrome is on the problem list');
    expect(details?.textContent).toContain('Urge to move the legs, with unpleasant sensations');
    expect(details?.textContent).toContain('Reference: seed [1][2][3]');
  });

  it('says that clinician-sourced evidence came from the bedside findings', async () => {
    const user = userEvent.setup();
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    await user.click(screen.getByRole('button', { name: /Nocturnal leg cramps/ }));
    const row = screen
      .getAllByTestId('candidate')
      .find((r) => r.dataset.candidateId === 'nocturnal-leg-cramps');
    expect(row?.textContent).toContain('Not relieved by stretching the muscle');
    expect(row?.textContent).toContain('from your bedside findings');
  });
});

describe('from claim to chart fact', () => {
  it('opens the ferritin behind the RLS evidence in a side panel, and Escape returns to the claim', async () => {
    const user = userEvent.setup();
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    await user.click(screen.getByRole('button', { name: /Restless legs syndrome/ }));
    const rls = screen.getAllByTestId('candidate').find((r) => r.dataset.candidateId === 'rls');
    const sourceButton = within(rls as HTMLElement).getByRole('button', {
      name: 'Show source: Ferritin [Mass/volume] in Serum or Plasma (lab result)',
    });
    await user.click(sourceButton);
    const panel = screen.getByRole('dialog', { name: 'Ferritin [Mass/volume] in Serum or Plasma' });
    expect(panel.textContent).toContain('32 ng/mL');
    expect(panel.textContent).toContain('2025-09-10 08:30');
    expect(panel.textContent).toContain('final');
    expect(panel.textContent).toContain('LOINC 2276-4');
    expect(panel.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(sourceButton);
  });

  it('opens the order behind a medication flag with its status, date and dosage', async () => {
    const user = userEvent.setup();
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    await user.click(within(flags()).getByRole('button', { name: 'Show source: order Sertraline 100MG' }));
    const panel = screen.getByRole('dialog', { name: 'Sertraline 100MG' });
    expect(panel.textContent).toContain('active');
    expect(panel.textContent).toContain('2026-10-01');
    expect(panel.textContent).toContain('1 tablet by mouth daily');
    expect(panel.textContent).toContain('RxNorm 328670');
    await user.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('the summary for the note', () => {
  it('copies a plain-text summary with the flags and the tiered differential, and confirms it', async () => {
    const user = userEvent.setup();
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    await user.click(screen.getByRole('button', { name: 'Copy summary' }));
    const copied = await navigator.clipboard.readText();
    expect(copied).toContain('Sertraline 100MG (SSRI), current');
    expect(copied).toContain('Likely:\n- Restless legs syndrome: Coded restless legs syndrome (active)');
    expect(screen.getByText('Summary copied. Paste it into your note.')).toBeTruthy();
  });

  it('stops saying "copied" once a new bedside answer has changed the summary', async () => {
    const user = userEvent.setup();
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    await user.click(screen.getByRole('button', { name: 'Copy summary' }));
    expect(screen.queryByText('Summary copied. Paste it into your note.')).not.toBeNull();
    const urge = screen.getByRole('group', { name: /^Urge to move the legs/ });
    await user.click(within(urge).getByRole('radio', { name: 'Yes' }));
    expect(screen.queryByText('Summary copied. Paste it into your note.')).toBeNull();
  });

  it('offers the summary selected in a text box when the EHR frame blocks the clipboard', async () => {
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: () => Promise.reject(new Error('NotAllowedError')) },
    });
    render(<ReportHarness report={rlsOnSertralineReport()} snapshot={snapshot} />);
    await user.click(screen.getByRole('button', { name: 'Copy summary' }));
    const box = screen.getByRole('textbox', { name: 'Summary for the note' });
    expect((box as HTMLTextAreaElement).value).toContain('Restless legs syndrome');
    expect(screen.getByText(/Copying is blocked here/)).toBeTruthy();
  });
});
