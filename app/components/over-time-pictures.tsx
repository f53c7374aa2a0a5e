'use client';

import { useLayoutEffect, useRef } from 'react';
import { fhirDateToMs } from '@/lib/contracts/fhir-dates';
import type { Report } from '@/lib/contracts/report-schema';
import type { Timeline } from '@/lib/contracts/timeline-schema';
import { endLineLabel } from '@/lib/knowledge/timeline';
import { dayText } from '@/lib/knowledge/timeline-labels';
import { timeSpan } from '@/lib/report/timeline-layout';
import { DrugTimeline } from './drug-timeline';
import { IronChart } from './iron-chart';
import { useWidth } from './picture-parts';
import { picturesTiming } from './pictures-timing';
import type { DescribeSource, OpenSource } from './source-button';

/**
 * The two pictures over time, on one shared time axis so a drug lines up with the iron it met.
 * Loaded on demand by `OverTime` (over-time.tsx), which holds the section and its heading.
 */
export function OverTimePictures({
  timeline,
  report,
  now,
  describe,
  onOpen,
}: {
  timeline: Timeline;
  report: Report;
  now: Date;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  const [ref, size] = useWidth<HTMLDivElement>();
  // When the first drawing started: null until the width is known, then set once (-1 when timed).
  const started = useRef<number | null>(null);
  const drawing = Boolean(size);
  if (drawing && started.current === null) started.current = performance.now();
  useLayoutEffect(() => {
    const start = started.current;
    if (!drawing || start === null || start < 0) return;
    started.current = -1;
    performance.measure(picturesTiming, { start });
  }, [drawing]);
  // A deceased patient's chart ends at the date of death: the line is drawn there, and what was
  // current runs to it, not to today. Without a date of death, today stays.
  const died = report.patient.deceased?.date ?? null;
  const diedMs = fhirDateToMs(died);
  const end = diedMs !== null && diedMs < now.getTime() ? new Date(diedMs) : now;
  const endLabel = endLineLabel(diedMs !== null && died ? dayText(died) : null);
  const span = timeSpan(timeline, end);
  const props = size ? { timeline, span, ...size, now: end, endLabel, describe, onOpen } : null;
  // Drawn once the width is known (before the first paint), so each picture renders once.
  return (
    <div className="pictures" ref={ref}>
      {props ? (
        <>
          <IronChart {...props} />
          <DrugTimeline {...props} />
        </>
      ) : null}
    </div>
  );
}
