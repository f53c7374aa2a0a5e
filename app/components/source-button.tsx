'use client';

import type { SourceFacts } from '@/lib/report/source-facts';

export type DescribeSource = (reference: string) => SourceFacts | null;
export type OpenSource = (reference: string, trigger: HTMLElement) => void;

/** Links one claim to the chart resource it rests on; opens the source panel. */
export function SourceButton({
  reference,
  describe,
  onOpen,
}: {
  reference: string;
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  const facts = describe(reference);
  const label = facts ? facts.title : reference;
  return (
    <button
      type="button"
      className="source-link"
      data-source={reference}
      aria-label={`Show source: ${label}`}
      onClick={(event) => onOpen(reference, event.currentTarget)}
    >
      {label}
    </button>
  );
}

export function SourceList({
  sources,
  describe,
  onOpen,
}: {
  sources: readonly string[];
  describe: DescribeSource;
  onOpen: OpenSource;
}) {
  if (sources.length === 0) return null;
  return (
    <span className="source-list">
      {sources.map((reference) => (
        <SourceButton key={reference} reference={reference} describe={describe} onOpen={onOpen} />
      ))}
    </span>
  );
}
