import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onDemand } from '@/app/components/on-demand';
import { overTimeSectionTexts } from '@/lib/knowledge/over-time-section-texts';
import { sourcePanelTexts } from '@/lib/knowledge/report-labels';
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

/** A promise the test opens when it wants (a chunk that has not arrived yet). */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Mocks a module whose first download fails and later ones arrive; returns the attempt count. */
function failsOnce(path: string): () => number {
  let attempts = 0;
  vi.doMock(path, async () => {
    attempts += 1;
    if (attempts === 1) throw new Error('offline');
    return vi.importActual(path);
  });
  return () => attempts;
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
  vi.doUnmock('@/app/components/source-panel');
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

  it('falls back to the default root where a document root is refused, never blanking the view', async () => {
    class NoDocumentRoot extends FakeIntersectionObserver {
      constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
        if (options?.root instanceof Document) throw new TypeError('root must be an Element');
        super(callback);
      }
    }
    vi.stubGlobal('IntersectionObserver', NoDocumentRoot);
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    expect(screen.getAllByTestId('candidate').length).toBeGreaterThan(0);
    act(() => FakeIntersectionObserver.enter());
    expect(await screen.findByTestId('iron-picture')).toBeTruthy();
  });

  it('draws them without waiting where the browser cannot tell what is in view', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    expect(await screen.findByTestId('iron-picture')).toBeTruthy();
  });

  it('says so when their code cannot be downloaded, and draws them when tried again', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    failsOnce('@/app/components/over-time-pictures');
    const user = userEvent.setup();
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    expect(await screen.findByText(overTimeSectionTexts.failed)).toBeTruthy();
    expect(screen.queryByTestId('iron-picture')).toBeNull();
    // A printout says they are missing, not to use the app's Print (which could not draw them).
    expect(screen.getByText(overTimeSectionTexts.notPrintedFailed)).toBeTruthy();
    // The rest of the report is all there.
    expect(screen.getAllByTestId('candidate').length).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: overTimeSectionTexts.retry }));
    expect(await screen.findByTestId('iron-picture')).toBeTruthy();
  });

  it('prints once, after the pictures are drawn, however often Print is pressed while they arrive', async () => {
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    const arrived = gate();
    vi.doMock('@/app/components/over-time-pictures', async () => {
      await arrived.promise;
      return vi.importActual('@/app/components/over-time-pictures');
    });
    const drawnAtPrint: boolean[] = [];
    vi.spyOn(window, 'print').mockImplementation(() => {
      drawnAtPrint.push(screen.queryByTestId('iron-picture') !== null);
    });
    const user = userEvent.setup();
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const print = screen.getByRole('button', { name: 'Print' });
    await user.click(print);
    await user.click(print);
    expect(drawnAtPrint).toEqual([]);
    arrived.open();
    await screen.findByTestId('iron-picture');
    await vi.waitFor(() => expect(drawnAtPrint).toEqual([true]));
    vi.restoreAllMocks();
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

describe('the source panel, when its code cannot be downloaded', () => {
  /** Renders the report and clicks its first source button. */
  async function openFirstSource(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
    const ReportHarness = await freshHarness();
    render(<ReportHarness story={rlsOnSertraline()} />);
    const [first] = screen.getAllByRole('button', { name: /Show source:/ });
    if (!first) throw new Error('no source button');
    await user.click(first);
    return first;
  }

  it("names the claim's source, takes the focus, tries again, and Escape returns to the claim", async () => {
    failsOnce('@/app/components/source-panel');
    const user = userEvent.setup();
    const first = await openFirstSource(user);
    const pending = await screen.findByTestId('source-panel-pending');
    await vi.waitFor(() => expect(pending.textContent).toContain(sourcePanelTexts.failed));
    expect(pending.textContent).toContain(first.dataset.source);
    expect(document.activeElement).toBe(pending);
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('source-panel-pending')).toBeNull();
    expect(document.activeElement).toBe(first);
    // Opened again, it tries again by itself (never showing the old failure) and arrives.
    await user.click(first);
    expect(screen.queryByText(sourcePanelTexts.failed, { exact: false })).toBeNull();
    expect(await screen.findByTestId('source-panel')).toBeTruthy();
  });

  it('offers to try again from the panel itself', async () => {
    const attempts = failsOnce('@/app/components/source-panel');
    const user = userEvent.setup();
    await openFirstSource(user);
    await user.click(await screen.findByRole('button', { name: sourcePanelTexts.retry }));
    expect(await screen.findByTestId('source-panel')).toBeTruthy();
    expect(attempts()).toBe(2);
  });
});

describe('the status screens, on demand', () => {
  async function shellWith(kind: 'denied' | 'no-patient', relaunch: string | null = null) {
    const { ChartShellWith } = await import('@/app/chart/chart-shell');
    render(
      <ChartShellWith
        config={{ servers: [] }}
        deps={{
          startSession: async () => ({ kind }),
          relaunchHref: () => relaunch,
          applyStyle: async () => undefined,
        }}
      />,
    );
  }

  it('shows the skeleton while a screen arrives, then the screen', async () => {
    const arrived = gate();
    vi.doMock('@/app/chart/status-screens', async () => {
      await arrived.promise;
      return vi.importActual('@/app/chart/status-screens');
    });
    await shellWith('denied');
    // The session has ended as denied; its screen's code is still on its way.
    await act(async () => undefined);
    expect(screen.getByTestId('chart-skeleton')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Access was not granted' })).toBeNull();
    arrived.open();
    expect(await screen.findByRole('heading', { name: 'Access was not granted' })).toBeTruthy();
  });

  it('says the app could not finish opening when the screen cannot be downloaded, and tries again', async () => {
    failsOnce('@/app/chart/status-screens');
    const user = userEvent.setup();
    await shellWith('no-patient', '/launch?iss=https%3A%2F%2Ffhir.example.org');
    expect(await screen.findByRole('heading', { name: screenFallbackTexts.title })).toBeTruthy();
    expect(screen.getByText(screenFallbackTexts.body)).toBeTruthy();
    // The way back the screen would have offered is kept.
    expect(screen.getByRole('link', { name: screenFallbackTexts.relaunch }).getAttribute('href')).toBe(
      '/launch?iss=https%3A%2F%2Ffhir.example.org',
    );
    await user.click(screen.getByRole('button', { name: screenFallbackTexts.retry }));
    expect(await screen.findByRole('heading', { name: 'No patient selected' })).toBeTruthy();
  });
});
