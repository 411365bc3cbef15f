// The app's chunk (React, recharts, every feature), asked for by main.tsx's first import: it is
// fetched while the small entry signs in and asks the boot question.
export const appChunk = import('./render-app');
