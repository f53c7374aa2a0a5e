'use client';

import { useEffect, useLayoutEffect, useRef } from 'react';
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
  // Whether the keyboard was on the placeholder when the pictures replaced it.
  const focusWithin = useRef(false);
  const timeline = report.timeline;
  const wanted = Boolean(timeline) && arrival.state === 'idle';

  useEffect(() => {
    const section = sectionRef.current;
    if (!wanted || !section) return;
    const load = () => void picturesModule.load().catch(() => undefined);
    // Printing with the browser's own command cannot wait; this at least draws them for the next.
    window.addEventListener('beforeprint', load);
    if (typeof IntersectionObserver === 'undefined') {
      load();
      return () => window.removeEventListener('beforeprint', load);
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) load();
      },
      { rootMargin: nearViewport },
    );
    observer.observe(section);
    return () => {
      observer.disconnect();
      window.removeEventListener('beforeprint', load);
    };
  }, [wanted]);

  const ready = arrival.state === 'ready';
  useEffect(() => {
    // The button the keyboard was on is gone: keep the place in the page on the section heading.
    if (ready && focusWithin.current) headingRef.current?.focus();
    focusWithin.current = false;
  }, [ready]);

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
          onLeaveWithFocus={() => {
            focusWithin.current = true;
          }}
        />
      )}
    </section>
  );
}

/** What stands in for the pictures until their code has arrived: a way to ask for them now. */
function PicturesPending({
  loading,
  failed,
  onLeaveWithFocus,
}: {
  loading: boolean;
  failed: boolean;
  onLeaveWithFocus: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const leave = useRef(onLeaveWithFocus);
  leave.current = onLeaveWithFocus;
  // Runs before the placeholder leaves the page, while the focus can still be seen inside it.
  useLayoutEffect(() => {
    const element = ref.current;
    return () => {
      if (element?.contains(document.activeElement)) leave.current();
    };
  }, []);
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
      <p className="print-only">{texts.notPrinted}</p>
    </div>
  );
}
