// First: the app's chunk is on its way before the rest of this entry is evaluated.
import { appChunk } from './app/load-app';
import type { OpsBridge } from '../src/contract/bridge';
import { createHttpBridge } from './api/http-bridge';
import { connect } from './api/ops-client';
import { withBoot } from './app/boot';
import './styles.css';

declare global {
  interface Window {
    /** Set by the Electron preload, or by a Playwright shim; absent in browser mode. */
    opsBridge?: OpsBridge;
  }
}

// The first paint's settings, dashboards and last-known drawing are asked for before the app's
// code is even evaluated: this entry is small, and the app (React, recharts, every feature) is a
// chunk of its own, fetched and evaluated while the sign-in and the boot question are in flight.
// In browser mode the window's other requests wait for the boot's answer.
const http = window.opsBridge ? null : createHttpBridge();
const connection = withBoot(connect(http ?? window.opsBridge!), window.location.hash);
http?.holdBackgroundUntil(connection.boot.settled);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
void appChunk.then(({ renderApp }) => renderApp(root, connection));
