import { createContext, useContext } from 'react';

/** Which overlay the mouse is over: it draws its own tooltip, the others only follow with their line. */
export type CrosshairSource = object;
export type CrosshairListener = (at: number | null, source: CrosshairSource) => void;

/**
 * One crosshair across every panel of a dashboard: the hovered panel publishes a timestamp and
 * each panel moves its own line there. Plain callbacks, not React state, so a mouse move costs a
 * style write per panel and never a render (graphs-performance.md, rule 2).
 */
export interface CrosshairSync {
  /** `at` = null hides every line. */
  move(at: number | null, source: CrosshairSource): void;
  subscribe(listener: CrosshairListener): () => void;
}

export function createCrosshairSync(): CrosshairSync {
  const listeners = new Set<CrosshairListener>();
  return {
    move(at, source) {
      for (const listener of listeners) listener(at, source);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/** A chart outside any dashboard still works: it just has no neighbours to tell. */
const standalone = createCrosshairSync();

export const CrosshairContext = createContext<CrosshairSync>(standalone);

export function useCrosshairSync(): CrosshairSync {
  return useContext(CrosshairContext);
}
