// Where a page's first seconds go: every request it made (contract requests by name) with the
// time it waited for a connection, waited for its answer and read it, and the renderer main
// thread's busy time in each stretch between the page's milestones, from Chromium's own trace
// (devtools.timeline). Used by the graphs benches' --profile.

/**
 * Records `page` from before navigation. `stop()` returns { requests, busy } once the caller's
 * milestone is reached; times are ms from the navigation's timeOrigin.
 */
export async function recordPage(browser, page) {
  const requests = [];
  page.on('requestfinished', (req) => requests.push({ req, failed: false }));
  page.on('requestfailed', (req) => requests.push({ req, failed: true }));
  // A mark from the page's first script ties the trace's clock to the page's performance.now().
  await page.addInitScript(() => performance.mark('page-profile-anchor'));
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
  return {
    async stop() {
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
      const { origin, anchor } = await page.evaluate(() => ({ origin: performance.timeOrigin, anchor: performance.getEntriesByName('page-profile-anchor')[0]?.startTime ?? 0 }));
      return { requests: requests.map(({ req, failed }) => describe(req, failed, origin)), tasks: mainThreadTasks(trace, anchor) };
    },
  };
}

function describe(req, failed, origin) {
  const t = req.timing();
  if (!(t.startTime > 0)) return { name: nameOf(req), start: null, sent: null, firstByte: null, end: null, failed };
  const name = nameOf(req);
  const start = t.startTime - origin;
  // requestStart is when the request went out on a connection; before it, it queued for one.
  const sent = t.requestStart >= 0 ? start + t.requestStart : start;
  return { name, start, sent, firstByte: t.responseStart >= 0 ? start + t.responseStart : null, end: t.responseEnd >= 0 ? start + t.responseEnd : null, failed };
}

function nameOf(req) {
  const { pathname } = new URL(req.url());
  if (pathname !== '/api/request') return pathname;
  const body = req.postDataJSON();
  return body?.name === 'graphs.render' ? `graphs.render ${body.input.targets[0]}` : body?.name ?? pathname;
}

/** The page's renderer main thread's top-level tasks (start, duration), in ms of the page's performance.now(). */
function mainThreadTasks(trace, anchor) {
  const events = trace.traceEvents ?? trace;
  // Trace times are µs of the monotonic clock; the anchor mark says where the page's 0 is.
  const mark = events.find((e) => e.name === 'page-profile-anchor');
  if (!mark) return [];
  const main = events.find((e) => e.name === 'thread_name' && e.pid === mark.pid && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const zero = mark.ts / 1000 - anchor;
  return events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.name === 'RunTask' && e.dur)
    .map((e) => ({ start: e.ts / 1000 - zero, dur: e.dur / 1000 }))
    .sort((a, b) => a.start - b.start);
}

/** Main-thread busy ms between `from` and `to` (tasks cut at the edges). */
export function busyBetween(tasks, from, to) {
  let busy = 0;
  for (const t of tasks) busy += Math.max(0, Math.min(to, t.start + t.dur) - Math.max(from, t.start));
  return busy;
}

/** A printable waterfall: one line per request, times in ms from navigation. */
export function waterfall(requests) {
  const f = (v) => (v === null ? '   -  ' : v.toFixed(0).padStart(6));
  return requests
    .sort((a, b) => (a.start ?? Infinity) - (b.start ?? Infinity))
    .map((r) => `${f(r.start)} queued→${f(r.sent)} first byte ${f(r.firstByte)} end ${f(r.end)}${r.failed ? ' ABORTED' : ''}  ${r.name}`)
    .join('\n');
}
