// The applications of a fleet: appends numbered, timestamped lines to many log files at a steady
// rate, in its own process so the writing does not load the process that measures. Forked with
// IPC by the fleet bench: argv = lines a second, then `host=file` for each log. It writes once it is told
// 'go', and on 'stop' answers with how many lines each file got, then exits.
//   `2026-11-23T14:02:10.123Z INFO seq=42 host=web-7 GET /cart 200 in 12 ms`
import { closeSync, openSync, writeSync } from 'node:fs';

const [rateText, ...targets] = process.argv.slice(2);
const rate = Number(rateText);
const TICK_MS = 10;
const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR'];
const logs = targets.map((target) => {
  const [host, file] = target.split('=');
  return { fd: openSync(file, 'a'), host, seq: 0 };
});
let timer = null;
let started = 0;
let owed = 0;

/** Every line due by now (at `rate` a second since 'go'), so a late tick catches up instead of slowing the rate. */
function tick() {
  const due = Math.floor(((performance.now() - started) / 1000) * rate);
  const count = due - owed;
  if (count <= 0) return;
  owed = due;
  const at = new Date().toISOString();
  for (const log of logs) {
    let text = '';
    for (let i = 0; i < count; i++) {
      const seq = ++log.seq;
      text += `${at} ${LEVELS[seq % LEVELS.length]} seq=${seq} host=${log.host} GET /cart/${seq % 997} 200 in ${seq % 89} ms\n`;
    }
    writeSync(log.fd, text);
  }
}

process.on('message', (message) => {
  if (message === 'go') {
    started = performance.now();
    timer = setInterval(tick, TICK_MS);
  } else if (message === 'stop') {
    clearInterval(timer);
    tick();
    for (const log of logs) closeSync(log.fd);
    process.send(logs.map((log) => log.seq), () => process.exit(0));
  }
});
process.send('ready');
