import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';

import type { LogLine, LogSourceInfo } from '../../../src/contract/wire-types';

/** Where another view sends the logs: the lines of `service`'s sources around the moment `at`. */
export interface LogsTarget {
  /** Every source whose `service` is this (the config's mapping); null keeps the sources picked. */
  service: string | null;
  /** These sources exactly (a command palette's "Logs: web-1 app.log"); wins over `service`. */
  sourceIds?: readonly string[];
  /** Epoch ms; null for the live tail of those sources. */
  at: number | null;
  /** Scroll the logs into view (the default); false for a graph click, which keeps the page still. */
  reveal?: boolean;
}

/** An action another feature offers on a log line, e.g. the incident timeline's "Add to timeline". */
export interface LogLineAction {
  id: string;
  label: string;
  run(line: LogLine, source: LogSourceInfo | undefined): void;
}

/**
 * How other features reach the log viewer without knowing its insides. The graphs call
 * `openAt` from the volume strip under a panel; the command palette and the incident timeline may
 * call it too, and add their own line actions with `addLineAction` (it returns the remover).
 */
export interface LogsNavigation {
  openAt: (target: LogsTarget) => void;
  /** The logs panel listens; a listener added later does not get earlier targets. */
  onOpen: (listener: (target: LogsTarget) => void) => () => void;
  addLineAction: (action: LogLineAction) => () => void;
  lineActions: () => readonly LogLineAction[];
  onLineActions: (listener: () => void) => () => void;
}

export function createLogsNavigation(): LogsNavigation {
  const openListeners = new Set<(target: LogsTarget) => void>();
  const actionListeners = new Set<() => void>();
  let actions: readonly LogLineAction[] = [];
  const changed = () => actionListeners.forEach((listener) => listener());
  return {
    openAt: (target) => openListeners.forEach((listener) => listener(target)),
    onOpen: (listener) => (openListeners.add(listener), () => void openListeners.delete(listener)),
    addLineAction: (action) => {
      actions = [...actions.filter((a) => a.id !== action.id), action];
      changed();
      return () => {
        actions = actions.filter((a) => a !== action);
        changed();
      };
    },
    lineActions: () => actions,
    onLineActions: (listener) => (actionListeners.add(listener), () => void actionListeners.delete(listener)),
  };
}

/**
 * One for the window: the graphs and the logs are siblings in the shell, so the default value
 * connects them without a provider. Tests give each render its own through the context.
 */
const windowNavigation = createLogsNavigation();

export const LogsNavigationContext = createContext<LogsNavigation>(windowNavigation);

export function useLogsNavigation(): LogsNavigation {
  return useContext(LogsNavigationContext);
}

/** Opens the logs of `service` at `at` from outside React (a command palette's action). */
export function openLogsAt(target: LogsTarget): void {
  windowNavigation.openAt(target);
}

/** Calls `listener` for each `openAt`, for the component's lifetime. */
export function useLogsOpenRequests(listener: (target: LogsTarget) => void): void {
  const navigation = useLogsNavigation();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => navigation.onOpen((target) => latest.current(target)), [navigation]);
}

export function useLogLineActions(): readonly LogLineAction[] {
  const navigation = useLogsNavigation();
  return useSyncExternalStore(navigation.onLineActions, navigation.lineActions);
}
