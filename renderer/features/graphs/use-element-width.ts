import { useEffect, useRef, useState } from 'react';

/**
 * Width of the element behind `ref`, following resizes. Falls back to `fallback` where there is
 * no layout (jsdom) so the chart still renders in component tests.
 */
export function useElementWidth<E extends HTMLElement>(fallback = 800) {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (w: number) => setWidth(w > 0 ? Math.floor(w) : fallback);
    measure(element.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => measure(entries[0]?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallback]);
  return { ref, width };
}
