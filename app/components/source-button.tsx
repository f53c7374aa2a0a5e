'use client';

import type { ReactNode } from 'react';
import type { SourceFacts } from '@/lib/report/source-facts';

export type DescribeSource = (reference: string) => SourceFacts | null;
/** `trigger` gets the focus back when the panel closes (a button, or a point of a picture). */
export type OpenSource = (reference: string, trigger: HTMLElement | SVGElement) => void;

/** Links one claim to the chart resource it rests on; opens the source panel. */
/**
 * `title` names the chart entry ("Ferritin [Mass/volume] in Serum"); `kind` only says what it is
 * ("order"), for places where the title is already the headline (a medication flag).
 */
export type SourceLabel = 'title' | 'kind' | 'title-and-kind';

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
  // The name is built from the content (not aria-label) so what is seen is what is announced.
  let content: ReactNode;
  if (!facts) content = reference;
  else if (label === 'kind') {
    content = (
      <>
        {facts.kind} <span className="visually-hidden">{facts.title}</span>
      </>
    );
  } else if (label === 'title-and-kind') {
    content = `${facts.title} (${facts.kind})`;
  } else {
    content = (
      <>
        {facts.title} <span className="visually-hidden">({facts.kind})</span>
      </>
    );
  }
  return (
    <button
      type="button"
      className="source-link"
      data-source={reference}
      onClick={(event) => onOpen(reference, event.currentTarget)}
    >
      <span className="visually-hidden">Show source:</span> {content}
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
  // A drug charted as both a statement and an order has one title twice: say which is which.
  const titles = sources.map((reference) => describe(reference)?.title);
  const repeated = new Set(titles.filter((title, index) => title && titles.indexOf(title) !== index));
  return (
    <span className="source-list">
      {label === 'kind' ? <span className="muted small">Chart:</span> : null}
      {sources.map((reference) => (
        <SourceButton
          key={reference}
          reference={reference}
          describe={describe}
          onOpen={onOpen}
          label={label === 'title' && repeated.has(describe(reference)?.title) ? 'title-and-kind' : label}
        />
      ))}
    </span>
  );
}
