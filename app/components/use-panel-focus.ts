'use client';

import { type RefObject, useEffect, useRef } from 'react';

/**
 * A side panel's keyboard contract: the returned element takes the focus when the panel opens, and
 * Escape closes it (the caller returns the focus to the claim it came from).
 */
export function usePanelFocus<T extends HTMLElement>(onClose: () => void): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);
  return ref;
}
