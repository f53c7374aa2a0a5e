'use client';

import { fhirDateToMs } from '@/lib/contracts/fhir-dates';
import type { TimelineDrug } from '@/lib/contracts/timeline-schema';
import { doseText, laneText, onsetText, overTimeTexts, periodText } from '@/lib/knowledge/timeline-labels';
import { type BarExtent, barExtents, linearScale, timeTicks } from '@/lib/report/timeline-layout';
import {
  GapNote,
  Legend,
  type Mark,
  Picture,
  type PictureProps,
  PictureSvg,
  plotMargin,
  Readout,
  TimeAxis,
  useMarks,
} from './picture-parts';
import { DrugTable } from './picture-tables';

// The drugs that cause, worsen or treat RLS against time, one lane each: bars from start to stop
// (or to today), dashed when the end is not charted, striped for an old active order, ticks for
// single administrations; coded RLS, leg cramps and akathisia as markers at their onset.

const top = 44;
const rowHeight = 32;

interface Row {
  drug: TimelineDrug;
  bars: BarExtent[];
  doses: { ms: number; dose: TimelineDrug['doses'][number]; actingUntilMs: number | null }[];
}

function DrugSvg({
  timeline,
  span,
  width,
  scrolls,
  now,
  endLabel,
  onOpen,
  rows,
}: PictureProps & { rows: Row[] }) {
  // One drug timeline per page, so the pattern's id is fixed.
  const hatch = 'old-order-hatch';
  const left = plotMargin;
  const right = width - plotMargin;
  const x = linearScale([span.startMs, span.endMs], [left, right]);
  const bottom = top + rows.length * rowHeight + 4;
  const onsets = timeline.onsets.flatMap((onset) => {
    const ms = fhirDateToMs(onset.date);
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
  return (
    <>
      <PictureSvg
        scrolls={scrolls}
        labelledBy="drug-picture-title"
        width={width}
        height={bottom + 22}
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
          endLabel={endLabel}
        />
        {rows.map((row, r) => {
          const rowTop = top + r * rowHeight;
          const lane = laneText(row.drug);
          const first = row.bars[0]?.startMs ?? row.doses[0]?.ms ?? span.startMs;
          // Above the first bar, shifted left when it would run past the right edge (~6.3 px a letter).
          const labelX = Math.max(left, Math.min(x(first), right - lane.length * 6.3));
          const cls = `drug drug-${row.drug.classes[0] ?? 'other'}`;
          return (
            <g key={row.drug.ingredient} data-ingredient={row.drug.ingredient}>
              <text className="lane-label" aria-hidden x={labelX} y={rowTop + 12}>
                {lane}
              </text>
              {row.bars.map((bar) => {
                const old = bar.period.oldActiveOrderYears !== null;
                const box = {
                  x: x(bar.startMs),
                  y: rowTop + 16,
                  width: Math.max(4, x(bar.endMs) - x(bar.startMs)),
                  height: 11,
                  rx: 2,
                };
                return (
                  <g
                    key={bar.period.source}
                    {...markProps(index++)}
                    data-end={bar.period.endKind}
                    data-old-order={old}
                  >
                    <rect
                      className={`${cls} bar${bar.dashed ? ' dashed' : ''}${old ? ' old-order' : ''}`}
                      {...box}
                    />
                    {old ? <rect {...box} fill={`url(#${hatch})`} /> : null}
                  </g>
                );
              })}
              {row.doses.map(({ ms, dose, actingUntilMs }) => (
                <g key={dose.source} {...markProps(index++)} data-dose="true">
                  {actingUntilMs === null ? null : (
                    // A long-acting injectable: its dosing interval after the dose, up to the end.
                    <rect
                      className={`${cls} acting`}
                      x={x(ms)}
                      y={rowTop + 19}
                      width={Math.max(0, x(Math.min(actingUntilMs, now.getTime())) - x(ms))}
                      height={5}
                    />
                  )}
                  <rect className="hit" x={x(ms) - 8} y={rowTop + 12} width={16} height={20} />
                  <rect className={`${cls} tick`} x={x(ms) - 1.5} y={rowTop + 13} width={3} height={17} />
                </g>
              ))}
            </g>
          );
        })}
        {onsets.map(({ onset, ms }) => {
          const cx = x(ms);
          const line = cx - previousX < 70 && previousLine === 0 ? 1 : 0;
          previousX = cx;
          previousLine = line;
          const labelY = 12 + line * 13;
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
      </PictureSvg>
      <Readout mark={active} />
    </>
  );
}

export function DrugTimeline(props: PictureProps) {
  const { timeline, now } = props;
  const rows: Row[] = [];
  let hidden = 0;
  for (const drug of timeline.drugs) {
    const bars = barExtents(drug, now);
    const doses = drug.doses.flatMap((dose) => {
      const ms = fhirDateToMs(dose.date);
      return ms === null ? [] : [{ ms, dose, actingUntilMs: fhirDateToMs(dose.actingUntil) }];
    });
    hidden += drug.periods.length - bars.length + drug.doses.length - doses.length;
    if (bars.length + doses.length > 0) rows.push({ drug, bars, doses });
  }
  const drawable = rows.length > 0 || timeline.onsets.some((o) => fhirDateToMs(o.date) !== null);
  const medicationsComplete = timeline.searches.medications === 'complete';
  const conditionsComplete = timeline.searches.conditions === 'complete';
  const gap = overTimeTexts.drugsGap(medicationsComplete, conditionsComplete);
  const bars = rows.flatMap((r) => r.bars);
  const legend: [string, string][] = [
    ...new Map(rows.map((r) => [`drug-${r.drug.classes[0] ?? 'other'}`, r.drug.classLabels[0] ?? ''])),
  ];
  if (bars.some((b) => b.dashed)) legend.push(['key-dashed', 'end not charted']);
  if (bars.some((b) => b.period.oldActiveOrderYears !== null)) legend.push(['key-old', 'old active order']);
  if (rows.some((r) => r.doses.length > 0)) legend.push(['key-tick', 'single dose given']);
  if (rows.some((r) => r.doses.some((d) => d.actingUntilMs !== null)))
    legend.push(['key-acting', 'long-acting injection: its dosing interval']);
  if (timeline.onsets.some((o) => fhirDateToMs(o.date) !== null))
    legend.push(['key-onset', 'coded condition']);
  return (
    <Picture
      id="drug-picture"
      title="Drugs against time"
      chart={drawable ? <DrugSvg {...props} rows={rows} /> : null}
      table={timeline.drugs.length + timeline.onsets.length > 0 ? <DrugTable {...props} /> : null}
      empty={<p className="muted">{overTimeTexts.drugsEmpty(medicationsComplete, conditionsComplete)}</p>}
      notes={
        <>
          {drawable ? <Legend label="Legend" items={legend} /> : null}
          {hidden > 0 ? <p className="small">Not drawn (no date): {hidden}, listed in the table.</p> : null}
          {gap ? <GapNote>{gap}</GapNote> : null}
        </>
      }
    />
  );
}
