'use client';

import type { Report } from '@/lib/contracts/report-schema';
import { checklistStateLabels } from '@/lib/knowledge/report-labels';
import { type DescribeSource, type OpenSource, SourceList } from './source-button';

export function EvaluationChecklist({
  report,
  describe,
  onOpen,
}: {
  report: Report;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  return (
    <section aria-labelledby="checklist-heading" className="checklist">
      <h2 id="checklist-heading">Essential evaluation</h2>
      <ul className="checklist-list">
        {report.checklist.map((item) => (
          <li
            key={item.id}
            className={`check check-${item.state}`}
            data-check-id={item.id}
            data-state={item.state}
          >
            <span className="badge badge-status">{checklistStateLabels[item.state]}</span>{' '}
            <strong>{item.label}</strong>: {item.reason}{' '}
            <SourceList sources={item.sources} describe={describe} onOpen={onOpen} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function PitfallsAndConsiderations({
  report,
  describe,
  onOpen,
}: {
  report: Report;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  if (report.pitfalls.length === 0 && report.considerations.length === 0) return null;
  return (
    <section aria-labelledby="pitfalls-heading" className="pitfalls">
      <h2 id="pitfalls-heading">Pitfalls and considerations</h2>
      {report.considerations.map((consideration) => (
        <div
          key={consideration.id}
          className="notice notice-info"
          data-testid="consideration"
          data-consideration-id={consideration.id}
        >
          <h3>{consideration.title}</h3>
          <ul>
            {consideration.cues.map((cue) => (
              <li key={cue}>{cue}</li>
            ))}
          </ul>
          <p className="small">
            <SourceList sources={consideration.sources} describe={describe} onOpen={onOpen} />{' '}
            <span className="citation">({consideration.citation})</span>
          </p>
        </div>
      ))}
      {report.pitfalls.length > 0 ? (
        <ul className="pitfall-list">
          {report.pitfalls.map((pitfall) => (
            <li key={pitfall.id} data-pitfall-id={pitfall.id}>
              {pitfall.text} <SourceList sources={pitfall.sources} describe={describe} onOpen={onOpen} />{' '}
              <span className="citation">({pitfall.citation})</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
