'use client';

import { useId } from 'react';
import type { SourceFacts } from '@/lib/report/source-facts';
import { usePanelFocus } from './use-panel-focus';

/**
 * Side panel with the key fields of one chart resource: the second click from a claim to the
 * chart fact. Takes focus when it opens; Escape or Close returns focus to the claim.
 */
export interface SourcePanelProps {
  reference: string;
  facts: SourceFacts | null;
  skippedReason: string | null;
  onClose: () => void;
}

export function SourcePanel({ reference, facts, skippedReason, onClose }: SourcePanelProps) {
  const headingId = useId();
  const headingRef = usePanelFocus<HTMLHeadingElement>(onClose);

  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      className="source-panel"
      data-testid="source-panel"
    >
      <div className="source-panel-header">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {facts ? facts.title : reference}
        </h2>
        <button type="button" className="button-secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {facts ? (
        <>
          <p className="muted">
            {facts.resourceType} · <code>{facts.reference}</code>
          </p>
          <dl className="source-fields">
            {facts.fields.map((field) => (
              <div key={`${field.label}: ${field.value}`} className="source-field">
                <dt>{field.label}</dt>
                <dd>{field.value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p>
          {skippedReason
            ? `This resource was skipped because it could not be read: ${skippedReason}`
            : 'This resource is not among the chart data that was read.'}
        </p>
      )}
    </div>
  );
}
