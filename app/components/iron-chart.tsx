'use client';

import type { ReactNode } from 'react';
import { fhirDateToMs } from '@/lib/contracts/fhir-dates';
import type { IronBand, LabPoint } from '@/lib/contracts/timeline-schema';
import { labPointText, overTimeTexts } from '@/lib/knowledge/timeline-labels';
import { barExtents, ironTreatments, linearScale, timeTicks, valueTicks } from '@/lib/report/timeline-layout';
import {
  GapNote,
  Legend,
  Picture,
  type PictureProps,
  PictureSvg,
  plotMargin,
  Readout,
  TimeAxis,
  useMarks,
} from './picture-parts';
import { IronTable } from './picture-tables';

// Ferritin (left scale, ng/mL) and TSAT (right scale, %) over time, the thresholds that apply as
// bands, iron treatments as marks under the time axis, and today. Open markers: "<" or ">" results.

const top = 20;
const bottom = top + 170;
const lane = bottom + 30;
const monthMs = 31 * 86_400_000;

/**
 * The value axis labels: the round ticks, and each band's limit in bold (a round tick too close to a
 * limit gives way; limits too close to each other are spread apart).
 */
function axisLabels(ticks: number[], bands: IronBand[], y: (v: number) => number) {
  const labels: { value: number; y: number; limit: boolean }[] = [];
  let previous = Number.POSITIVE_INFINITY;
  for (const value of [...new Set(bands.map((b) => b.limit))].sort((a, b) => a - b)) {
    previous = Math.min(y(value), previous - 11);
    labels.push({ value, y: previous, limit: true });
  }
  for (const value of ticks) {
    if (labels.every((l) => Math.abs(l.y - y(value)) >= 11))
      labels.push({ value, y: y(value), limit: false });
  }
  return labels;
}

interface Plotted {
  point: LabPoint;
  ms: number;
}

/** A triangle on the iron lane: IV iron given once (or over less than a month). */
const ivMark = (key: string, x: number) => (
  <path key={key} className="iron-mark iron-iv" d={`M${x},${lane - 6}l6,11h-12z`} />
);

function IronSvg({
  timeline,
  span,
  width,
  scrolls,
  now,
  endLabel,
  onOpen,
  plotted,
}: PictureProps & { plotted: Plotted[] }) {
  const { active, onKeyDown, markProps } = useMarks(
    plotted.map(({ point }) => ({ source: point.source, label: labPointText(point) })),
    onOpen,
  );
  const ferritin = plotted.filter((p) => p.point.lab === 'ferritin');
  const tsat = plotted.filter((p) => p.point.lab === 'tsat');
  const ferritinBands = timeline.bands.filter((b) => b.lab === 'ferritin').sort((a, b) => b.limit - a.limit);
  // The TSAT limit needs the TSAT scale: drawn only with TSAT results.
  const tsatBands = tsat.length > 0 ? timeline.bands.filter((b) => b.lab === 'tsat') : [];
  const left = plotMargin;
  const right = width - plotMargin;
  const x = linearScale([span.startMs, span.endMs], [left, right]);
  const ferritinAxis = valueTicks(
    Math.max(100, ...ferritin.map((p) => p.point.value ?? 0), ...ferritinBands.map((b) => b.limit * 1.1)),
  );
  const tsatAxis = valueTicks(Math.max(50, ...tsat.map((p) => p.point.value ?? 0)));
  const yF = linearScale([0, ferritinAxis.max], [bottom, top]);
  const yT = linearScale([0, tsatAxis.max], [bottom, top]);
  const y = (point: LabPoint) => (point.lab === 'ferritin' ? yF : yT)(point.value ?? 0);
  const iron = ironTreatments(timeline);
  const height = bottom + (iron.length > 0 ? 48 : 24);
  const line = (points: Plotted[]) => points.map((p) => `${x(p.ms)},${y(p.point)}`).join(' ');
  const axis = (labels: ReturnType<typeof axisLabels>, at: number, unit: string, anchor?: 'end') =>
    labels.map((l) => (
      <text
        key={l.value}
        className={l.limit ? 'axis-label limit' : 'axis-label'}
        x={at}
        y={l.y + 4}
        textAnchor={anchor}
      >
        {l.value}
        {unit}
      </text>
    ));
  return (
    <>
      <PictureSvg
        scrolls={scrolls}
        labelledBy="iron-picture-title"
        width={width}
        height={height}
        onKeyDown={onKeyDown}
      >
        <g aria-hidden>
          {ferritinBands.map((band) => (
            <rect
              key={band.id}
              className={`band band-${band.id}`}
              data-band={band.id}
              x={left}
              width={right - left}
              y={yF(band.limit)}
              height={bottom - yF(band.limit)}
            />
          ))}
          {tsatBands.map((band) => (
            <line
              key={band.id}
              className="tsat-limit"
              data-band={`${band.id}-tsat`}
              x1={left}
              x2={right}
              y1={yT(band.limit)}
              y2={yT(band.limit)}
            />
          ))}
          {axis(axisLabels(ferritinAxis.ticks, ferritinBands, yF), left - 6, '', 'end')}
          {tsat.length > 0 ? axis(axisLabels(tsatAxis.ticks, tsatBands, yT), right + 6, '%') : null}
          <text className="axis-label" x={4} y={top - 8}>
            ng/mL
          </text>
        </g>
        <TimeAxis
          ticks={timeTicks(span, right - left)}
          x={x}
          top={top}
          bottom={bottom}
          todayMs={now.getTime()}
          endLabel={endLabel}
        />
        <g aria-hidden>
          <polyline className="trend trend-ferritin" points={line(ferritin)} />
          <polyline className="trend trend-tsat" points={line(tsat)} />
          {iron.length > 0 ? (
            <text className="axis-label" x={4} y={lane + 4}>
              Iron
            </text>
          ) : null}
          {iron.flatMap((drug) => [
            ...barExtents(drug, now).map((bar) =>
              drug.ironRoute === 'intravenous' && bar.endMs - bar.startMs < monthMs ? (
                ivMark(bar.period.source, x(bar.startMs))
              ) : (
                <rect
                  key={bar.period.source}
                  className={`iron-mark iron-${drug.ironRoute ?? 'other'}${bar.dashed ? ' dashed' : ''}`}
                  x={x(bar.startMs)}
                  width={Math.max(3, x(bar.endMs) - x(bar.startMs))}
                  y={lane - 3}
                  height={6}
                />
              ),
            ),
            ...drug.doses.flatMap((dose) => {
              const ms = fhirDateToMs(dose.date);
              return ms === null ? [] : [ivMark(dose.source, x(ms))];
            }),
          ])}
        </g>
        {plotted.map(({ point, ms }, index) => {
          const cx = x(ms);
          const cy = y(point);
          const open = point.comparator !== null;
          const calculated = point.calculatedFrom !== null;
          const cls = `point ${point.lab}${open ? ' open' : ''}${calculated ? ' calculated' : ''}`;
          let shape: ReactNode;
          if (point.lab === 'ferritin') shape = <circle className={cls} cx={cx} cy={cy} r={5} />;
          // A calculated TSAT is a diamond, a measured one a square.
          else if (calculated) shape = <path className={cls} d={`M${cx},${cy - 6}l6,6l-6,6l-6,-6z`} />;
          else shape = <rect className={cls} x={cx - 4.5} y={cy - 4.5} width={9} height={9} />;
          return (
            <g
              key={point.source}
              {...markProps(index)}
              data-lab={point.lab}
              data-open={open}
              data-calculated={calculated}
            >
              <circle className="hit" cx={cx} cy={cy} r={11} />
              {shape}
            </g>
          );
        })}
      </PictureSvg>
      <Readout mark={active} />
    </>
  );
}

export function IronChart(props: PictureProps) {
  const { timeline } = props;
  const plotted: Plotted[] = [];
  for (const point of timeline.labs) {
    const ms = fhirDateToMs(point.date);
    if (point.value !== null && ms !== null) plotted.push({ point, ms });
  }
  const iron = ironTreatments(timeline);
  const hidden = timeline.labs.length - plotted.length;
  const complete = timeline.searches.labs === 'complete';
  const drawable = plotted.length > 0 || iron.length > 0;
  const has = (lab: LabPoint['lab']) => plotted.some((p) => p.point.lab === lab);
  const legend: [string, string][] = [];
  if (has('ferritin')) legend.push(['key-ferritin', 'ferritin, ng/mL (left)']);
  if (plotted.some((p) => p.point.lab === 'tsat' && p.point.calculatedFrom === null))
    legend.push(['key-tsat', 'transferrin saturation, % (right)']);
  if (plotted.some((p) => p.point.calculatedFrom !== null))
    legend.push(['key-tsat-calculated', 'TSAT calculated from serum iron and TIBC, % (right)']);
  if (plotted.some((p) => p.point.comparator)) legend.push(['key-open', 'open: charted with “<” or “>”']);
  if (iron.some((d) => d.ironRoute !== 'intravenous' && d.periods.length > 0))
    legend.push(['key-iron', 'oral iron']);
  if (iron.some((d) => d.ironRoute === 'intravenous' || d.doses.length > 0))
    legend.push(['key-iv', 'IV iron']);
  // Only the thresholds drawn: the TSAT limit needs TSAT results on its scale.
  const bands = timeline.bands.filter((b) => b.lab === 'ferritin' || has('tsat'));
  for (const b of bands) legend.push([`key-band-${b.lab === 'tsat' ? 'tsat' : b.id}`, b.label]);
  return (
    <Picture
      id="iron-picture"
      title="Iron over time"
      chart={drawable ? <IronSvg {...props} plotted={plotted} /> : null}
      table={drawable || hidden > 0 ? <IronTable {...props} /> : null}
      empty={<p className="muted">{overTimeTexts.ironEmpty(complete)}</p>}
      notes={
        <>
          {drawable ? (
            <>
              <Legend label="Legend" items={legend} />
              <p className="citation">Thresholds: {[...new Set(bands.map((b) => b.citation))].join(' · ')}</p>
            </>
          ) : null}
          {hidden > 0 ? (
            <p className="small">
              Not drawn (no date, or a unit that cannot be converted): {hidden}, listed in the table.
            </p>
          ) : null}
          {complete ? null : <GapNote>{overTimeTexts.labsGap}</GapNote>}
        </>
      }
    />
  );
}
