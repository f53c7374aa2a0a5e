'use client';

import { sourcePanelTexts as texts } from '@/lib/knowledge/report-labels';
import { sourcePanelModule } from './on-demand-modules';
import { usePanelFocus } from './use-panel-focus';

/**
 * Where the source panel opens while its code arrives (on the first click), or when it could not be
 * fetched: the claim's own reference, so the click is never lost. Takes the focus and closes on
 * Escape like the panel; the panel takes the focus when it arrives.
 */
export function SourcePanelPending({
  reference,
  failed,
  onClose,
}: {
  reference: string;
  failed: boolean;
  onClose: () => void;
}) {
  const ref = usePanelFocus<HTMLDivElement>(onClose);
  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-label={texts.title}
      className="source-panel"
      data-testid="source-panel-pending"
      tabIndex={-1}
      ref={ref}
    >
      <p role="status">
        {failed ? texts.failed : texts.loading} <code>{reference}</code>
      </p>
      <p>
        {failed ? (
          <button type="button" onClick={() => void sourcePanelModule.load().catch(() => undefined)}>
            {texts.retry}
          </button>
        ) : null}{' '}
        <button type="button" className="button-secondary" onClick={onClose}>
          {texts.close}
        </button>
      </p>
    </div>
  );
}
