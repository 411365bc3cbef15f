#!/usr/bin/env bash
# nginx-backend.sh - a private, throwaway nginx (Debian 12 package, 1.22) that serves one
# directory of logs read-only with byte ranges, for the integration test of the HTTP log source
# (test/integration/http-logs.test.ts). The config is the one verified in
# shared/notes/browser-and-log-backends.md, section C.
#
#   nginx-backend.sh start    write the config, start nginx (daemon off), wait until it answers,
#                             print `ready <master pid>` (see NGINX_FOREGROUND)
#   nginx-backend.sh stop     stop the nginx this script started in $NGINX_STATE_DIR, and its workers
#   nginx-backend.sh status   say whether it is running (exit 0) or not (exit 3)
#
# Everything it writes (config, pid files, error and access logs, temp dirs) lives under
# $NGINX_STATE_DIR, started as `nginx -p $NGINX_STATE_DIR/ -c $NGINX_STATE_DIR/nginx.conf`, so
# Debian's own /etc/nginx, /run/nginx.pid and /var/log/nginx are never touched. It listens on
# 127.0.0.1 only. `stop` signals only the pid it recorded, and only while that process's command
# line still names this state dir's config; workers only while they are nginx children of it.
# A default nginx on port 80 (Debian's postinst starts one where systemd runs) is left alone.
#
# The logs are served at http://127.0.0.1:$NGINX_PORT/logs/<file>. GET (and so HEAD) only:
# anything else gets 403. Under /upstream-down/ nginx stands in front of a log server that is
# gone (a socket nobody listens on): every request there gets nginx's own 502 page. The access log ($NGINX_STATE_DIR/access.log) has one line a request:
#   <msec> <worker pid> "<method>" "<uri>" <status> <body bytes> "<Range>" "<Content-Range>"
#
# As root the worker runs as www-data, so the served directory must be readable and every
# directory above it searchable by www-data: this script makes the served directory and the
# state directory 0755/0711 and checks the rest (it never changes a directory above them).
# Files in it must be world-readable (0644): the caller writes them, so the caller sees to that.
#
# Environment:
#   NGINX_STATE_DIR   (required) an existing directory owned by the caller, e.g. from mkdtemp
#   NGINX_LOG_DIR     (start) the directory to serve
#   NGINX_PORT        (start) the port on 127.0.0.1
#   NGINX_BIN         the nginx binary [/usr/sbin/nginx]
#   NGINX_FOREGROUND  (start) 1: print `ready <pid>` once nginx answers, then stay until it exits
#                     (it is stopped with `stop` from elsewhere). The script stays nginx's parent,
#                     so nginx is reaped even where PID 1 reaps nothing, and it stops nginx itself
#                     when NGINX_OWNER_PID (default: its parent) is gone, so a test runner killed
#                     before its afterAll leaves nothing running.
#   NGINX_OWNER_PID   (start, with NGINX_FOREGROUND=1) the pid whose end stops nginx [parent]
#   NGINX_READY_TIMEOUT  seconds to wait for nginx to answer [10]
#
# Exit codes: 0 ok, 1 failure (reason on stderr), 2 usage, 3 the port is taken (start) or
# not running (status), 4 nginx is not installed.
set -euo pipefail

HOST=127.0.0.1
NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}
READY_TIMEOUT=${NGINX_READY_TIMEOUT:-10}

log() { printf '[nginx-backend] %s\n' "$*" >&2; }
die() { log "ERROR: $1"; exit "${2:-1}"; }

# Paths go into nginx.conf unquoted: allow only what cannot end or inject a directive.
safe_path() { [[ "$1" =~ ^/[A-Za-z0-9._/+-]*$ ]]; }

[ -n "${NGINX_STATE_DIR:-}" ] || die "NGINX_STATE_DIR is not set" 2
[ -d "$NGINX_STATE_DIR" ] || die "NGINX_STATE_DIR $NGINX_STATE_DIR is not a directory" 2
STATE_DIR=$(cd "$NGINX_STATE_DIR" && pwd -P)
safe_path "$STATE_DIR" || die "NGINX_STATE_DIR $STATE_DIR has characters that cannot go into nginx.conf" 2
CONF="$STATE_DIR/nginx.conf"
MASTER_PID="$STATE_DIR/master.pid"     # what we started ($!), written before nginx writes its own
NGINX_PID="$STATE_DIR/nginx.pid"       # nginx's pid directive: written once it listens
OUT="$STATE_DIR/nginx.out"             # nginx's stdout/stderr

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# "<state> <ppid>" of a pid, from /proc (procps may not be installed); fails when it is gone
proc_state() {
  local stat rest
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  rest=${stat##*) }            # the command name in parentheses may hold spaces
  set -- $rest
  echo "$1 $2"
}

alive() { local state; state=$(proc_state "$1") && [ "${state%% *}" != Z ]; }

# true while $1 is a live (not zombie) process whose command line names our config: the nginx
# master shows `nginx: master process /usr/sbin/nginx -p … -c <conf> …` in /proc/<pid>/cmdline
is_ours() {
  local pid=$1 state cmd
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  state=$(proc_state "$pid") || return 1
  [ "${state%% *}" != Z ] || return 1
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ "$cmd" == *"-c $CONF "* ]]
}

# true while $1 is a live nginx worker (a child of ours when $2 is given)
is_worker() {
  local pid=$1 state cmd
  state=$(proc_state "$pid") || return 1
  [ "${state%% *}" != Z ] || return 1
  [ -z "${2:-}" ] || [ "${state##* }" = "$2" ] || return 1
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ "$cmd" == "nginx: worker process"* || "$cmd" == "nginx: cache "* ]]
}

workers_of() {
  local dir pid
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    if is_worker "$pid" "$1"; then echo "$pid"; fi
  done
}

recorded_pid() { local pid=""; [ -r "$1" ] && read -r pid <"$1" || true; echo "$pid"; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# The master and its workers; TERM first (nginx's fast shutdown), KILL after 10 s.
stop_nginx() {
  local pid workers w deadline
  pid=$(recorded_pid "$MASTER_PID")
  if ! is_ours "$pid"; then
    rm -f "$MASTER_PID"
    return 1
  fi
  workers=$(workers_of "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(($(now_ms) + 10000))
  while is_ours "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
  # A master that exits on SIGTERM has ended its workers first; one killed outright has not,
  # and they would go on serving: end them too (they are orphans by now, hence no parent check).
  if is_ours "$pid"; then
    log "nginx $pid did not stop within 10 s of SIGTERM; sending SIGKILL to it and its workers $workers"
    kill -KILL "$pid" 2>/dev/null || true
    for w in $workers; do
      if is_worker "$w"; then kill -KILL "$w" 2>/dev/null || true; fi
    done
    deadline=$(($(now_ms) + 5000))
    for w in $pid $workers; do
      while { is_ours "$w" || is_worker "$w"; } && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
      if is_ours "$w" || is_worker "$w"; then die "nginx process $w is still running after SIGKILL"; fi
    done
  fi
  rm -f "$MASTER_PID"
  return 0
}

write_conf() {
  local user_line=$1
  cat >"$CONF" <<EOF
# Written by nginx-backend.sh. Started as:
#   $NGINX_BIN -p $STATE_DIR/ -c $CONF -e $STATE_DIR/error.log
daemon off;
master_process on;
$user_line
worker_processes 1;
pid $NGINX_PID;
error_log $STATE_DIR/error.log notice;
events { worker_connections 256; }
http {
  log_format ops '\$msec \$pid "\$request_method" "\$request_uri" \$status \$body_bytes_sent "\$http_range" "\$sent_http_content_range"';
  access_log $STATE_DIR/access.log ops;
  # Otherwise Debian's compiled-in /var/lib/nginx/... would be used.
  client_body_temp_path $STATE_DIR/tmp/body;
  proxy_temp_path $STATE_DIR/tmp/proxy;
  fastcgi_temp_path $STATE_DIR/tmp/fastcgi;
  uwsgi_temp_path $STATE_DIR/tmp/uwsgi;
  scgi_temp_path $STATE_DIR/tmp/scgi;
  sendfile on;
  gzip off;                 # compression would break byte offsets and Range
  open_file_cache off;      # a cached fstat would report a stale size for a growing log
  types { text/plain log 1 2; }
  default_type text/plain;
  charset utf-8;
  server_tokens off;
  server {
    listen $HOST:$NGINX_PORT;
    server_name localhost;
    location /logs/ {
      alias $LOG_DIR/;
      autoindex on;
      autoindex_format json;
      limit_except GET { deny all; }   # GET implies HEAD; PUT, DELETE, POST get 403
      add_header Cache-Control "no-cache" always;
    }
    # A log host whose upstream is gone, as nginx in front of one answers: 502 with its HTML page.
    location /upstream-down/ { proxy_pass http://unix:$STATE_DIR/no-upstream.sock:/; }
    location / { return 404; }
  }
}
EOF
}

# As root the worker is www-data: it must be able to reach and list the served directory.
check_readable_by() {
  local user=$1 dir=$2 d
  runuser -u "$user" -- test -r "$dir" -a -x "$dir" && return 0
  d=$dir
  while [ "$d" != / ]; do
    d=$(dirname "$d")
    runuser -u "$user" -- test -x "$d" ||
      die "$user cannot enter $d, above the served $dir; make it searchable (chmod o+x $d) or serve a directory elsewhere"
  done
  die "$user cannot read $dir"
}

cmd_start() {
  [ -x "$NGINX_BIN" ] || die "nginx is not installed ($NGINX_BIN is missing): apt-get install -y nginx" 4
  [[ "${NGINX_PORT:-}" =~ ^[0-9]+$ ]] && [ "$NGINX_PORT" -ge 1 ] && [ "$NGINX_PORT" -le 65535 ] ||
    die "NGINX_PORT must be a port number (got '${NGINX_PORT:-}')" 2
  [ -n "${NGINX_LOG_DIR:-}" ] && [ -d "$NGINX_LOG_DIR" ] || die "NGINX_LOG_DIR must be an existing directory (got '${NGINX_LOG_DIR:-}')" 2
  LOG_DIR=$(cd "$NGINX_LOG_DIR" && pwd -P)
  safe_path "$LOG_DIR" || die "NGINX_LOG_DIR $LOG_DIR has characters that cannot go into nginx.conf" 2
  local old
  old=$(recorded_pid "$MASTER_PID")
  if is_ours "$old"; then die "already running (pid $old); stop it first"; fi
  if port_open "$NGINX_PORT"; then die "something already listens on $HOST:$NGINX_PORT" 3; fi

  local user_line="# not root: the worker runs as $(id -un)"
  mkdir -p "$STATE_DIR/tmp"
  if [ "$(id -u)" -eq 0 ]; then
    id www-data >/dev/null 2>&1 || die "there is no www-data user for the nginx worker"
    user_line="user www-data;"
    chmod 0711 "$STATE_DIR" "$STATE_DIR/tmp"   # the worker reaches its temp dirs, lists nothing
    chmod 0755 "$LOG_DIR"
    check_readable_by www-data "$LOG_DIR"
  fi
  write_conf "$user_line"
  rm -f "$NGINX_PID" "$MASTER_PID"

  local test_out
  if ! test_out=$("$NGINX_BIN" -t -q -p "$STATE_DIR/" -c "$CONF" -e "$STATE_DIR/error.log" 2>&1); then
    die "nginx -t rejected $CONF: $test_out"
  fi

  : >"$OUT"
  "$NGINX_BIN" -p "$STATE_DIR/" -c "$CONF" -e "$STATE_DIR/error.log" </dev/null >>"$OUT" 2>&1 &
  local pid=$!
  echo "$pid" >"$MASTER_PID"

  # Ready once nginx has written its pid file (it does so after binding) and accepts a connection.
  local deadline=$(($(now_ms) + READY_TIMEOUT * 1000))
  while :; do
    if ! alive "$pid"; then
      wait "$pid" 2>/dev/null || true
      rm -f "$MASTER_PID"
      local why
      why=$(tail -n 5 "$STATE_DIR/error.log" "$OUT" 2>/dev/null | grep -v '^==>' | grep -v '^$' || true)
      if grep -q 'Address already in use' "$OUT" 2>/dev/null; then   # this start's own output
        die "port $NGINX_PORT is taken: $why" 3
      fi
      die "nginx exited at start: $why"
    fi
    if [ "$(recorded_pid "$NGINX_PID")" = "$pid" ] && port_open "$NGINX_PORT"; then break; fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      stop_nginx || true
      die "nginx did not answer on $HOST:$NGINX_PORT within $READY_TIMEOUT s"
    fi
    sleep 0.02
  done
  log "nginx pid $pid serves $LOG_DIR at http://$HOST:$NGINX_PORT/logs/ (state in $STATE_DIR)"
  echo "ready $pid"
  [ "${NGINX_FOREGROUND:-}" = 1 ] && stay "$pid"
  return 0
}

# Foreground mode: remain nginx's parent until it exits, so it is reaped here (a container's
# PID 1 may never reap an orphan), and stop it if the owner (the test runner) goes away first.
stay() {
  local pid=$1 owner=${NGINX_OWNER_PID:-$PPID} sleeper
  while alive "$pid"; do
    if ! kill -0 "$owner" 2>/dev/null; then
      exec >>"$OUT" 2>&1   # the owner's pipes are gone: a write there would end this script
      log "owner $owner is gone: stopping nginx $pid"
      stop_nginx || true
      break
    fi
    sleep 0.5 &
    sleeper=$!
    wait -n "$pid" "$sleeper" 2>/dev/null || true
    kill "$sleeper" 2>/dev/null || true
    wait "$sleeper" 2>/dev/null || true
  done
  wait "$pid" 2>/dev/null || true
  log "nginx pid $pid has exited"
}

cmd_stop() {
  local pid
  pid=$(recorded_pid "$MASTER_PID")
  if stop_nginx; then log "stopped nginx pid $pid"; else log "not running (nothing to stop)"; fi
}

cmd_status() {
  local pid
  pid=$(recorded_pid "$MASTER_PID")
  if is_ours "$pid"; then
    echo "running: pid $pid, workers $(workers_of "$pid" | tr '\n' ' ')"
  else
    echo "not running"
    exit 3
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) die "usage: NGINX_STATE_DIR=… [NGINX_LOG_DIR=… NGINX_PORT=…] $0 start|stop|status" 2 ;;
esac
