'use client';

import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';
import type { Report } from '@/lib/contracts/report-schema';
import { overTimeSectionTexts as texts } from '@/lib/knowledge/over-time-section-texts';
import { useArrival } from './on-demand';
import { picturesModule } from './on-demand-modules';
import type { DescribeSource, OpenSource } from './source-button';

// The pictures sit below the differential: their code (SVG layout, both pictures, their tables)
// arrives when the section nears the viewport, when asked for, or before the app's Print.

/** Starts loading the pictures; resolves once they can render (rejects if they cannot be fetched). */
export function loadPictures(): Promise<unknown> {
  return picturesModule.load();
}

export const overTimeHeadingId = 'over-time-title';

/** How far below the viewport the section starts loading, so it is drawn by the time it is seen. */
const nearViewport = '0px 0px 300px 0px';

/**
 * Calls `onNear` once the element comes within `nearViewport` of the view. The app's own document is
 * the root: inside an EHR's cross-origin frame the margin would otherwise be ignored (it applies only
 * to a same-origin root) and the pictures fetched only once on screen. A browser that takes no
 * document root gets the default one (margin or not, never an error that would blank the view).
 */
function observeNearView(element: Element, onNear: () => void): IntersectionObserver {
  const callback: IntersectionObserverCallback = (entries) => {
    if (entries.some((entry) => entry.isIntersecting)) onNear();
  };
  let observer: IntersectionObserver;
  try {
    observer = new IntersectionObserver(callback, { root: document, rootMargin: nearViewport });
  } catch {
    observer = new IntersectionObserver(callback, { rootMargin: nearViewport });
  }
  observer.observe(element);
  return observer;
}

export function OverTime({
  report,
  now,
  describe,
  onOpen,
}: {
  report: Report;
  now: Date;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  const arrival = useArrival(picturesModule);
  const sectionRef = useRef<HTMLElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const timeline = report.timeline;
  const idle = Boolean(timeline) && arrival.state === 'idle';
  const notDrawn = Boolean(timeline) && arrival.state !== 'ready';

  useEffect(() => {
    const section = sectionRef.current;
    if (!idle || !section) return;
    const load = () => void picturesModule.load().catch(() => undefined);
    if (typeof IntersectionObserver === 'undefined') {
      load();
      return;
    }
    const observer = observeNearView(section, load);
    return () => observer.disconnect();
  }, [idle]);

  useEffect(() => {
    if (!notDrawn) return;
    // The browser's own Print cannot wait for them; this at least draws them for the next one.
    const load = () => void picturesModule.load().catch(() => undefined);
    window.addEventListener('beforeprint', load);
    return () => window.removeEventListener('beforeprint', load);
  }, [notDrawn]);

  if (!timeline) return null;
  return (
    <section
      aria-labelledby={overTimeHeadingId}
      className="over-time"
      ref={sectionRef}
      data-testid="over-time"
    >
      <h2 id={overTimeHeadingId} ref={headingRef} tabIndex={-1}>
        {texts.title}
      </h2>
      {arrival.state === 'ready' ? (
        <arrival.module.OverTimePictures
          timeline={timeline}
          report={report}
          now={now}
          describe={describe}
          onOpen={onOpen}
        />
      ) : (
        <PicturesPending
          failed={arrival.state === 'failed'}
          loading={arrival.state === 'loading'}
          heading={headingRef}
        />
      )}
    </section>
  );
}

/** What stands in for the pictures until their code has arrived: a way to ask for them now. */
function PicturesPending({
  loading,
  failed,
  heading,
}: {
  loading: boolean;
  failed: boolean;
  /** Where the keyboard goes if it was on this placeholder when the pictures replaced it. */
  heading: RefObject<HTMLHeadingElement | null>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // Runs before the placeholder leaves the page, while the focus can still be seen inside it; the
  // heading stays, so the place in the page is kept.
  useLayoutEffect(() => {
    const element = ref.current;
    return () => {
      if (element?.contains(document.activeElement)) heading.current?.focus();
    };
  }, [heading]);
  return (
    <div className="pictures-pending" data-testid="pictures-pending" ref={ref}>
      <p role="status" className="muted">
        {loading ? texts.loading : null}
        {failed ? texts.failed : null}
      </p>
      <p className="screen-only">
        {loading || failed ? null : <span className="muted">{texts.pending} </span>}
        <button
          type="button"
          className="button-secondary"
          onClick={() => void picturesModule.load().catch(() => undefined)}
        >
          {failed ? texts.retry : texts.draw}
        </button>
      </p>
      <p className="print-only">{failed ? texts.notPrintedFailed : texts.notPrinted}</p>
    </div>
  );
}
