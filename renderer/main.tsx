import { StrictMode } from 'react';
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

// The first paint's settings, dashboards and last-known drawing are asked for before React renders anything.
const connection = withBoot(connect(window.opsBridge ?? createHttpBridge()), window.location.hash);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
