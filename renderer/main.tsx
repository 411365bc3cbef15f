import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import type { OpsBridge } from '../src/contract/bridge';
import { createHttpBridge } from './api/http-bridge';
import { connect } from './api/ops-client';
import { App } from './app/app';
import { withBoot } from './app/boot';
import './styles.css';

declare global {
  interface Window {
    /** Set by the Electron preload, or by a Playwright shim; absent in browser mode. */
    opsBridge?: OpsBridge;
  }
}

// The first paint's settings, dashboards and last-known drawing are asked for before React renders
// anything; in browser mode the window's other requests wait for that answer.
const http = window.opsBridge ? null : createHttpBridge();
const connection = withBoot(connect(http ?? window.opsBridge!), window.location.hash);
http?.holdBackgroundUntil(connection.boot.settled);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// A transition, so drawing the empty shell yields to the network: the sign-in's answer sends the
// boot question at once, instead of after the whole shell is drawn.
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <App connection={connection} />
    </StrictMode>,
  ),
);
