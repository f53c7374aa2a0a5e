'use client';

import type { IronBand, LabPoint, Timeline } from '@/lib/contracts/timeline-schema';
import {
  chartedAsText,
  ironRouteLabels,
  labName,
  labPointText,
  labValueText,
  periodEndText,
} from '@/lib/report/timeline-labels';
import {
  barExtents,
  dateMs,
  dayText,
  linearScale,
  type TimeSpan,
  timeTicks,
  valueTicks,
} from '@/lib/report/timeline-layout';
import { type Mark, Picture, PictureScroll, Readout, TimeAxis, useMarks } from './picture-parts';
import { type DescribeSource, type OpenSource, SourceButton } from './source-button';

// Ferritin (left scale, ng/mL) and TSAT (right scale, %) over time, the thresholds that apply as
// bands, iron treatments as marks under the time axis, and today. Open markers: "<" or ">" results.

const top = 20;
const plotHeight = 170;
const bottom = top + plotHeight;
const dayMs = 86_400_000;

/**
 * The value axis labels: the round ticks, and each band's limit in bold (a round tick too close to a
 * limit gives way; limits too close to each other are spread apart).
 */
function axisLabels(ticks: number[], bands: IronBand[], y: (v: number) => number) {
  const limits = [...new Set(bands.map((b) => b.limit))].sort((a, b) => a - b);
  const gap = 11;
  const labels: { value: number; y: number; limit: boolean }[] = [];
  let previous = Number.POSITIVE_INFINITY;
  for (const value of limits) {
    const at = Math.min(y(value), previous - gap);
    labels.push({ value, y: at, limit: true });
    previous = at;
  }
  for (const value of ticks) {
    if (labels.every((l) => Math.abs(l.y - y(value)) >= gap))
      labels.push({ value, y: y(value), limit: false });
  }
  return labels;
}

interface Plotted {
  point: LabPoint;
  ms: number;
}

/** Newest first, undated last. */
function newestFirst(labs: readonly LabPoint[]): LabPoint[] {
  const dated = labs.filter((p) => dateMs(p.date) !== null);
  return [...dated.reverse(), ...labs.filter((p) => dateMs(p.date) === null)];
}

function IronTable({
  timeline,
  describe,
  onOpen,
}: {
  timeline: Timeline;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  const iron = timeline.drugs.filter((d) => d.classes.includes('iron'));
  return (
    <div className="table-scroll">
      <table className="picture-table">
        <caption className="visually-hidden">
          Ferritin and transferrin saturation results, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Test</th>
            <th scope="col">Result</th>
            <th scope="col">Charted as</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {newestFirst(timeline.labs).map((point) => (
            <tr key={point.source} data-testid="iron-row">
              <td>{dayText(point.date)}</td>
              <td>{labName(point)}</td>
              <td>{labValueText(point)}</td>
              <td>{point.problem ?? chartedAsText(point) ?? ''}</td>
              <td>
                <SourceButton reference={point.source} describe={describe} onOpen={onOpen} label="kind" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {iron.length > 0 ? (
        <table className="picture-table">
          <caption className="visually-hidden">Iron treatments</caption>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">Iron treatment</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {iron.flatMap((drug) => [
              ...drug.periods.map((period) => (
                <tr key={period.source} data-testid="iron-treatment-row">
                  <td>{dayText(period.start)}</td>
                  <td>{periodEndText(period)}</td>
                  <td>
                    {drug.ingredient}
                    {drug.ironRoute ? ` (${ironRouteLabels[drug.ironRoute]})` : ''}
                  </td>
                  <td>
                    <SourceButton
                      reference={period.source}
                      describe={describe}
                      onOpen={onOpen}
                      label="kind"
                    />
                  </td>
                </tr>
              )),
              ...drug.doses.map((dose) => (
                <tr key={dose.source} data-testid="iron-treatment-row">
                  <td>{dayText(dose.date)}</td>
                  <td>single dose</td>
                  <td>{drug.ingredient}</td>
                  <td>
                    <SourceButton reference={dose.source} describe={describe} onOpen={onOpen} label="kind" />
                  </td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function IronSvg({
  timeline,
  plotted,
  span,
  width,
  now,
  onOpen,
}: {
  timeline: Timeline;
  plotted: Plotted[];
  span: TimeSpan;
  width: number;
  now: Date;
  onOpen: OpenSource;
}) {
  const marks: Mark[] = plotted.map(({ point }) => ({ source: point.source, label: labPointText(point) }));
  const { active, onKeyDown, markProps } = useMarks(marks, onOpen);
  const ferritin = plotted.filter((p) => p.point.lab === 'ferritin');
  const tsat = plotted.filter((p) => p.point.lab === 'tsat');
  const ferritinBands = timeline.bands.filter((b) => b.lab === 'ferritin').sort((a, b) => b.limit - a.limit);
  // The TSAT limit needs the TSAT scale: drawn only with TSAT results.
  const tsatBands = tsat.length > 0 ? timeline.bands.filter((b) => b.lab === 'tsat') : [];
  const left = 40;
  const right = width - (tsat.length > 0 ? 40 : 12);
  const x = linearScale([span.startMs, span.endMs], [left, right]);
  const ferritinAxis = valueTicks(
    Math.max(100, ...ferritin.map((p) => p.point.value ?? 0), ...ferritinBands.map((b) => b.limit * 1.1)),
  );
  const tsatAxis = valueTicks(Math.max(50, ...tsat.map((p) => p.point.value ?? 0)));
  const yF = linearScale([0, ferritinAxis.max], [bottom, top]);
  const yT = linearScale([0, tsatAxis.max], [bottom, top]);
  const iron = timeline.drugs.filter((d) => d.classes.includes('iron'));
  const height = bottom + (iron.length > 0 ? 48 : 24);
  const lane = bottom + 30;
  const ferritinLabels = axisLabels(ferritinAxis.ticks, ferritinBands, yF);
  const tsatLabels = axisLabels(tsatAxis.ticks, tsatBands, yT);
  const line = (points: Plotted[], y: typeof yF) =>
    points.map((p) => `${x(p.ms).toFixed(1)},${y(p.point.value ?? 0).toFixed(1)}`).join(' ');
  return (
    <>
      <PictureScroll width={width}>
        {/* biome-ignore lint/a11y/useSemanticElements: a drawing cannot be a fieldset; the group names its marks */}
        <svg
          className="picture-svg iron-svg"
          role="group"
          aria-labelledby="iron-picture-title"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
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
              <g key={band.id} data-band={`${band.id}-tsat`}>
                <line className="tsat-limit" x1={left} x2={right} y1={yT(band.limit)} y2={yT(band.limit)} />
              </g>
            ))}
            {ferritinLabels.map(({ value, y, limit }) => (
              <text
                key={value}
                className={limit ? 'axis-label limit' : 'axis-label'}
                x={left - 6}
                y={y + 4}
                textAnchor="end"
              >
                {value}
              </text>
            ))}
            <text className="axis-label" x={4} y={top - 8}>
              ng/mL
            </text>
            {tsat.length > 0
              ? tsatLabels.map(({ value, y, limit }) => (
                  <text
                    key={value}
                    className={limit ? 'axis-label limit' : 'axis-label'}
                    x={right + 6}
                    y={y + 4}
                  >
                    {value}%
                  </text>
                ))
              : null}
          </g>
          <TimeAxis
            ticks={timeTicks(span, right - left)}
            x={x}
            top={top}
            bottom={bottom}
            todayMs={now.getTime()}
          />
          <g aria-hidden>
            <polyline className="trend trend-ferritin" points={line(ferritin, yF)} />
            <polyline className="trend trend-tsat" points={line(tsat, yT)} />
            {iron.length > 0 ? (
              <text className="axis-label" x={4} y={lane + 4}>
                Iron
              </text>
            ) : null}
            {iron.flatMap((drug) => [
              ...barExtents(drug, now).map((bar) =>
                drug.ironRoute === 'intravenous' && bar.endMs - bar.startMs < 31 * dayMs ? (
                  <path
                    key={bar.period.source}
                    className="iron-mark iron-iv"
                    d={`M${x(bar.startMs)},${lane - 6}l6,11h-12z`}
                  />
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
                const ms = dateMs(dose.date);
                return ms === null
                  ? []
                  : [
                      <path
                        key={dose.source}
                        className="iron-mark iron-iv"
                        d={`M${x(ms)},${lane - 6}l6,11h-12z`}
                      />,
                    ];
              }),
            ])}
          </g>
          {plotted.map(({ point, ms }, index) => {
            const cx = x(ms);
            const cy = point.lab === 'ferritin' ? yF(point.value ?? 0) : yT(point.value ?? 0);
            const open = point.comparator !== null;
            return (
              <g key={point.source} {...markProps(index)} data-lab={point.lab} data-open={open}>
                <circle className="hit" cx={cx} cy={cy} r={11} />
                {point.lab === 'ferritin' ? (
                  <circle className={`point ferritin${open ? ' open' : ''}`} cx={cx} cy={cy} r={5} />
                ) : (
                  <rect
                    className={`point tsat${open ? ' open' : ''}`}
                    x={cx - 4.5}
                    y={cy - 4.5}
                    width={9}
                    height={9}
                  />
                )}
              </g>
            );
          })}
        </svg>
      </PictureScroll>
      <Readout mark={active} />
    </>
  );
}

export function IronChart({
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
  const plotted: Plotted[] = [];
  for (const point of timeline.labs) {
    const ms = dateMs(point.date);
    if (point.value !== null && ms !== null) plotted.push({ point, ms });
  }
  const hasIron = timeline.drugs.some((d) => d.classes.includes('iron'));
  const hidden = timeline.labs.length - plotted.length;
  const complete = timeline.searches.labs === 'complete';
  const drawable = plotted.length > 0 || hasIron;
  return (
    <Picture
      id="iron-picture"
      title="Iron over time"
      chart={
        drawable ? (
          <IronSvg
            timeline={timeline}
            plotted={plotted}
            span={span}
            width={width}
            now={now}
            onOpen={onOpen}
          />
        ) : null
      }
      table={
        timeline.labs.length > 0 || hasIron ? (
          <IronTable timeline={timeline} describe={describe} onOpen={onOpen} />
        ) : (
          <p className="muted" data-testid="iron-picture-empty">
            {complete
              ? 'No ferritin or transferrin saturation result in the chart.'
              : 'No ferritin or transferrin saturation result could be read.'}
          </p>
        )
      }
      notes={
        <>
          {drawable ? (
            <ul className="picture-legend small" aria-label="Legend">
              <li>
                <span className="key key-ferritin" aria-hidden /> ferritin, ng/mL (left)
              </li>
              {plotted.some((p) => p.point.lab === 'tsat') ? (
                <li>
                  <span className="key key-tsat" aria-hidden /> transferrin saturation, % (right)
                </li>
              ) : null}
              <li>
                <span className="key key-open" aria-hidden /> open: charted with {'“<” or “>”'}
              </li>
              {hasIron ? (
                <li>
                  <span className="key key-iron" aria-hidden /> oral iron ·{' '}
                  <span className="key key-iv" aria-hidden /> IV iron
                </li>
              ) : null}
            </ul>
          ) : null}
          <ul className="picture-legend small" aria-label="Thresholds drawn" data-testid="iron-bands">
            {timeline.bands.map((band) => (
              <li key={`${band.id}-${band.lab}`} data-band={`${band.id}-${band.lab}`}>
                <span className={`key key-band-${band.lab === 'tsat' ? 'tsat' : band.id}`} aria-hidden />{' '}
                {band.label}
              </li>
            ))}
          </ul>
          <p className="citation">
            Thresholds: {[...new Set(timeline.bands.map((b) => b.citation))].join(' · ')}
          </p>
          {hidden > 0 ? (
            <p className="small" data-testid="iron-not-drawn">
              {hidden === 1 ? '1 result is' : `${hidden} results are`} not drawn (no date, or a unit that
              cannot be converted): see the table.
            </p>
          ) : null}
          {complete ? null : (
            <p className="notice notice-gap small" role="note">
              Lab results could not be fully read: results may be missing from this picture.
            </p>
          )}
        </>
      }
    />
  );
}
