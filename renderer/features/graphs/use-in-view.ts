import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/** Tells `onChange` whether the element is on screen, so the panels in view are asked for first. */
export function useInView(ref: RefObject<HTMLElement | null>, onChange: (visible: boolean) => void) {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) latest.current(entry.isIntersecting);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
}
