import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import type { OpsBridge } from '../src/contract/bridge';
import { createHttpBridge } from './api/http-bridge';
import { connect } from './api/ops-client';
import { App } from './app/app';
import './styles.css';

declare global {
  interface Window {
    /** Set by the Electron preload, or by a Playwright shim; absent in browser mode. */
    opsBridge?: OpsBridge;
  }
}

const connection = connect(window.opsBridge ?? createHttpBridge());
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
);
