// How the graphs benches watch a dashboard page in Chromium: when every panel is drawn (and
// whether from last-known data), what the page asked of the core, hover work, and graphite-web's
// own PNGs of the same panels in a page of their own, for the same-round ratio.
// The functions handed to page.evaluate / addInitScript run in the page, with its globals:
/* global document, window, MutationObserver, requestAnimationFrame, MouseEvent */
import { createServer } from 'node:http';

import { median } from './graphite-world.mjs';

/**
 * Runs in the page from its first script. `__drawnAt`: every panel has all its series drawn;
 * `__drawnLastKnown`: how many of them were then marked as last-known (with their age);
 * `__freshAt`: every panel drawn and none marked last-known any more.
 */
export const watchDrawn = ({ panels, series }) => {
  const state = () => {
    const charts = document.querySelectorAll('[data-testid="chart-panel"]');
    if (charts.length !== panels) return null;
    for (const chart of charts) {
      const paths = chart.querySelectorAll('path.series-line');
      if (paths.length < series) return null;
      for (const p of paths) if (!(p.getAttribute('d') ?? '').startsWith('M')) return null;
    }
    return { lastKnown: document.querySelectorAll('[data-testid="chart-panel"] [data-testid="last-known"]').length };
  };
  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled || window.__freshAt) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      const drawn = state();
      if (!drawn) return;
      if (!window.__drawnAt) {
        window.__drawnAt = performance.now();
        window.__drawnLastKnown = drawn.lastKnown;
      }
      if (drawn.lastKnown === 0) window.__freshAt = performance.now();
    });
  }).observe(document, { subtree: true, childList: true, attributes: true });
};

/**
 * Runs in the page from its first script: `__rendersMostOpen` is the most graphs.render requests
 * the page had open at once, each from its fetch to its body read (what the page itself holds).
 */
export const countOpenRenders = () => {
  const fetchAsBrowser = window.fetch.bind(window);
  let open = 0;
  window.__rendersMostOpen = 0;
  window.fetch = async (input, init) => {
    const render = typeof init?.body === 'string' && init.body.startsWith('{"name":"graphs.render"');
    if (!render) return fetchAsBrowser(input, init);
    window.__rendersMostOpen = Math.max(window.__rendersMostOpen, ++open);
    try {
      const response = await fetchAsBrowser(input, init);
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      open--;
    }
  };
};

/** A new page of `context` that watches its dashboard being drawn (watchDrawn) and its renders (countOpenRenders) from its first script on. */
export async function watchedPage(context, { panels, series }) {
  const page = await context.newPage();
  await page.addInitScript(watchDrawn, { panels, series });
  await page.addInitScript(countOpenRenders);
  return page;
}

/** Navigates a watched page to `url` (reloads it when null) and waits for every panel drawn fresh: { drawnMs, drawnLastKnown, freshMs }. */
export async function drawnTimes(page, url) {
  if (url === null) await page.reload();
  else await page.goto(url);
  await page.waitForFunction(() => window.__freshAt, null, { timeout: 180_000, polling: 100 });
  return page.evaluate(() => ({ drawnMs: window.__drawnAt, drawnLastKnown: window.__drawnLastKnown, freshMs: window.__freshAt }));
}

/**
 * Every `graphs.render` the page sends from now on: what it asked (targets, maxDataPoints), what
 * came back, whether it was aborted, how many were in flight at once (for the same targets; at
 * all, on a watchedPage), and in what order their targets were asked.
 */
export function recordRenders(page) {
  const renders = [];
  const order = [];
  const inFlight = new Map();
  let duplicates = 0;
  page.on('request', (req) => {
    if (!req.url().endsWith('/api/request')) return;
    const body = req.postDataJSON();
    if (body?.name !== 'graphs.render') return;
    const key = JSON.stringify(body.input.targets);
    order.push(body.input.targets);
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    if (inFlight.get(key) > 1) duplicates++;
    const answer = async () => {
      try {
        // No response = the page aborted it.
        const res = await req.response();
        if (!res) return { aborted: true };
        const got = (await res.json()).value.series.map((s) => s.timestamps.length);
        return { asked: body.input.maxDataPoints, got };
      } catch {
        return { aborted: true };
      } finally {
        inFlight.set(key, inFlight.get(key) - 1);
      }
    };
    renders.push(answer());
  });
  const result = async () => {
    const done = await Promise.all(renders);
    const answered = done.filter((r) => !r.aborted);
    return {
      renderRequests: done.length,
      abortedRequests: done.length - answered.length,
      duplicatesInFlight: duplicates,
      maxInFlight: await page.evaluate(() => window.__rendersMostOpen ?? null),
      pointsPerSeries: median(answered.flatMap((r) => r.got)),
      maxDataPoints: median(answered.map((r) => r.asked)),
    };
  };
  // The targets of each render, in the order they were asked.
  result.order = order;
  return result;
}

// Main-thread work of one mouse move: the handlers (crosshair, tooltip, the other panels' lines)
// plus the style and layout they cause, timed synchronously; one move per frame.
export const hoverWork = async (moves) => {
  const layer = document.querySelector('[data-testid="chart-panel"] .chart-hit-layer');
  const box = layer.getBoundingClientRect();
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const work = [];
  for (let i = 0; i <= moves; i++) {
    const x = box.left + 2 + ((box.width - 4) * i) / moves;
    const t0 = performance.now();
    layer.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: x, clientY: box.top + box.height / 2 }));
    void document.body.offsetHeight; // forces the style recalculation and layout the move caused
    const t1 = performance.now();
    if (i > 0) work.push(t1 - t0);
    await frame();
  }
  return work;
};

/** Markers drawn on the first panel (single ones and clusters). */
export const markersOnFirstPanel = () =>
  document.querySelectorAll('[data-testid="chart-panel"]:first-child [data-testid$="-marker"], [data-testid="chart-panel"]:first-child [data-testid="marker-cluster"]').length;

/**
 * A page of graphite-web's own PNGs of `panels` (targets per panel) over [from, until] at the
 * plot size, fetched by the browser like any page of images (6 at a time per host). Each load
 * gets new URLs, so nothing comes from a cache. `url()` is its address; `__pngDoneAt` its end.
 */
export async function startPngPage(graphiteUrl, panels, { from, until, width, height }) {
  const imgs = panels
    .map((targets) => {
      const q = targets.map((t) => `target=${encodeURIComponent(t)}`).join('&');
      return `<img width="${width}" height="${height}" onload="done()" onerror="done()" src="${graphiteUrl}/render?${q}&from=${from}&until=${until}&width=${width}&height=${height}&hideLegend=true&_=ROUND">`;
    })
    .join('\n');
  let round = 0;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><body><script>let n=0;function done(){if(++n===${panels.length})window.__pngDoneAt=performance.now();}</script>${imgs.replaceAll('ROUND', String(++round))}</body>`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** graphite-web drawing the PNG page, in a fresh context: ms from navigation to the last image. */
export async function pngTime(browser, url) {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
  try {
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__pngDoneAt, null, { timeout: 180_000, polling: 100 });
    return await page.evaluate(() => window.__pngDoneAt);
  } finally {
    await ctx.close();
  }
}
