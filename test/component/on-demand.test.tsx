import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onDemand } from '@/app/components/on-demand';
import { overTimeSectionTexts } from '@/lib/knowledge/over-time-section-texts';
import { screenFallbackTexts } from '@/lib/knowledge/screen-fallback-texts';
import { rlsOnSertraline } from './fixtures/reports';

// What arrives on demand (app/components/on-demand-modules.ts): the pictures below the
// differential, the source panel, the status screens. The other component tests load them first
// (load-on-demand.ts); here each test imports a fresh view, so nothing has arrived yet.

/** An IntersectionObserver the test drives: `enter()` says the observed section came near view. */
class FakeIntersectionObserver {
  static all: FakeIntersectionObserver[] = [];
  readonly observed: Element[] = [];
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeIntersectionObserver.all.push(this);
  }
  observe(element: Element) {
    this.observed.push(element);
  }
  disconnect() {
    this.observed.length = 0;
  }
  unobserve() {}
  takeRecords() {
    return [];
  }
  static enter() {
    for (const observer of FakeIntersectionObserver.all) {
      const entries = observer.observed.map((target) => ({ target, isIntersecting: true }));
      observer.callback(entries as unknown as IntersectionObserverEntry[], observer as never);
    }
  }
}

beforeEach(() => {
  vi.resetModules();
  FakeIntersectionObserver.all = [];
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.doUnmock('@/app/components/over-time-pictures');
  vi.doUnmock('@/app/chart/status-screens');
});

async function freshHarness() {
  const { ReportHarness } = await import('./report-harness');
  return ReportHarness;
}

describe('onDemand', () => {
  it('imports once however often it is asked, and says when the module has arrived', async () => {
    const importer = vi.fn(async () => ({ answer: 42 }));
    const module = onDemand(importer);
    expect(module.current()).toEqual({ state: 'idle' });
    const first = module.load();
    expect(module.current()).toEqual({ state: 'loading' });
    await Promise.all([first, module.load(), module.load()]);
    expect(importer).toHaveBeenCalledTimes(1);
    expect(module.current()).toEqual({ state: 'ready', module: { answer: 42 } });
  });

  it('reports a failed download and tries again on the next request', async () => {
    const importer = vi
      .fn<() => Promise<{ answer: number }>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce({ answer: 42 });
    const module = onDemand(importer);
    const seen: string[] = [];
    module.subscribe(() => seen.push(module.current().state));
    await expect(module.load()).rejects.toThrow('offline');
    expect(module.current()).toEqual({ state: 'failed' });
    await expect(module.load()).resolves.toEqual({ answer: 42 });
    expect(seen).toEqual(['loading', 'failed', 'loading', 'ready']);
  });
});

describe('the pictures, on demand', () => {
  it('fetches nothing until the section nears the viewport, then draws both pictures', async () => {
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const section = screen.getByRole('region', { name: 'Over time' });
    expect(screen.getByTestId('pictures-pending')).toBeTruthy();
    expect(screen.queryByTestId('iron-picture')).toBeNull();
    // The differential is drawn without them.
    expect(screen.getAllByTestId('candidate').length).toBeGreaterThan(0);
    expect(FakeIntersectionObserver.all.flatMap((o) => o.observed)).toEqual([section]);
    act(() => FakeIntersectionObserver.enter());
    expect(await screen.findByTestId('iron-picture')).toBeTruthy();
    expect(screen.getByTestId('drug-picture')).toBeTruthy();
    expect(screen.queryByTestId('pictures-pending')).toBeNull();
  });

  it('draws them at once from the keyboard, keeping the place on the section heading', async () => {
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    const user = userEvent.setup();
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const draw = screen.getByRole('button', { name: overTimeSectionTexts.draw });
    draw.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('iron-picture')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Over time' }));
  });

  it('are one click from the flags: the button under them draws the pictures and moves there', async () => {
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    const user = userEvent.setup();
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    await user.click(screen.getByRole('button', { name: overTimeSectionTexts.jump }));
    expect(await screen.findByTestId('iron-picture')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Over time' }));
  });

  it('draws them without waiting where the browser cannot tell what is in view', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    expect(await screen.findByTestId('iron-picture')).toBeTruthy();
  });

  it('says so when their code cannot be downloaded, and offers to try again', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    vi.doMock('@/app/components/over-time-pictures', () => {
      throw new Error('offline');
    });
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    expect(await screen.findByText(overTimeSectionTexts.failed)).toBeTruthy();
    expect(screen.getByRole('button', { name: overTimeSectionTexts.retry })).toBeTruthy();
    expect(screen.queryByTestId('iron-picture')).toBeNull();
    // The rest of the report is all there.
    expect(screen.getAllByTestId('candidate').length).toBeGreaterThan(0);
  });
});

describe('the source panel, on demand', () => {
  it('opens on the first click once its code has arrived', async () => {
    const user = userEvent.setup();
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const [first] = screen.getAllByRole('button', { name: /Show source:/ });
    if (!first) throw new Error('no source button');
    await user.click(first);
    const panel = await screen.findByRole('dialog');
    expect(panel.textContent).toContain(first.dataset.source);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(first);
  });
});

describe('the status screens, on demand', () => {
  async function shellWith(kind: 'denied' | 'no-patient') {
    const { ChartShellWith } = await import('@/app/chart/chart-shell');
    render(
      <ChartShellWith
        config={{ servers: [] }}
        deps={{
          startSession: async () => ({ kind }),
          relaunchHref: () => null,
          applyStyle: async () => undefined,
        }}
      />,
    );
  }

  it('shows the skeleton while a screen arrives, then the screen', async () => {
    await shellWith('denied');
    expect(screen.getByTestId('chart-skeleton')).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Access was not granted' })).toBeTruthy();
  });

  it('says the app could not finish opening when the screen cannot be downloaded', async () => {
    vi.doMock('@/app/chart/status-screens', () => {
      throw new Error('offline');
    });
    await shellWith('no-patient');
    expect(await screen.findByRole('heading', { name: screenFallbackTexts.title })).toBeTruthy();
    expect(screen.getByText(screenFallbackTexts.body)).toBeTruthy();
  });
});
