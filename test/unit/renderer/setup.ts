import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // The dashboards write their link into the address; the next test opens a clean one.
  window.history.replaceState(null, '', '/');
});
