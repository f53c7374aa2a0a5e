import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChartView } from '@/app/components/chart-view';
import { findingsStorageKey } from '@/app/components/use-session-findings';
import type { BedsideFindingId } from '@/lib/contracts/ids';
import { emptyChart, fixturePatient, withQueryOutcome } from './fixtures/patients';

beforeEach(() => sessionStorage.clear());
afterEach(cleanup);

function tierOf(id: string): string | undefined {
  return screen.getAllByTestId('candidate').find((row) => row.dataset.candidateId === id)?.dataset.tier;
}

/** A bedside-finding question by its id (the question's wording lives in lib/knowledge). */
function finding(id: BedsideFindingId): HTMLElement {
  const group = document.querySelector<HTMLElement>(`fieldset[data-finding-id="${id}"]`);
  if (!group) throw new Error(`no finding ${id}`);
  return group;
}

async function answerIrlssgCriteria(user: ReturnType<typeof userEvent.setup>) {
  const criteria: BedsideFindingId[] = [
    'urge-to-move',
    'evening-worsening',
    'rest-induced',
    'relief-by-movement',
  ];
  for (const id of criteria) await user.click(within(finding(id)).getByRole('radio', { name: 'Yes' }));
}

describe('the in-chart view of a synthetic patient', () => {
  it('shows the patient banner only when the EHR asks for it', () => {
    const snapshot = fixturePatient('p15-clean-normal-ferritin');
    const { unmount } = render(<ChartView snapshot={snapshot} showPatientBanner />);
    expect(screen.getByRole('region', { name: 'Patient' }).textContent).toContain('Oona Castellanes');
    unmount();
    render(<ChartView snapshot={snapshot} showPatientBanner={false} />);
    expect(screen.queryByRole('region', { name: 'Patient' })).toBeNull();
  });

  it('names whose chart it is in its own header when the EHR shows the banner (name and birth date)', () => {
    render(<ChartView snapshot={fixturePatient('p15-clean-normal-ferritin')} showPatientBanner={false} />);
    const header = screen.getByTestId('chart-of');
    expect(header.textContent).toContain('Oona Castellanes');
    expect(header.textContent).toMatch(/born \d{4}-\d{2}-\d{2}/);
    expect(header.textContent).not.toContain('deceased');
  });

  it('says a deceased patient died, and when, in the banner and in the header, and flags no open order', () => {
    const alive = fixturePatient('p01-rls-sertraline-low-ferritin');
    if (!alive.patient) throw new Error('p01 has no Patient');
    const snapshot = {
      ...alive,
      patient: { ...alive.patient, birthDate: '1936-08-18', deceasedDateTime: '1994-04-11T19:08:38+00:00' },
    };
    const { unmount } = render(<ChartView snapshot={snapshot} showPatientBanner />);
    expect(screen.getByRole('region', { name: 'Patient' }).textContent).toContain(
      'deceased 1994-04-11, aged 57',
    );
    expect(screen.queryByTestId('chart-of')).toBeNull();
    unmount();
    render(<ChartView snapshot={snapshot} showPatientBanner={false} />);
    expect(screen.getByTestId('chart-of').textContent).toContain('deceased 1994-04-11, aged 57');
    const flags = screen.getByRole('region', { name: 'Flags' });
    expect(within(flags).getByTestId('deceased-medications').textContent).toContain(
      'The patient died on 1994-04-11',
    );
    // p01's sertraline order is still open, but a deceased patient takes no drug: no flag, and no
    // "no current medications" reassurance either.
    expect(within(flags).queryAllByTestId('medication-flag')).toHaveLength(0);
    expect(within(flags).queryByTestId('medication-clear')).toBeNull();
    expect(within(flags).getByTestId('iron-flag').textContent).toContain('for review only');
  });

  it('flags sertraline and the low ferritin for a woman with coded RLS', () => {
    render(
      <ChartView snapshot={fixturePatient('p01-rls-sertraline-low-ferritin')} showPatientBanner={false} />,
    );
    const flags = screen.getByRole('region', { name: 'Flags' });
    expect(
      within(flags)
        .getAllByTestId('medication-flag')
        .map((f) => f.dataset.class),
    ).toEqual(['ssri']);
    expect(within(flags).getByTestId('iron-flag').dataset.status).toBe('low');
    expect(tierOf('rls')).toBe('likely');
  });

  it('moves RLS from possible to likely when the clinician answers yes to the four IRLSSG criteria', async () => {
    const user = userEvent.setup();
    render(<ChartView snapshot={fixturePatient('p15-clean-normal-ferritin')} showPatientBanner={false} />);
    expect(tierOf('rls')).toBe('possible');
    expect(tierOf('plms')).toBe('less-likely');
    await answerIrlssgCriteria(user);
    expect(tierOf('rls')).toBe('likely');
    expect(tierOf('plms')).toBe('possible');
    expect(screen.getByTestId('tier-changes').textContent).toContain(
      'Restless legs syndrome moved to Likely',
    );
    // Back to unknown: an unanswered question is not a no.
    await user.click(within(finding('urge-to-move')).getByRole('radio', { name: 'Unknown' }));
    expect(tierOf('rls')).toBe('possible');
  });

  it('labels evidence from the answers as coming from the bedside findings', async () => {
    const user = userEvent.setup();
    render(<ChartView snapshot={fixturePatient('p15-clean-normal-ferritin')} showPatientBanner={false} />);
    await answerIrlssgCriteria(user);
    await user.click(screen.getByRole('button', { name: /^Restless legs syndrome/ }));
    const rls = screen.getAllByTestId('candidate').find((row) => row.dataset.candidateId === 'rls');
    expect(within(rls as HTMLElement).getAllByText('from your bedside findings').length).toBeGreaterThan(0);
  });

  it('keeps the bedside findings in sessionStorage for this patient only', async () => {
    const user = userEvent.setup();
    const p15 = fixturePatient('p15-clean-normal-ferritin');
    const first = render(<ChartView snapshot={p15} showPatientBanner={false} />);
    await user.click(within(finding('urge-to-move')).getByRole('radio', { name: 'Yes' }));
    expect(JSON.parse(sessionStorage.getItem(findingsStorageKey('Patient/p15')) ?? '{}')).toEqual({
      'urge-to-move': 'yes',
    });
    first.unmount();

    // Reloaded for the same patient: the answer is still there.
    const again = render(<ChartView snapshot={p15} showPatientBanner={false} />);
    expect(within(finding('urge-to-move')).getByRole('radio', { name: 'Yes' })).toHaveProperty(
      'checked',
      true,
    );
    again.unmount();

    // Another patient in the same tab starts from unknown.
    render(
      <ChartView snapshot={fixturePatient('p01-rls-sertraline-low-ferritin')} showPatientBanner={false} />,
    );
    expect(within(finding('urge-to-move')).getByRole('radio', { name: 'Unknown' })).toHaveProperty(
      'checked',
      true,
    );
  });

  it('opens the coded condition behind RLS from its evidence, two clicks from the claim', async () => {
    const user = userEvent.setup();
    render(
      <ChartView snapshot={fixturePatient('p01-rls-sertraline-low-ferritin')} showPatientBanner={false} />,
    );
    await user.click(screen.getByRole('button', { name: /^Restless legs syndrome/ }));
    const rls = screen
      .getAllByTestId('candidate')
      .find((row) => row.dataset.candidateId === 'rls') as HTMLElement;
    await user.click(
      within(rls).getAllByRole('button', {
        name: 'Show source: Restless legs syndrome (condition)',
      })[0] as HTMLElement,
    );
    const panel = screen.getByRole('dialog', { name: 'Restless legs syndrome' });
    expect(panel.textContent).toContain('Condition/p01-rls');
    expect(panel.textContent).toContain('SNOMED CT 32914008');
  });
});

describe('when the chart is incomplete', () => {
  it('never says no offending medication was found when the statement search was forbidden', () => {
    const snapshot = withQueryOutcome(fixturePatient('p15-clean-normal-ferritin'), {
      resourceType: 'MedicationStatement',
      status: 'forbidden',
      label: 'MedicationStatement?patient',
      detail: 'HTTP 403',
      httpStatus: 403,
    });
    render(<ChartView snapshot={snapshot} showPatientBanner={false} />);
    // p15 has nothing offending: only the forbidden search keeps the clean statement away.
    expect(screen.queryAllByTestId('medication-flag')).toHaveLength(0);
    expect(screen.queryByTestId('medication-clear')).toBeNull();
    const gaps = screen.getAllByTestId('data-gap').map((el) => [el.dataset.resourceType, el.dataset.reason]);
    expect(gaps).toEqual([['MedicationStatement', 'forbidden']]);
  });

  it('says no offending medication was found when the same chart was read in full', () => {
    render(<ChartView snapshot={fixturePatient('p15-clean-normal-ferritin')} showPatientBanner={false} />);
    expect(screen.getByTestId('medication-clear')).toBeTruthy();
    expect(screen.queryAllByTestId('data-gap')).toHaveLength(0);
  });

  it('shows the ferritin as unknown, not missing, when the lab search failed', () => {
    const snapshot = withQueryOutcome(fixturePatient('p15-clean-normal-ferritin'), {
      resourceType: 'Observation',
      status: 'failed',
      label: 'Observation?category=laboratory',
      detail: 'HTTP 503',
    });
    render(<ChartView snapshot={snapshot} showPatientBanner={false} />);
    expect(screen.getByTestId('iron-flag').dataset.status).toBe('unknown');
    const gaps = within(screen.getByTestId('partial-data'))
      .getAllByTestId('data-gap')
      .map((el) => [el.dataset.resourceType, el.dataset.reason]);
    expect(gaps).toEqual([['Observation', 'failed']]);
  });

  it('counts the malformed resources it skipped and still uses the valid ones', () => {
    render(
      <ChartView snapshot={fixturePatient('p12-malformed-resources-lithium')} showPatientBanner={false} />,
    );
    const quarantined = screen.getByTestId('quarantined');
    const skipped = [...quarantined.querySelectorAll('li code')].map((c) => c.textContent);
    expect(quarantined.querySelector('summary')?.textContent).toMatch(
      new RegExp(`^${skipped.length} resources skipped`),
    );
    expect(skipped).toEqual(
      expect.arrayContaining([
        'Observation/p12-ferritin-bad-status',
        'Condition/p12-rls-no-subject',
        'Observation/p12-ferritin-bad-value',
      ]),
    );
    const classes = screen.getAllByTestId('medication-flag').map((f) => f.dataset.class);
    expect(classes).toContain('lithium');
    const iron = screen.getByTestId('iron-flag');
    expect(iron.dataset.status).toBe('normal');
    expect([...iron.querySelectorAll<HTMLElement>('[data-source]')].map((b) => b.dataset.source)).toEqual([
      'Observation/p12-ferritin-1',
    ]);
  });

  it('says plainly that the EHR returned no conditions when labs and medications came back but no condition did', () => {
    const snapshot = { ...fixturePatient('p05-diabetic-neuropathy-duloxetine'), conditions: [] };
    render(<ChartView snapshot={snapshot} showPatientBanner={false} />);
    expect(screen.getByTestId('no-conditions-returned').textContent).toContain(
      'The EHR returned no conditions for this patient.',
    );
    expect(screen.queryByTestId('empty-chart')).toBeNull();
  });

  it('shows no such notice when conditions were returned, or when a condition search failed (a data gap instead)', () => {
    const { unmount } = render(
      <ChartView snapshot={fixturePatient('p05-diabetic-neuropathy-duloxetine')} showPatientBanner={false} />,
    );
    expect(screen.queryByTestId('no-conditions-returned')).toBeNull();
    unmount();
    const failed = withQueryOutcome(fixturePatient('p05-diabetic-neuropathy-duloxetine'), {
      resourceType: 'Condition',
      status: 'failed',
      label: 'Condition (any category)',
      detail: 'HTTP 500',
    });
    render(<ChartView snapshot={failed} showPatientBanner={false} />);
    expect(screen.queryByTestId('no-conditions-returned')).toBeNull();
    expect(screen.getByTestId('partial-data').textContent).toContain('Conditions: could not be read');
  });

  it('names a kind of data that could not be read once, however many searches asked for it', () => {
    const forbidden = (label: string) =>
      ({ resourceType: 'Observation', status: 'forbidden', label, detail: 'HTTP 403' }) as const;
    const base = withQueryOutcome(
      fixturePatient('p05-diabetic-neuropathy-duloxetine'),
      forbidden('ferritin search'),
    );
    const snapshot = { ...base, queries: [...base.queries, forbidden('other labs search')] };
    render(<ChartView snapshot={snapshot} showPatientBanner={false} />);
    const gaps = within(screen.getByTestId('partial-data')).getAllByTestId('data-gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.textContent).toContain('Lab results: access not granted');
    expect(gaps[0]?.textContent).toContain('ferritin search: HTTP 403; other labs search: HTTP 403');
  });

  it('says so when the chart holds nothing to analyse, and still offers the bedside findings', () => {
    render(<ChartView snapshot={emptyChart()} showPatientBanner={false} />);
    expect(screen.getByTestId('empty-chart')).toBeTruthy();
    expect(screen.getByTestId('iron-flag').dataset.status).toBe('missing');
    const findings = screen.getByRole('region', { name: 'Bedside findings' });
    expect(within(findings).getAllByRole('group')).toHaveLength(14);
  });
});
