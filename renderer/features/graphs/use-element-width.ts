import { useLayoutEffect, useRef, useState } from 'react';

/**
 * Width of the element behind `ref`, following resizes: null until measured, which happens
 * before the first paint. `onMeasure` hears each new width in the same layout pass, before
 * anything is drawn at it (the panels hand it to the dashboard's loader, so Graphite is asked at
 * the real size while the charts are still being drawn). Falls back to `fallback` where there is
 * no layout (jsdom) so the chart still renders in component tests.
 */
export function useElementWidth<E extends HTMLElement>(onMeasure?: (width: number) => void, fallback = 800) {
  const ref = useRef<E>(null);
  const [width, setWidth] = useState<number | null>(null);
  const latest = useRef(onMeasure);
  latest.current = onMeasure;
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (w: number) => {
      const next = w > 0 ? Math.floor(w) : fallback;
      latest.current?.(next);
      setWidth(next);
    };
    // Fractional like the observer's contentRect (clientWidth rounds): 762.5 px must not read as
    // 763 now and 762 a moment later, which drew every chart twice.
    measure(element.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => measure(entries[0]?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallback]);
  return { ref, width };
}
