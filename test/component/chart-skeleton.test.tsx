import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ChartSkeleton } from '@/app/components/chart-skeleton';

afterEach(cleanup);

describe('while the chart loads', () => {
  it('announces loading and marks the area busy, with placeholder blocks hidden from assistive technology', () => {
    render(<ChartSkeleton />);
    const skeleton = screen.getByTestId('chart-skeleton');
    expect(skeleton.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByRole('status').textContent).toBe('Loading the chart…');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Leg symptom differential');
    const blocks = skeleton.querySelectorAll('.skeleton-block');
    expect(blocks.length).toBeGreaterThan(3);
    for (const block of blocks) expect(block.getAttribute('aria-hidden')).toBe('true');
  });
});
