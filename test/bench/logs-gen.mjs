// logs-gen.mjs N OUT [START_MS] - a deterministic, realistic log mix of ~143 B/line, the one the
// performance spike measured (shared/notes/logs-spike/gen.mjs), so figures compare:
// 30% nginx combined, 30% ISO-8601 app lines with a level (1/4 of them ANSI-coloured), 20% RFC 3164
// syslog, 20% JSON lines, ~0.5% non-ASCII text. One change: the first line's time is START_MS
// (default: 1 January of this year, UTC), because syslog lines carry no year and are read in the
// year that puts them in the recent past; the spike's fixed 2025 start would misplace them.
import fs from 'node:fs';

const N = +process.argv[2] || 1_000_000, OUT = process.argv[3];
const START = +process.argv[4] || Date.UTC(new Date().getUTCFullYear(), 0, 1);
let s = 0x12345678;
const rnd = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
const pick = a => a[(rnd() * a.length) | 0];
const LV = ['INFO','INFO','INFO','INFO','DEBUG','DEBUG','WARN','ERROR'];
const COL = { INFO: '\x1b[32m', DEBUG: '\x1b[36m', WARN: '\x1b[33m', ERROR: '\x1b[1;31m' };
const PATHS = ['/api/v1/orders','/api/v1/users/1234/profile','/static/app.3f9a1c.js','/healthz','/api/v2/search?q=widgets&page=3','/login','/api/v1/metrics/ingest'];
const UA = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36','curl/7.88.1','Go-http-client/1.1','kube-probe/1.29'];
const MSG = ['request completed','cache miss for key user:{id}','connection pool exhausted, waiting','retrying upstream call','payment authorised','scheduled job finished','failed to parse payload','slow query detected','user logged in','config reloaded','überprüfung fehlgeschlagen für Kunde'];
const HOSTS = ['web-01','web-02','db-01','worker-3'];
const PROCS = ['sshd[812]','cron[1021]','kernel','systemd[1]','postfix/smtpd[3302]'];
const MON = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
let t = START;
const p2 = n => (n < 10 ? '0' : '') + n;
const out = fs.openSync(OUT, 'w');
let buf = [], bytes = 0;
for (let i = 0; i < N; i++) {
  t += (rnd() * 20) | 0;
  const d = new Date(t), r = rnd(), lv = pick(LV), id = (rnd() * 1e6) | 0;
  let msg = pick(MSG).replace('{id}', id);
  if (msg.startsWith('über') && rnd() > 0.05) msg = 'request completed';
  let line;
  if (r < 0.30) {
    const ts = `${p2(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
    line = `10.${id % 255}.${(id >> 8) % 255}.${id % 97} - - [${ts}] "GET ${pick(PATHS)} HTTP/1.1" ${pick([200,200,200,304,404,500])} ${id % 40000} "-" "${pick(UA)}"`;
  } else if (r < 0.60) {
    const ansi = rnd() < 0.25;
    const L = ansi ? `${COL[lv]}${lv}\x1b[0m` : lv;
    line = `${d.toISOString()} ${L} [${pick(['http-nio-8080-exec-3','main','scheduler-1','grpc-default-executor-7'])}] c.e.orders.OrderService - ${msg} trace_id=${id.toString(16).padStart(8,'0')}a1b2c3d4 duration_ms=${id % 900}`;
  } else if (r < 0.80) {
    line = `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2,' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${pick(HOSTS)} ${pick(PROCS)}: ${msg}; session opened for user deploy by (uid=${id % 2000}) from 10.0.${id % 255}.${id % 13} port ${id % 65535}`;
  } else {
    line = JSON.stringify({ ts: d.toISOString(), level: lv.toLowerCase(), logger: 'billing.worker', msg, req_id: id.toString(36), user_id: id % 5000, latency_ms: id % 1200, region: 'eu-west-1' });
  }
  buf.push(line);
  if (buf.length === 10000) { const b = Buffer.from(buf.join('\n') + '\n'); bytes += b.length; fs.writeSync(out, b); buf = []; }
}
if (buf.length) { const b = Buffer.from(buf.join('\n') + '\n'); bytes += b.length; fs.writeSync(out, b); }
fs.closeSync(out);
console.log(JSON.stringify({ lines: N, bytes, avg: +(bytes / N).toFixed(1), first: START, last: t }));
