import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChartView } from '@/app/components/chart-view';
import { fixturePatient } from './fixtures/patients';

// A fault in the analysis must not blank the EHR frame: the clinician gets an error and a relaunch.
vi.mock('@/lib/differential/analyze-chart', () => ({
  analyzeChart: () => {
    throw new Error('rule table out of step');
  },
}));

afterEach(cleanup);

describe('when the analysis fails', () => {
  it('says the differential could not be shown and offers a relaunch', async () => {
    const user = userEvent.setup();
    const onRelaunch = vi.fn();
    render(
      <ChartView
        snapshot={fixturePatient('p15-clean-normal-ferritin')}
        showPatientBanner
        onRelaunch={onRelaunch}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Could not show the differential');
    expect(screen.queryAllByTestId('candidate')).toHaveLength(0);
    // The banner still tells the clinician whose chart this is.
    expect(screen.getByRole('region', { name: 'Patient' }).textContent).toContain('Oona Castellanes');
    await user.click(screen.getByRole('button', { name: 'Relaunch' }));
    expect(onRelaunch).toHaveBeenCalledTimes(1);
  });
});
