#!/usr/bin/env bash
# graphite-backend.sh - a private, throwaway Graphite (carbon-cache + graphite-web) for the
# integration tests, from Debian 12 packages (graphite-carbon 1.1.7, graphite-web 1.1.8,
# gunicorn 20.1). Adapted from shared/notes/graphite-backend.md.
#
#   graphite-backend.sh start    write config, start both daemons, wait until they answer
#   graphite-backend.sh stop     stop the daemons this script started in $GRAPHITE_STATE_DIR
#   graphite-backend.sh status   say whether each daemon is running
#
# No systemd, no installing, no seeding (the test seeds what it asserts on). Every file
# (config, whisper data, events DB, logs, pid files) lives under $GRAPHITE_STATE_DIR, every
# port is bound to 127.0.0.1, and `stop` signals only pids from its own pid files whose
# command line names $GRAPHITE_STATE_DIR.
#
# Environment:
#   GRAPHITE_STATE_DIR   (required) an existing directory owned by the caller
#   GRAPHITE_WEB_PORT, CARBON_LINE_PORT, CARBON_PICKLE_PORT, CARBON_QUERY_PORT   (required)
#   GRAPHITE_READY_TIMEOUT  seconds to wait for both daemons to answer [30]
#   GRAPHITE_10S_PATTERN    a regex: metrics it matches keep 10 s points for a day (the graphs bench)
#
# Exit codes: 0 ok, 1 failure (reason on stderr), 2 usage, 3 a port is already taken,
# 4 packages missing.
set -euo pipefail

HOST=127.0.0.1
PACKAGES="graphite-web graphite-carbon gunicorn"
READY_TIMEOUT=${GRAPHITE_READY_TIMEOUT:-30}

log() { printf '[graphite-backend] %s\n' "$*" >&2; }
die() { log "ERROR: $1"; exit "${2:-1}"; }

[ -n "${GRAPHITE_STATE_DIR:-}" ] || die "GRAPHITE_STATE_DIR is not set" 2
[ -d "$GRAPHITE_STATE_DIR" ] || die "GRAPHITE_STATE_DIR $GRAPHITE_STATE_DIR is not a directory" 2
STATE_DIR=$(cd "$GRAPHITE_STATE_DIR" && pwd)   # absolute: it goes into config files
for var in GRAPHITE_WEB_PORT CARBON_LINE_PORT CARBON_PICKLE_PORT CARBON_QUERY_PORT; do
  [[ "${!var:-}" =~ ^[0-9]+$ ]] || die "$var must be a port number (got '${!var:-}')" 2
done
WEB_PORT=$GRAPHITE_WEB_PORT LINE_PORT=$CARBON_LINE_PORT
PICKLE_PORT=$CARBON_PICKLE_PORT QUERY_PORT=$CARBON_QUERY_PORT

CONF="$STATE_DIR/conf" DATA="$STATE_DIR/storage" WEBDIR="$STATE_DIR/webapp"
RUN="$STATE_DIR/run" LOG="$STATE_DIR/log"
CARBON_PID="$RUN/carbon-cache.pid" WEB_PID="$RUN/graphite-web.pid"

# ---------------------------------------------------------------- checks
check_packages() {
  local missing="" p
  for p in /usr/bin/carbon-cache:graphite-carbon /usr/bin/graphite-manage:graphite-web /usr/bin/gunicorn:gunicorn; do
    [ -x "${p%%:*}" ] || missing="$missing ${p##*:}"
  done
  [ -z "$missing" ] || die "missing Debian packages:$missing (install: apt-get install -y $PACKAGES)" 4
}

# true when something accepts connections on 127.0.0.1:$1
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# true when graphite-web answers GET /version with 200 (plain bash, so curl is not needed)
web_ok() {
  local status
  status=$(
    exec 2>/dev/null 3<>"/dev/tcp/$HOST/$WEB_PORT" || exit 1
    printf 'GET /version HTTP/1.0\r\nHost: %s\r\n\r\n' "$HOST" >&3
    IFS= read -r -t 2 line <&3 && printf '%s' "$line"
  ) || return 1
  [[ "$status" == "HTTP/"*" 200"* ]]
}

# ---------------------------------------------------------------- process helpers
pid_of() { cat "$1" 2>/dev/null || true; }

# Ours = alive, not a zombie (a zombie passes `kill -0` where PID 1 does not reap), and its
# command line names our state dir, so a recycled pid is never signalled.
is_ours() {
  local pid=${1:-} state cmd
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/stat" ] || return 1
  state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "${state%% *}" != Z ] || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == *"$STATE_DIR"* ]]
}

stop_one() {   # name pidfile
  local name=$1 pidfile=$2 pid
  pid=$(pid_of "$pidfile")
  if is_ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do is_ours "$pid" || break; sleep 0.1; done
    if is_ours "$pid"; then
      log "$name (pid $pid) ignored TERM for 10 s, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "$name stopped (pid $pid)"
  fi
  rm -f "$pidfile"
}

# ---------------------------------------------------------------- config
write_config() {
  mkdir -p "$CONF" "$DATA/whisper" "$WEBDIR" "$RUN" "$LOG/webapp"
  cat >"$CONF/carbon.conf" <<EOF
[cache]
STORAGE_DIR = $DATA
LOCAL_DATA_DIR = $DATA/whisper
WHITELISTS_DIR = $DATA/lists
LOG_DIR = $LOG
PID_DIR = $RUN
# empty: run as the caller (the package default _graphite makes carbon switch user)
USER =
DATABASE = whisper
ENABLE_LOGROTATION = False
MAX_CACHE_SIZE = inf
MAX_UPDATES_PER_SECOND = 500
MAX_CREATES_PER_MINUTE = inf
LINE_RECEIVER_INTERFACE = $HOST
LINE_RECEIVER_PORT = $LINE_PORT
ENABLE_UDP_LISTENER = False
UDP_RECEIVER_INTERFACE = $HOST
PICKLE_RECEIVER_INTERFACE = $HOST
PICKLE_RECEIVER_PORT = $PICKLE_PORT
CACHE_QUERY_INTERFACE = $HOST
CACHE_QUERY_PORT = $QUERY_PORT
CACHE_WRITE_STRATEGY = sorted
WHISPER_AUTOFLUSH = False
# default True: carbon would POST every new metric name to http://127.0.0.1:80/tags/tagMultiSeries
ENABLE_TAGS = False
# no carbon.agents.* self-metrics: the tests assert on the whole metric tree
CARBON_METRIC_INTERVAL = 0
EOF
  # Minute resolution for two days: a test's "last 24 h" is always one archive. The graphs bench
  # needs the finest real-world step (10 s) for a day, for its metrics only.
  : >"$CONF/storage-schemas.conf"
  if [ -n "${GRAPHITE_10S_PATTERN:-}" ]; then
    printf '[ten-seconds]\npattern = %s\nretentions = 10s:1d\n\n' "$GRAPHITE_10S_PATTERN" >>"$CONF/storage-schemas.conf"
  fi
  cat >>"$CONF/storage-schemas.conf" <<'EOF'
[default]
pattern = .*
retentions = 60s:2d
EOF
  cat >"$CONF/storage-aggregation.conf" <<'EOF'
[default]
pattern = .*
xFilesFactor = 0
aggregationMethod = average
EOF
  # Read by graphite.settings through GRAPHITE_SETTINGS_MODULE (see web_env).
  cat >"$WEBDIR/graphite_test_settings.py" <<EOF
SECRET_KEY = 'graphite-integration-test-only'
ALLOWED_HOSTS = ['127.0.0.1', 'localhost']
TIME_ZONE = 'UTC'
LOG_ROTATION = False
DEFAULT_XFILES_FACTOR = 0
DEFAULT_CACHE_DURATION = 0
GRAPHITE_ROOT = '/usr/share/graphite-web'
STATIC_ROOT = '/usr/share/graphite-web/static'
CONF_DIR = '$WEBDIR'
STORAGE_DIR = '$DATA'
WHISPER_DIR = '$DATA/whisper'
INDEX_FILE = '$DATA/search_index'
LOG_DIR = '$LOG/webapp'
CARBONLINK_HOSTS = ['$HOST:$QUERY_PORT']
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '$WEBDIR/graphite.db'}}
FUNCTION_PLUGINS = []
EOF
}

web_env() {
  # Without GRAPHITE_SETTINGS_MODULE graphite.wsgi falls back to a module Debian does not ship,
  # and graphite-manage to /etc/graphite (the system's paths).
  export PYTHONPATH="$WEBDIR" GRAPHITE_SETTINGS_MODULE=graphite_test_settings \
         DJANGO_SETTINGS_MODULE=graphite.settings PYTHONDONTWRITEBYTECODE=1
  unset PYTHONHOME
}

# ---------------------------------------------------------------- start
start() {
  local t0=$SECONDS p
  check_packages
  is_ours "$(pid_of "$CARBON_PID")" && die "carbon-cache already running for $STATE_DIR"
  is_ours "$(pid_of "$WEB_PID")" && die "graphite-web already running for $STATE_DIR"
  for p in "$LINE_PORT" "$PICKLE_PORT" "$QUERY_PORT" "$WEB_PORT"; do
    port_open "$p" && die "port $HOST:$p is already in use" 3
  done
  write_config
  web_env

  # The daemons get /dev/null as stdin and log files as stdout/stderr, so a caller that waits for
  # this script's output to close is not kept waiting by them.
  # Absolute paths: their shebang is /usr/bin/python3, a pyenv/venv python3 cannot import them.
  # No --pidfile: twistd writes its own run/carbon-cache-a.pid, and carbon refuses to start when
  # that file already holds a live pid, so our pid file must be a different one.
  /usr/bin/carbon-cache --config="$CONF/carbon.conf" --nodaemon start \
    </dev/null >>"$LOG/carbon-cache.log" 2>&1 &
  echo $! >"$CARBON_PID"

  # The events tables (sqlite), ~1 s; carbon starts meanwhile.
  /usr/bin/graphite-manage migrate --noinput -v 0 </dev/null >>"$LOG/migrate.log" 2>&1 \
    || { stop_one carbon-cache "$CARBON_PID"; tail -20 "$LOG/migrate.log" >&2; die "graphite-manage migrate failed"; }
  /usr/bin/gunicorn --bind "$HOST:$WEB_PORT" --workers 2 --timeout 30 --graceful-timeout 5 \
    --pid "$WEB_PID" --error-logfile "$LOG/webapp/gunicorn.log" graphite.wsgi:application \
    </dev/null >>"$LOG/webapp/gunicorn.out" 2>&1 &
  echo $! >"$WEB_PID"   # gunicorn's master; its --pid writes the same number

  # Ready = carbon takes lines and answers graphite-web's cache queries, and GET /version is 200.
  local deadline=$((SECONDS + READY_TIMEOUT))
  until port_open "$LINE_PORT" && port_open "$QUERY_PORT" && web_ok; do
    if ! is_ours "$(pid_of "$CARBON_PID")"; then
      tail -20 "$LOG/carbon-cache.log" >&2; stop_one graphite-web "$WEB_PID"; die "carbon-cache exited"
    fi
    if ! is_ours "$(pid_of "$WEB_PID")"; then
      tail -20 "$LOG/webapp/gunicorn.log" >&2; stop_one carbon-cache "$CARBON_PID"; die "graphite-web exited"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      stop_one graphite-web "$WEB_PID"; stop_one carbon-cache "$CARBON_PID"
      die "not ready after ${READY_TIMEOUT}s; logs in $LOG"
    fi
    sleep 0.1
  done
  log "ready in $((SECONDS - t0))s: graphite-web http://$HOST:$WEB_PORT, carbon $HOST:$LINE_PORT"
}

status() {
  local cp wp
  cp=$(pid_of "$CARBON_PID") wp=$(pid_of "$WEB_PID")
  if is_ours "$cp"; then echo "carbon-cache running (pid $cp)"; else echo "carbon-cache stopped"; fi
  if is_ours "$wp"; then echo "graphite-web running (pid $wp)"; else echo "graphite-web stopped"; fi
}

case "${1:-}" in
  start)  start ;;
  stop)   stop_one graphite-web "$WEB_PID"; stop_one carbon-cache "$CARBON_PID" ;;
  status) status ;;
  *) echo "usage: GRAPHITE_STATE_DIR=... GRAPHITE_WEB_PORT=... CARBON_{LINE,PICKLE,QUERY}_PORT=... $0 start|stop|status" >&2; exit 2 ;;
esac
