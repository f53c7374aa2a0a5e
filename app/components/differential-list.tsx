'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { BedsideFindingsInput, Tier } from '@/lib/contracts/ids';
import type { Candidate, Evidence, Report } from '@/lib/contracts/report-schema';
import { tierLabels, tierOrder } from '@/lib/knowledge/report-labels';
import { relativeAge } from '@/lib/report/relative-age';
import { type DescribeSource, type OpenSource, SourceList } from './source-button';

function EvidenceItem({
  evidence,
  now,
  describe,
  onOpen,
}: {
  evidence: Evidence;
  now: Date;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  const age = evidence.date ? relativeAge(evidence.date, now) : null;
  return (
    <li className="evidence" data-rule-id={evidence.ruleId}>
      <span>{evidence.text}</span>{' '}
      {evidence.fromClinician ? (
        <span className="badge badge-clinician">from your bedside findings</span>
      ) : (
        <>
          {evidence.date ? (
            <span className="muted">
              <time dateTime={evidence.date}>{evidence.date.slice(0, 10)}</time>
              {age ? ` (${age})` : ''}{' '}
            </span>
          ) : null}
          <SourceList sources={evidence.sources} describe={describe} onOpen={onOpen} />
        </>
      )}{' '}
      <span className="citation">({evidence.citation})</span>
    </li>
  );
}

function EvidenceList({
  title,
  items,
  empty,
  now,
  describe,
  onOpen,
}: {
  title: string;
  items: readonly Evidence[];
  empty: string;
  now: Date;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  return (
    <div className="evidence-group">
      <h5>{title}</h5>
      {items.length > 0 ? (
        <ul>
          {items.map((evidence) => (
            <EvidenceItem
              // A rule may give two items with no chart source (bedside answers): the text tells them apart.
              key={`${evidence.ruleId}-${evidence.sources.join(',')}-${evidence.text}`}
              evidence={evidence}
              now={now}
              describe={describe}
              onOpen={onOpen}
            />
          ))}
        </ul>
      ) : (
        <p className="muted">{empty}</p>
      )}
    </div>
  );
}

const answerWords = { yes: 'answered yes', no: 'answered no', unknown: 'not yet answered' } as const;

function CandidateRow({
  candidate,
  expanded,
  onToggle,
  findings,
  now,
  describe,
  onOpen,
}: {
  candidate: Candidate;
  expanded: boolean;
  onToggle: () => void;
  findings: BedsideFindingsInput;
  now: Date;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  const detailsId = useId();
  return (
    <li
      className={`candidate tier-${candidate.tier}`}
      data-testid="candidate"
      data-candidate-id={candidate.id}
      data-tier={candidate.tier}
    >
      <h4 className="candidate-heading">
        <button
          type="button"
          className="candidate-toggle"
          aria-expanded={expanded}
          aria-controls={detailsId}
          onClick={onToggle}
        >
          <span className="candidate-label">{candidate.label}</span>
          <span className="candidate-reason">{candidate.topReason}</span>
        </button>
      </h4>
      <div id={detailsId} className="candidate-details" hidden={!expanded}>
        {expanded ? (
          <>
            <EvidenceList
              title="For"
              items={candidate.supporting}
              empty="Nothing in the chart or your findings supports it yet."
              now={now}
              describe={describe}
              onOpen={onOpen}
            />
            <EvidenceList
              title="Against"
              items={candidate.against}
              empty="Nothing argues against it yet."
              now={now}
              describe={describe}
              onOpen={onOpen}
            />
            {candidate.distinguishingFindings.length > 0 ? (
              <div className="evidence-group">
                <h5>What would tell it apart</h5>
                <ul>
                  {candidate.distinguishingFindings.map((finding) => (
                    <li key={finding.id}>
                      {finding.question}{' '}
                      <span className="muted">({answerWords[findings[finding.id] ?? 'unknown']})</span>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <p className="citation">Reference: {candidate.citation}</p>
          </>
        ) : null}
      </div>
    </li>
  );
}

export function DifferentialList({
  report,
  findings,
  now,
  describe,
  onOpen,
}: {
  report: Report;
  findings: BedsideFindingsInput;
  now: Date;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  // Rows jump between tiers as findings are answered: say which moved, for eyes and screen readers.
  const previousTiers = useRef<Map<string, Tier> | null>(null);
  const [moved, setMoved] = useState('');
  useEffect(() => {
    const before = previousTiers.current;
    previousTiers.current = new Map(report.candidates.map((c) => [c.id, c.tier]));
    if (!before) return;
    const changes = report.candidates
      .filter((c) => before.get(c.id) !== c.tier)
      .map((c) => `${c.label} moved to ${tierLabels[c.tier]}`);
    if (changes.length > 0) setMoved(`${changes.join('; ')}.`);
  }, [report]);

  // Kept here, not in the row: a row that moves to another tier stays open.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <section aria-label="Differential" className="differential">
      <h2>Differential</h2>
      <p className="muted small">
        Ranked from the chart and your bedside findings; not a diagnosis. Open a row for the evidence and its
        sources.
      </p>
      <p role="status" className="tier-changes small" data-testid="tier-changes">
        {moved}
      </p>
      {tierOrder.map((tier) => {
        const candidates = report.candidates.filter((c) => c.tier === tier);
        return (
          <div key={tier} className={`tier tier-group-${tier}`}>
            <h3>
              {tierLabels[tier]} <span className="muted">({candidates.length})</span>
            </h3>
            {candidates.length > 0 ? (
              <ul className="candidate-list">
                {candidates.map((candidate) => (
                  <CandidateRow
                    key={candidate.id}
                    candidate={candidate}
                    expanded={expanded.has(candidate.id)}
                    onToggle={() => toggle(candidate.id)}
                    findings={findings}
                    now={now}
                    describe={describe}
                    onOpen={onOpen}
                  />
                ))}
              </ul>
            ) : (
              <p className="muted small">None</p>
            )}
          </div>
        );
      })}
    </section>
  );
}
