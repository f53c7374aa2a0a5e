'use client';

import type { Report } from '@/lib/contracts/report-schema';
import {
  ironNoValueHeadline,
  ironThresholdLines,
  ironThresholdSummary,
  ironTsatLine,
} from '@/lib/knowledge/iron-texts';
import {
  cleanMedicationText,
  deceasedMedicationsText,
  ferritinOriginalText,
  ferritinValueText,
  gapReasonLabels,
  ironStatusLabels,
  medicationGapTypes,
  medicationStatusLabels,
  resourceTypeLabels,
} from '@/lib/knowledge/report-labels';
import { relativeAge } from '@/lib/report/relative-age';
import { type DescribeSource, type OpenSource, SourceList } from './source-button';

type DataGap = Report['dataGaps'][number];

export function DataGapItem({ gap }: { gap: DataGap }) {
  return (
    <li data-testid="data-gap" data-resource-type={gap.resourceType} data-reason={gap.reason}>
      {resourceTypeLabels[gap.resourceType]}: {gapReasonLabels[gap.reason]}
      {/* The technical detail is for whoever supports the EHR connection. */}
      {gap.detail ? <span className="muted small gap-detail"> ({gap.detail})</span> : null}
    </li>
  );
}

function DateWithAge({ date, now }: { date: string | null; now: Date }) {
  if (!date) return <span className="muted">undated</span>;
  const age = relativeAge(date, now);
  return (
    <span>
      <time dateTime={date}>{date.slice(0, 10)}</time>
      {age ? <span className="muted"> ({age})</span> : null}
    </span>
  );
}

function MedicationFlags({
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
  const { medications, medicationSearch } = report.flags;
  const gaps = report.dataGaps.filter((g) => medicationGapTypes.includes(g.resourceType));
  const deceased = deceasedMedicationsText(report.patient);
  return (
    <div className="flag-group">
      <h3>Medications</h3>
      {deceased ? (
        <p className="notice notice-info small" role="note" data-testid="deceased-medications">
          {deceased}
        </p>
      ) : null}
      {medications.length > 0 ? (
        <ul className="flag-list">
          {medications.map((flag) => (
            <li
              key={`${flag.class}-${flag.ingredient}`}
              className="flag flag-warn"
              data-testid="medication-flag"
              data-class={flag.class}
              data-status={flag.status}
            >
              <p className="flag-headline">
                <strong>{flag.display}</strong> <span className="badge">{flag.classLabel}</span>{' '}
                <span className="badge badge-status">{medicationStatusLabels[flag.status]}</span>
              </p>
              <p className="flag-meta">
                <DateWithAge date={flag.date} now={now} />{' '}
                <SourceList sources={flag.sources} describe={describe} onOpen={onOpen} label="kind" />
              </p>
              <p className="flag-action">{flag.recommendation}</p>
              {flag.confirmStillTaking ? (
                <p className="flag-action" data-testid="confirm-still-taking">
                  <strong>{flag.confirmStillTaking.text}</strong>
                </p>
              ) : null}
              <p className="citation">Source: {flag.citation}</p>
            </li>
          ))}
        </ul>
      ) : null}
      {medicationSearch === 'complete' ? (
        <>
          {medications.length === 0 && !deceased ? (
            <p className="flag flag-clear" data-testid="medication-clear">
              {cleanMedicationText(report)}
            </p>
          ) : null}
          {gaps.length > 0 ? (
            // The searches that count were complete (e.g. orders), but say what this EHR did not give.
            <div className="notice notice-info small" role="note">
              <p>Not read from this EHR:</p>
              <ul>
                {gaps.map((gap) => (
                  <DataGapItem key={`${gap.resourceType}-${gap.reason}-${gap.detail}`} gap={gap} />
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : (
        <div className="notice notice-gap" role="note">
          <p>
            <strong>Medications could not be fully checked.</strong>{' '}
            {medications.length > 0
              ? 'Other medications may also worsen these symptoms.'
              : 'An empty list here does not mean none are taken.'}
          </p>
          {gaps.length > 0 ? (
            <ul>
              {gaps.map((gap) => (
                <DataGapItem key={`${gap.resourceType}-${gap.reason}-${gap.detail}`} gap={gap} />
              ))}
            </ul>
          ) : (
            <ul>
              <li data-testid="data-gap">The medication searches did not complete</li>
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function IronFlag({
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
  const iron = report.flags.iron;
  const value = ferritinValueText(iron);
  const original = ferritinOriginalText(iron);
  const attention = iron.status !== 'normal';
  const tsatLine = ironTsatLine(iron);
  // A Report from before the threshold set was recorded used the adult thresholds.
  const thresholdSet = iron.thresholdSet ?? 'adult';
  return (
    <div className="flag-group">
      <h3>Iron</h3>
      <div
        className={`flag ${attention ? 'flag-warn' : 'flag-clear'}`}
        data-testid="iron-flag"
        data-status={iron.status}
      >
        <p className="flag-headline">
          <span className="badge badge-status">{ironStatusLabels[iron.status]}</span>{' '}
          {value ? <strong>Ferritin {value}</strong> : <strong>{ironNoValueHeadline(iron)}</strong>}
          {original ? <span className="muted"> ({original})</span> : null}
        </p>
        {tsatLine && iron.tsat ? (
          <p className="flag-meta" data-testid="iron-tsat" data-calculated={String(iron.tsat.calculated)}>
            {/* Its sources are among the flag's own, listed above. */}
            {tsatLine} <DateWithAge date={iron.tsat.date} now={now} />
          </p>
        ) : null}
        {iron.date || iron.sources.length > 0 ? (
          <p className="flag-meta">
            <DateWithAge date={iron.date} now={now} />{' '}
            <SourceList sources={iron.sources} describe={describe} onOpen={onOpen} label="kind" />
          </p>
        ) : null}
        <p>{iron.reason}</p>
        <p className="flag-action">{iron.recommendation}</p>
        <details className="thresholds">
          <summary>{ironThresholdSummary(thresholdSet)}</summary>
          <ul>
            {ironThresholdLines(thresholdSet).map((line) => (
              <li key={line.id} data-threshold={line.id}>
                {line.text} <span className="citation">({line.citation})</span>
              </li>
            ))}
          </ul>
        </details>
        <p className="citation">Source: {iron.citation}</p>
      </div>
    </div>
  );
}

export function FlagsStrip({
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
  return (
    <section aria-label="Flags" className="flags">
      <h2 className="visually-hidden">Flags</h2>
      <div className="flags-grid">
        <MedicationFlags report={report} now={now} describe={describe} onOpen={onOpen} />
        <IronFlag report={report} now={now} describe={describe} onOpen={onOpen} />
      </div>
      {report.notes.length > 0 ? (
        <ul className="notes" aria-label="Notes">
          {report.notes.map((note) => (
            <li key={note.id} className="note" data-testid="note" data-note-id={note.id}>
              <span className="badge">Note</span> {note.text}{' '}
              <SourceList sources={note.sources} describe={describe} onOpen={onOpen} />{' '}
              <span className="citation">({note.citation})</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
