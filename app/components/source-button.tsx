'use client';

import type { SourceFacts } from '@/lib/report/source-facts';

export type DescribeSource = (reference: string) => SourceFacts | null;
export type OpenSource = (reference: string, trigger: HTMLElement) => void;

/** Links one claim to the chart resource it rests on; opens the source panel. */
/**
 * `title` names the chart entry ("Ferritin [Mass/volume] in Serum"); `kind` only says what it is
 * ("order"), for places where the title is already the headline (a medication flag).
 */
export type SourceLabel = 'title' | 'kind';

export function SourceButton({
  reference,
  describe,
  onOpen,
  label = 'title',
}: {
  reference: string;
  describe: DescribeSource;
  onOpen: OpenSource;
  label?: SourceLabel;
}) {
  const facts = describe(reference);
  const text = facts ? (label === 'kind' ? facts.kind : facts.title) : reference;
  const name = facts ? `${facts.title} (${facts.kind})` : reference;
  return (
    <button
      type="button"
      className="source-link"
      data-source={reference}
      aria-label={`Show source: ${name}`}
      onClick={(event) => onOpen(reference, event.currentTarget)}
    >
      {text}
    </button>
  );
}

export function SourceList({
  sources,
  describe,
  onOpen,
  label = 'title',
}: {
  sources: readonly string[];
  describe: DescribeSource;
  onOpen: OpenSource;
  label?: SourceLabel;
}) {
  if (sources.length === 0) return null;
  return (
    <span className="source-list">
      {label === 'kind' ? <span className="muted small">Chart:</span> : null}
      {sources.map((reference) => (
        <SourceButton
          key={reference}
          reference={reference}
          describe={describe}
          onOpen={onOpen}
          label={label}
        />
      ))}
    </span>
  );
}
