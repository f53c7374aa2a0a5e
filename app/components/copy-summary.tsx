'use client';

import { useEffect, useRef, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'manual';

/** How long Print waits for what loads on demand before printing without it (the printout says so). */
const printWaitMs = 5000;

/** Prints once what loads on demand is drawn: two frames after it arrived (render, then layout). */
async function print(beforePrint: (() => Promise<unknown>) | undefined) {
  if (beforePrint) {
    const waited = new Promise((resolve) => setTimeout(resolve, printWaitMs));
    // If it cannot be fetched (or takes too long) the page prints without it.
    await Promise.race([beforePrint().catch(() => undefined), waited]);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }
  window.print();
}

/**
 * Copies the plain-text summary for the clinical note. Where the clipboard is not available (some
 * EHR iframes do not grant it), shows the text selected in a box to copy by hand.
 */
export function CopySummary({
  text,
  beforePrint,
}: {
  text: string;
  /** What must be drawn before the page prints (the pictures, loaded on demand). */
  beforePrint?: () => Promise<unknown>;
}) {
  const [state, setState] = useState<CopyState>('idle');
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (state === 'manual') textareaRef.current?.select();
  }, [state]);

  // A new answer changes the summary: "copied" no longer holds for it.
  const [copiedText, setCopiedText] = useState<string | null>(null);
  const shown: CopyState = state === 'copied' && copiedText !== text ? 'idle' : state;

  // One print at a time: a second click while the pictures arrive would open a second dialog.
  const printingRef = useRef(false);
  const [printing, setPrinting] = useState(false);
  const onPrint = () => {
    if (printingRef.current) return;
    printingRef.current = true;
    setPrinting(true);
    void print(beforePrint).finally(() => {
      printingRef.current = false;
      setPrinting(false);
    });
  };

  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setCopiedText(text);
      setState('copied');
    } catch {
      setState('manual');
    }
  };

  return (
    <div className="copy-summary">
      <div className="toolbar">
        <button type="button" onClick={copy}>
          Copy summary
        </button>
        <button type="button" className="button-secondary" onClick={onPrint} aria-disabled={printing}>
          Print
        </button>
      </div>
      <p role="status" className="copy-status small">
        {shown === 'copied' ? 'Summary copied. Paste it into your note.' : null}
        {state === 'manual'
          ? 'Copying is blocked here: the summary is selected below, copy it by hand.'
          : null}
      </p>
      {state === 'manual' ? (
        <label className="manual-copy">
          <span className="visually-hidden">Summary for the note</span>
          <textarea ref={textareaRef} readOnly value={text} rows={12} />
        </label>
      ) : null}
    </div>
  );
}
