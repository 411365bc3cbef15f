import { useCallback, useRef, useState } from 'react';

/** Focus back on the element a dialog was opened from, or on the page's fallback when that is gone: focus is never lost after a dialog. */
export function returnFocus(opener: Element | null): void {
  if (opener instanceof HTMLElement && opener.isConnected && opener !== document.body) return opener.focus();
  document.querySelector<HTMLElement>('[data-focus-fallback]')?.focus();
}

/**
 * What a dialog shows (null: closed). Opening it remembers the element that had focus; closing it
 * gives focus back there, at once or after the next frame (once React has removed a dialog that
 * held focus itself, so the focus lands on something that stays).
 */
export function useDialog<T>(giveBack: 'at-once' | 'next-frame') {
  const [shown, setShown] = useState<T | null>(null);
  const opener = useRef<Element | null>(null);
  const open = useCallback((value: T) => {
    opener.current = document.activeElement;
    setShown(value);
  }, []);
  const close = useCallback(() => {
    setShown(null);
    if (giveBack === 'at-once') returnFocus(opener.current);
    else requestAnimationFrame(() => returnFocus(opener.current));
  }, [giveBack]);
  return { shown, open, close };
}
