'use client';

import { useId } from 'react';
import type { Timeline, TimelineDrug } from '@/lib/contracts/timeline-schema';
import {
  classText,
  doseText,
  laneText,
  oldOrderText,
  onsetText,
  periodEndText,
  periodKindLabels,
  periodText,
} from '@/lib/report/timeline-labels';
import {
  type BarExtent,
  barExtents,
  dateMs,
  dayText,
  linearScale,
  type TimeSpan,
  timeTicks,
} from '@/lib/report/timeline-layout';
import { type Mark, Picture, PictureScroll, Readout, TimeAxis, useMarks } from './picture-parts';
import { type DescribeSource, type OpenSource, SourceButton } from './source-button';

// The drugs that cause, worsen or treat RLS against time, one row each: bars from start to stop
// (or to today), dashed when the end is not charted, striped for an old active order, ticks for
// single administrations; coded RLS, leg cramps and akathisia as markers at their onset.

const top = 44;
const rowHeight = 32;

interface Row {
  drug: TimelineDrug;
  bars: BarExtent[];
  doses: { ms: number; dose: TimelineDrug['doses'][number] }[];
}

function DrugTable({
  timeline,
  describe,
  onOpen,
}: {
  timeline: Timeline;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  const source = (reference: string) => (
    <SourceButton reference={reference} describe={describe} onOpen={onOpen} label="kind" />
  );
  return (
    <div className="table-scroll">
      {timeline.drugs.length > 0 ? (
        <table className="picture-table">
          <caption className="visually-hidden">Drugs against time</caption>
          <thead>
            <tr>
              <th scope="col">Drug</th>
              <th scope="col">Entry</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {timeline.drugs.flatMap((drug) => [
              ...drug.periods.map((period) => (
                <tr key={period.source + drug.ingredient} data-testid="drug-row">
                  <td>
                    {drug.ingredient} <span className="muted small">({classText(drug)})</span>
                  </td>
                  <td>{periodKindLabels[period.kind]}</td>
                  <td>{dayText(period.start)}</td>
                  <td>
                    {periodEndText(period)}
                    {oldOrderText(period) ? (
                      <strong className="old-order-text">; {oldOrderText(period)}</strong>
                    ) : null}
                  </td>
                  <td>{source(period.source)}</td>
                </tr>
              )),
              ...drug.doses.map((dose) => (
                <tr key={dose.source + drug.ingredient} data-testid="drug-row">
                  <td>
                    {drug.ingredient} <span className="muted small">({classText(drug)})</span>
                  </td>
                  <td>administration</td>
                  <td>{dayText(dose.date)}</td>
                  <td>single dose</td>
                  <td>{source(dose.source)}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      ) : null}
      {timeline.onsets.length > 0 ? (
        <table className="picture-table">
          <caption className="visually-hidden">Coded conditions</caption>
          <thead>
            <tr>
              <th scope="col">Condition</th>
              <th scope="col">Date</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {timeline.onsets.map((onset) => (
              <tr key={onset.source + onset.group} data-testid="onset-row">
                <td>
                  {onset.label}: {onset.display}
                </td>
                <td>
                  {dayText(onset.date)} ({onset.dateKind})
                </td>
                <td>{source(onset.source)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function DrugSvg({
  timeline,
  rows,
  span,
  width,
  now,
  onOpen,
}: {
  timeline: Timeline;
  rows: Row[];
  span: TimeSpan;
  width: number;
  now: Date;
  onOpen: OpenSource;
}) {
  const hatch = `hatch${useId().replace(/[^\w-]/g, '')}`;
  const left = 12;
  const right = width - 12;
  const x = linearScale([span.startMs, span.endMs], [left, right]);
  const bottom = top + rows.length * rowHeight + 4;
  const height = bottom + 22;
  const onsets = timeline.onsets.flatMap((onset) => {
    const ms = dateMs(onset.date);
    return ms === null ? [] : [{ onset, ms }];
  });
  const marks: Mark[] = [
    ...rows.flatMap((row) => [
      ...row.bars.map((bar) => ({ source: bar.period.source, label: periodText(row.drug, bar.period) })),
      ...row.doses.map(({ dose }) => ({ source: dose.source, label: doseText(row.drug, dose) })),
    ]),
    ...onsets.map(({ onset }) => ({ source: onset.source, label: onsetText(onset) })),
  ];
  const { active, onKeyDown, markProps } = useMarks(marks, onOpen);
  let index = 0;
  // Onset labels alternate between two lines when they would overlap.
  let previousX = Number.NEGATIVE_INFINITY;
  let previousLine = 1;
  const onsetLabels = onsets.map(({ ms }) => {
    const cx = x(ms);
    const line = cx - previousX < 70 && previousLine === 0 ? 1 : 0;
    previousX = cx;
    previousLine = line;
    return 12 + line * 13;
  });
  return (
    <>
      <PictureScroll width={width}>
        {/* biome-ignore lint/a11y/useSemanticElements: a drawing cannot be a fieldset; the group names its marks */}
        <svg
          className="picture-svg drug-svg"
          role="group"
          aria-labelledby="drug-picture-title"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          onKeyDown={onKeyDown}
        >
          <defs>
            <pattern
              id={hatch}
              width={6}
              height={6}
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <rect className="hatch" width={2.5} height={6} />
            </pattern>
          </defs>
          <TimeAxis
            ticks={timeTicks(span, right - left)}
            x={x}
            top={top}
            bottom={bottom}
            todayMs={now.getTime()}
          />
          {rows.map((row, r) => {
            const rowTop = top + r * rowHeight;
            const first = row.bars[0]?.startMs ?? row.doses[0]?.ms ?? span.startMs;
            const lane = laneText(row.drug);
            // Above the first bar, shifted left when it would run past the right edge (~6.3 px a letter).
            const labelX = Math.max(left, Math.min(x(first), right - lane.length * 6.3));
            const cls = `drug drug-${row.drug.classes[0] ?? 'other'}`;
            return (
              <g key={row.drug.ingredient} data-testid="drug-lane" data-ingredient={row.drug.ingredient}>
                <text className="lane-label" aria-hidden x={labelX} y={rowTop + 12}>
                  {lane}
                </text>
                {row.bars.map((bar) => {
                  const x0 = x(bar.startMs);
                  const w = Math.max(4, x(bar.endMs) - x0);
                  const oldOrder = bar.period.oldActiveOrderYears !== null;
                  return (
                    <g
                      key={bar.period.source}
                      {...markProps(index++)}
                      data-end={bar.period.endKind}
                      data-old-order={oldOrder}
                    >
                      <rect
                        className={`${cls} bar${bar.dashed ? ' dashed' : ''}${oldOrder ? ' old-order' : ''}`}
                        x={x0}
                        y={rowTop + 16}
                        width={w}
                        height={11}
                        rx={2}
                      />
                      {oldOrder ? (
                        <rect x={x0} y={rowTop + 16} width={w} height={11} fill={`url(#${hatch})`} rx={2} />
                      ) : null}
                    </g>
                  );
                })}
                {row.doses.map(({ ms, dose }) => (
                  <g key={dose.source} {...markProps(index++)} data-dose="true">
                    <rect className="hit" x={x(ms) - 8} y={rowTop + 12} width={16} height={20} />
                    <rect className={`${cls} tick`} x={x(ms) - 1.5} y={rowTop + 13} width={3} height={17} />
                  </g>
                ))}
              </g>
            );
          })}
          {onsets.map(({ onset, ms }, i) => {
            const cx = x(ms);
            const labelY = onsetLabels[i] ?? 12;
            return (
              <g key={onset.source + onset.group} {...markProps(index++)} data-onset={onset.group}>
                <line className="onset-line" x1={cx} x2={cx} y1={labelY + 4} y2={bottom} />
                <path className="onset" d={`M${cx},${labelY - 4}l5,5l-5,5l-5,-5z`} />
                <text className="onset-label" x={cx + 7} y={labelY + 5}>
                  {onset.label}
                </text>
              </g>
            );
          })}
        </svg>
      </PictureScroll>
      <Readout mark={active} />
    </>
  );
}

export function DrugTimeline({
  timeline,
  span,
  width,
  now,
  describe,
  onOpen,
}: {
  timeline: Timeline;
  span: TimeSpan;
  width: number;
  now: Date;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  const rows: Row[] = [];
  let hidden = 0;
  for (const drug of timeline.drugs) {
    const bars = barExtents(drug, now);
    const doses = drug.doses.flatMap((dose) => {
      const ms = dateMs(dose.date);
      return ms === null ? [] : [{ ms, dose }];
    });
    hidden += drug.periods.length - bars.length + drug.doses.length - doses.length;
    if (bars.length + doses.length > 0) rows.push({ drug, bars, doses });
  }
  const onsetsDrawn = timeline.onsets.some((o) => dateMs(o.date) !== null);
  const complete = timeline.searches.medications === 'complete';
  const classes = new Map(timeline.drugs.map((d) => [d.classes[0] ?? 'other', d.classLabels[0] ?? '']));
  return (
    <Picture
      id="drug-picture"
      title="Drugs against time"
      chart={
        rows.length > 0 || onsetsDrawn ? (
          <DrugSvg timeline={timeline} rows={rows} span={span} width={width} now={now} onOpen={onOpen} />
        ) : null
      }
      table={
        timeline.drugs.length > 0 || timeline.onsets.length > 0 ? (
          <DrugTable timeline={timeline} describe={describe} onOpen={onOpen} />
        ) : (
          <p className="muted" data-testid="drug-picture-empty">
            {complete
              ? 'No drug that causes, worsens or treats RLS in the chart, and no coded RLS, leg cramps or akathisia.'
              : 'No drug that causes, worsens or treats RLS could be read.'}
          </p>
        )
      }
      notes={
        <>
          {rows.length > 0 ? (
            <ul className="picture-legend small" aria-label="Legend">
              {[...classes].map(([id, label]) => (
                <li key={id}>
                  <span className={`key drug-${id}`} aria-hidden /> {label}
                </li>
              ))}
              <li>
                <span className="key key-dashed" aria-hidden /> end not charted
              </li>
              <li>
                <span className="key key-old" aria-hidden /> old active order
              </li>
              <li>
                <span className="key key-onset" aria-hidden /> coded condition
              </li>
            </ul>
          ) : null}
          {hidden > 0 ? (
            <p className="small" data-testid="drug-not-drawn">
              {hidden === 1 ? '1 entry has' : `${hidden} entries have`} no date and{' '}
              {hidden === 1 ? 'is' : 'are'} not drawn: see the table.
            </p>
          ) : null}
          {complete ? null : (
            <p className="notice notice-gap small" role="note">
              Medications could not be fully read: drugs may be missing from this picture.
            </p>
          )}
        </>
      }
    />
  );
}
