'use client';

import {
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { Timeline } from '@/lib/contracts/timeline-schema';
import type { Scale, Tick, TimeSpan } from '@/lib/report/timeline-layout';
import type { DescribeSource, OpenSource } from './source-button';

// What both pictures share: their width, one tab stop per picture with arrow keys between its
// marks, the chart/table toggle, the time axis and the "today" line.

/** Narrower frames scroll the time axis sideways instead of squeezing years together. */
export const minPictureWidth = 480;

/** Both pictures leave the same margins (the iron chart's value scales), so their dates line up. */
export const plotMargin = 40;

export interface PictureSize {
  /** The drawing's width in px: the frame's, or the minimum when the frame is narrower. */
  width: number;
  /** True when the frame is narrower than the drawing, which then scrolls sideways. */
  scrolls: boolean;
}

/**
 * The element's width, read before the first paint (null until then, so the pictures are drawn
 * once, at their real width) and kept up to date.
 */
export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, PictureSize | null] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const read = () => setWidth(element.clientWidth);
    read();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(read);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [
    ref,
    width === null ? null : { width: Math.max(width, minPictureWidth), scrolls: width < minPictureWidth },
  ];
}

export interface Mark {
  source: string;
  /** What a screen reader says, and the readout line shows, for this mark. */
  label: string;
}

/**
 * One tab stop per picture (the latest mark first); arrow keys, Home and End move between marks,
 * Enter or Space opens the mark's source. `active` is also what the readout line describes.
 */
export function useMarks(marks: readonly Mark[], onOpen: OpenSource) {
  const [active, setActive] = useState(marks.length - 1);
  const elements = useRef<(SVGGElement | null)[]>([]);
  const current = Math.min(Math.max(active, 0), marks.length - 1);
  const onKeyDown = useCallback(
    (event: KeyboardEvent<SVGElement>) => {
      const last = marks.length - 1;
      const moves: Record<string, number> = {
        ArrowRight: current + 1,
        ArrowDown: current + 1,
        ArrowLeft: current - 1,
        ArrowUp: current - 1,
        Home: 0,
        End: last,
      };
      const target = moves[event.key];
      if (target !== undefined) {
        event.preventDefault();
        const next = Math.min(Math.max(target, 0), last);
        setActive(next);
        elements.current[next]?.focus();
      } else if (event.key === 'Enter' || event.key === ' ') {
        const mark = marks[current];
        const element = elements.current[current];
        if (!mark || !element) return;
        event.preventDefault();
        onOpen(mark.source, element);
      }
    },
    [marks, current, onOpen],
  );
  const markProps = (index: number) => {
    const mark = marks[index];
    return {
      ref: (element: SVGGElement | null) => {
        elements.current[index] = element;
      },
      role: 'button',
      tabIndex: index === current ? 0 : -1,
      'aria-label': mark ? `${mark.label}. Show source` : undefined,
      'data-source': mark?.source,
      className: 'mark',
      onFocus: () => setActive(index),
      onMouseEnter: () => setActive(index),
      onClick: (event: { currentTarget: SVGGElement }) => {
        if (mark) onOpen(mark.source, event.currentTarget);
      },
    };
  };
  return { active: marks[current] ?? null, onKeyDown, markProps };
}

/** A picture with its heading, a "show as table" toggle, and what it cannot draw said below. */
export function Picture({
  id,
  title,
  chart,
  table,
  empty,
  notes,
}: {
  id: string;
  title: string;
  chart: ReactNode;
  /** The same data as a table, or null when there is no row. */
  table: ReactNode;
  /** What to say when there is neither a chart nor a table. */
  empty: ReactNode;
  notes: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <div className="picture" data-testid={id}>
      <div className="picture-head">
        <h3 id={`${id}-title`}>{title}</h3>
        {chart ? (
          <button
            type="button"
            className="button-secondary picture-toggle"
            onClick={() => setAsTable(!asTable)}
          >
            {asTable ? 'Show as chart' : 'Show as table'}
          </button>
        ) : null}
      </div>
      {chart && !asTable ? chart : table ? table : empty}
      {notes}
    </div>
  );
}

/** A sideways-scrolling frame for a picture, opened (and kept, when resized) at its right end: today. */
function PictureScroll({ scrolls, children }: { scrolls: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = ref.current;
    // Only when it scrolls: reading scrollWidth would force a layout for nothing.
    if (element && scrolls) element.scrollLeft = element.scrollWidth;
  });
  return (
    <div className="picture-scroll" ref={ref}>
      {children}
    </div>
  );
}

/**
 * A picture's drawing: scrolled sideways when narrow, one group named by the picture's title whose
 * marks the arrow keys move between (`onKeyDown` from useMarks).
 */
export function PictureSvg({
  scrolls,
  labelledBy,
  width,
  height,
  onKeyDown,
  children,
}: {
  scrolls: boolean;
  labelledBy: string;
  width: number;
  height: number;
  onKeyDown: (event: KeyboardEvent<SVGSVGElement>) => void;
  children: ReactNode;
}) {
  return (
    <PictureScroll scrolls={scrolls}>
      {/* biome-ignore lint/a11y/useSemanticElements: a drawing cannot be a fieldset; the group names its marks */}
      <svg
        className="picture-svg"
        role="group"
        aria-labelledby={labelledBy}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        onKeyDown={onKeyDown}
      >
        {children}
      </svg>
    </PictureScroll>
  );
}

/** Vertical grid lines with their labels below, and the "today" line (or the date of death). */
export function TimeAxis({
  ticks,
  x,
  top,
  bottom,
  todayMs,
  endLabel,
}: {
  ticks: readonly Tick[];
  x: Scale;
  top: number;
  bottom: number;
  todayMs: number;
  endLabel: string;
}) {
  const today = x(todayMs);
  return (
    <g aria-hidden>
      {ticks.map((tick) => (
        <g key={tick.value}>
          <line className="grid" x1={x(tick.value)} x2={x(tick.value)} y1={top} y2={bottom} />
          <text className="axis-label" x={x(tick.value)} y={bottom + 14} textAnchor="middle">
            {tick.label}
          </text>
        </g>
      ))}
      <line className="today" x1={today} x2={today} y1={top - 4} y2={bottom} />
      <text className="axis-label today-label" x={today} y={top - 6} textAnchor="end">
        {endLabel}
      </text>
    </g>
  );
}

/** The line under a picture that describes the focused (or hovered) mark. */
export function Readout({ mark }: { mark: Mark | null }) {
  return (
    <p className="picture-readout small muted" aria-hidden>
      {mark?.label}
    </p>
  );
}

export interface PictureProps {
  timeline: Timeline;
  span: TimeSpan;
  width: number;
  scrolls: boolean;
  /** Where the chart ends: now, or the date of death of a deceased patient. */
  now: Date;
  /** The words at that end: "today", or "died …". */
  endLabel: string;
  describe: DescribeSource;
  onOpen: OpenSource;
}

/** A legend line: [key class, words] pairs. */
export function Legend({ label, items }: { label: string; items: [string, string][] }) {
  return (
    <ul className="picture-legend small" aria-label={label}>
      {items.map(([key, text]) => (
        <li key={key + text} data-key={key}>
          <span className={`key ${key}`} aria-hidden /> {text}
        </li>
      ))}
    </ul>
  );
}

/** A search did not complete: what the picture lacks is a gap, never a negative. */
export function GapNote({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice-gap small" role="note">
      {children}
    </p>
  );
}
