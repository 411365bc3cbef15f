// The page the log viewer bench drives (bundled by logs-viewer-bench.mjs): the real LogsPanel,
// hooks and styles, over a bridge that answers one live source and hands `logs.lines` events to
// the bench as fast as it pushes them. Nothing here is in the app. (A classic script: Chromium
// refuses module scripts from file:// pages.)
import { createRoot } from 'react-dom/client';

import type { EventEnvelope } from '../../src/contract/events';
import type { LogLine } from '../../src/contract/wire-types';
import { connect, OpsConnectionContext } from '../../renderer/api/ops-client';
import { LogsPanel } from '../../renderer/features/logs/logs-panel';
import '../../renderer/styles.css';

declare global {
  interface Window {
    bench: { emit(lines: LogLine[]): void };
  }
}

const source = { id: 'bench', name: 'app.log', host: 'bench-1', service: 'bench', kind: 'http' as const, path: 'bench-1/app.log' };
const status = { id: 'bench', state: 'live' as const, since: 0, message: null, hostKeyFingerprint: null };
const listeners = new Set<(event: EventEnvelope) => void>();
const answers: Record<string, unknown> = {
  'logs.sources': [{ source, status }],
  'logs.query': { lines: [], scanned: 0, matched: 0 },
};

const bridge = {
  request: async (name: string) =>
    name in answers ? { ok: true, value: answers[name] } : { ok: false, error: { code: 'not_configured', message: `${name}: not in the bench` } },
  on: (listener: (event: EventEnvelope) => void) => (listeners.add(listener), () => void listeners.delete(listener)),
};

window.bench = {
  emit: (lines) => listeners.forEach((listener) => listener({ name: 'logs.lines', payload: { sourceId: 'bench', lines } })),
};

createRoot(document.getElementById('root')!).render(
  <OpsConnectionContext value={connect(bridge)}>
    <div className="area-logs bench-box">
      <LogsPanel />
    </div>
  </OpsConnectionContext>,
);
