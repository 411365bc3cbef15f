import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import type { OpsConnection } from '../api/ops-client';
import { App } from './app';
import type { Boot } from './boot';

/** Draws the app into `root`: the big chunk main.tsx loads once the boot question is on its way. */
export function renderApp(root: HTMLElement, connection: OpsConnection & { boot: Boot }): void {
  // A transition, so drawing the empty shell yields to the network: the sign-in's answer sends the
  // boot question at once, instead of after the whole shell is drawn.
  startTransition(() =>
    createRoot(root).render(
      <StrictMode>
        <App connection={connection} />
      </StrictMode>,
    ),
  );
}
