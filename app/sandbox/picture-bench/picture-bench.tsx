'use client';

import { useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { OverTime } from '@/app/components/over-time';
import type { Report } from '@/lib/contracts/report-schema';

/** What the bench calls in the page: draw the pictures of a Report, return the ms each part took. */
export type RenderPictures = (report: Report) => { renderMs: number; layoutMs: number };

/**
 * Each call draws the pictures afresh into their own root, synchronously (flushSync), then reads
 * the layout, so the time covers React's render and commit, style and layout: the main-thread work
 * before the first paint of the pictures.
 */
export function PictureBench() {
  const host = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let root: Root | null = null;
    const render: RenderPictures = (report) => {
      root?.unmount();
      root = createRoot(element);
      const now = new Date(report.generatedAt);
      const started = performance.now();
      flushSync(() => {
        root?.render(<OverTime report={report} now={now} describe={() => null} onOpen={() => undefined} />);
      });
      const rendered = performance.now();
      element.getBoundingClientRect();
      return { renderMs: rendered - started, layoutMs: performance.now() - rendered };
    };
    (window as unknown as { benchRenderPictures: RenderPictures }).benchRenderPictures = render;
    setReady(true);
    return () => root?.unmount();
  }, []);
  return (
    <>
      <p role="status" data-testid="picture-bench">
        {ready ? 'ready' : 'loading'}
      </p>
      <div ref={host} />
    </>
  );
}
