'use client';

import { useLayoutEffect, useRef } from 'react';
import type { Report } from '@/lib/contracts/report-schema';
import { endLineLabel } from '@/lib/knowledge/timeline';
import { dayText } from '@/lib/knowledge/timeline-labels';
import { dateMs, timeSpan } from '@/lib/report/timeline-layout';
import { DrugTimeline } from './drug-timeline';
import { IronChart } from './iron-chart';
import { useWidth } from './picture-parts';
import { picturesTiming } from './pictures-timing';
import type { DescribeSource, OpenSource } from './source-button';

/** The two pictures over time, on one shared time axis so a drug lines up with the iron it met. */
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
  const [ref, size] = useWidth<HTMLElement>();
  // When the first drawing started: null until the width is known, then set once (-1 when timed).
  const started = useRef<number | null>(null);
  const timeline = report.timeline;
  const drawing = Boolean(size && timeline);
  if (drawing && started.current === null) started.current = performance.now();
  useLayoutEffect(() => {
    const start = started.current;
    if (!drawing || start === null || start < 0) return;
    started.current = -1;
    performance.measure(picturesTiming, { start });
  }, [drawing]);
  if (!timeline) return null;
  // A deceased patient's chart ends at the date of death: the line is drawn there, and what was
  // current runs to it, not to today. Without a date of death, today stays.
  const died = report.patient.deceased?.date ?? null;
  const diedMs = dateMs(died);
  const end = diedMs !== null && diedMs < now.getTime() ? new Date(diedMs) : now;
  const endLabel = endLineLabel(diedMs !== null && died ? dayText(died) : null);
  const span = timeSpan(timeline, end);
  const props = size ? { timeline, span, ...size, now: end, endLabel, describe, onOpen } : null;
  return (
    <section aria-labelledby="over-time-title" className="over-time" ref={ref} data-testid="over-time">
      <h2 id="over-time-title">Over time</h2>
      {/* Drawn once the width is known (before the first paint), so each picture renders once. */}
      {props ? (
        <div className="pictures">
          <IronChart {...props} />
          <DrugTimeline {...props} />
        </div>
      ) : null}
    </section>
  );
}
