#!/usr/bin/env bash
# sshd-backend.sh - a private, throwaway OpenSSH server (Debian 12's openssh-server, 9.2) for the
# integration test and bench of the SSH log source (test/integration/ssh-logs.test.ts,
# test/bench/ssh-bench.mjs). It is a log host as docs/log-hosts.md tells operators to set one
# up: one key, restricted to the forced-command wrapper ops/logtail-wrapper.
#
#   sshd-backend.sh start    write the config, start `sshd -D` on 127.0.0.1, print `ready <pid>`
#   sshd-backend.sh drop     end every open SSH session of this sshd (its per-connection
#                            processes and what they run), as a network drop would; sshd stays
#   sshd-backend.sh stop     stop this sshd and everything under it
#   sshd-backend.sh status   running (exit 0) or not (exit 3)
#
# It logs in the current user (root is allowed only for forced commands), with the key in
# $SSHD_CLIENT_PUBKEY, through $SSHD_STATE_DIR/authorized_keys:
#   restrict,command="<repo>/ops/logtail-wrapper $SSHD_LOG_DIR" <key>
# Everything it writes lives in $SSHD_STATE_DIR; /etc/ssh is never read or touched. As root it
# needs the privilege separation directory /run/sshd and creates it (0755) if missing.
#
# Environment:
#   SSHD_STATE_DIR      (required) an existing directory owned by the caller
#   SSHD_PORT           (start) the port on 127.0.0.1
#   SSHD_LOG_DIR        (start) the wrapper's log directory
#   SSHD_CLIENT_PUBKEY  (start) the client's public key file (one key a line)
#   SSHD_JOURNAL_DIR    (start) journal files the wrapper's journalctl reads (--journal-directory)
#                       instead of the machine's own journal
#   SSHD_JUMP_TO        (start) a port: be a jump host instead, whose keys may only forward to
#                       127.0.0.1:<port> (restrict,port-forwarding,permitopen=…,command="/bin/false")
#   SSHD_HOST_KEY       (start) the host's private key [$SSHD_STATE_DIR/host_ed25519_key, made if absent]
#   SSHD_BIN            [/usr/sbin/sshd]
#   SSHD_FOREGROUND     (start) 1: stay as sshd's parent until it exits, and stop it when
#                       SSHD_OWNER_PID (default: our parent) is gone
# Exit codes: 0 ok, 1 failure, 2 usage, 3 port taken (start) or not running (status), 4 not installed.
set -euo pipefail

HOST=127.0.0.1
SSHD_BIN=${SSHD_BIN:-/usr/sbin/sshd}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
WRAPPER="$HERE/../../../ops/logtail-wrapper"

log() { printf '[sshd-backend] %s\n' "$*" >&2; }
die() { log "ERROR: $1"; exit "${2:-1}"; }
safe_path() { [[ "$1" =~ ^/[A-Za-z0-9._/+-]*$ ]]; }

[ -n "${SSHD_STATE_DIR:-}" ] && [ -d "$SSHD_STATE_DIR" ] || die "SSHD_STATE_DIR must be an existing directory" 2
STATE_DIR=$(cd "$SSHD_STATE_DIR" && pwd -P)
safe_path "$STATE_DIR" || die "SSHD_STATE_DIR $STATE_DIR has characters that cannot go into sshd_config" 2
CONF="$STATE_DIR/sshd_config"
PID_FILE="$STATE_DIR/sshd.pid"
OUT="$STATE_DIR/sshd.log"

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }
ppid_of() { local stat; read -r stat 2>/dev/null <"/proc/$1/stat" || return 1; set -- ${stat##*) }; [ "$1" != Z ] && echo "$2"; }
alive() { ppid_of "$1" >/dev/null; }
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
recorded_pid() { local pid=""; [ -r "$PID_FILE" ] && read -r pid <"$PID_FILE" || true; echo "$pid"; }

# true while $1 is the sshd started with our config
is_ours() {
  local cmd
  [[ "$1" =~ ^[0-9]+$ ]] && alive "$1" || return 1
  cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline") || return 1
  [[ "$cmd" == *"-f $CONF "* ]]
}

# every process below $1, parents before their children (one pass over /proc, then a walk)
descendants() {
  local dir pid parent stat rest queue=("$1")
  declare -A children=()
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    read -r stat 2>/dev/null <"$dir/stat" || continue
    rest=${stat##*) }
    set -- $rest
    children[$2]+=" $pid"
  done
  while [ ${#queue[@]} -gt 0 ]; do
    parent=${queue[0]}
    queue=("${queue[@]:1}")
    for pid in ${children[$parent]:-}; do
      echo "$pid"
      queue+=("$pid")
    done
  done
}

kill_all() { local pid; for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done; }

cmd_drop() {
  local master
  master=$(recorded_pid)
  is_ours "$master" || die "not running" 3
  kill_all $(descendants "$master")
  echo dropped
}

stop_sshd() {
  local master below deadline
  master=$(recorded_pid)
  is_ours "$master" || { rm -f "$PID_FILE"; return 1; }
  below=$(descendants "$master")
  kill -TERM "$master" 2>/dev/null || true
  kill_all $below
  deadline=$(($(now_ms) + 5000))
  while is_ours "$master" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
  is_ours "$master" && kill -KILL "$master" 2>/dev/null
  rm -f "$PID_FILE"
}

write_conf() {
  local user=$1 forwarding=$2 root_line="PermitRootLogin no"
  [ "$user" = root ] && root_line="PermitRootLogin forced-commands-only"
  cat >"$CONF" <<CONF
# Written by sshd-backend.sh: $SSHD_BIN -D -e -f $CONF
ListenAddress $HOST:$SSHD_PORT
HostKey $HOST_KEY
PidFile none
AuthorizedKeysFile $STATE_DIR/authorized_keys
# the state dir may sit in /tmp (world-writable), which StrictModes would refuse
StrictModes no
# Debian's bash reads ~/.bashrc for a command run by sshd when SHLVL < 2: the test user's rc
# (pyenv, cargo, ...) would run before every wrapper, slow it, and leave locks behind when a
# session is killed mid-way. A real log host gives the login user /bin/sh (docs/log-hosts.md).
SetEnv SHLVL=1
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
$root_line
AllowUsers $user
UsePAM no
PermitTTY no
AllowTcpForwarding $forwarding
AllowAgentForwarding no
X11Forwarding no
PermitTunnel no
PermitUserRC no
Subsystem sftp /bin/false
LogLevel VERBOSE
MaxStartups 50:30:100
CONF
}

cmd_start() {
  [ -x "$SSHD_BIN" ] || die "openssh-server is not installed ($SSHD_BIN is missing): apt-get install -y openssh-server" 4
  [[ "${SSHD_PORT:-}" =~ ^[0-9]+$ ]] || die "SSHD_PORT must be a port number" 2
  [ -d "${SSHD_LOG_DIR:-}" ] || die "SSHD_LOG_DIR must be an existing directory" 2
  [ -r "${SSHD_CLIENT_PUBKEY:-}" ] || die "SSHD_CLIENT_PUBKEY must be a readable public key file" 2
  LOG_DIR=$(cd "$SSHD_LOG_DIR" && pwd -P)
  safe_path "$LOG_DIR" || die "SSHD_LOG_DIR $LOG_DIR has characters that cannot go into authorized_keys" 2
  is_ours "$(recorded_pid)" && die "already running (pid $(recorded_pid)); stop it first"
  port_open "$SSHD_PORT" && die "something already listens on $HOST:$SSHD_PORT" 3
  HOST_KEY=${SSHD_HOST_KEY:-$STATE_DIR/host_ed25519_key}
  [ -r "$HOST_KEY" ] || ssh-keygen -q -t ed25519 -N '' -C sshd-backend -f "$HOST_KEY"
  chmod 600 "$HOST_KEY"
  local user wrapper
  user=$(id -un)
  wrapper=$(cd "$(dirname "$WRAPPER")" && pwd -P)/logtail-wrapper
  local journal=""
  if [ -n "${SSHD_JOURNAL_DIR:-}" ]; then
    safe_path "$SSHD_JOURNAL_DIR" || die "SSHD_JOURNAL_DIR $SSHD_JOURNAL_DIR has characters that cannot go into authorized_keys" 2
    journal=" --journal-directory=$SSHD_JOURNAL_DIR"
  fi
  local key options="restrict,command=\"$wrapper $LOG_DIR$journal\"" forwarding=no
  if [ -n "${SSHD_JUMP_TO:-}" ]; then
    [[ "$SSHD_JUMP_TO" =~ ^[0-9]+$ ]] || die "SSHD_JUMP_TO must be a port number" 2
    options="restrict,port-forwarding,permitopen=\"$HOST:$SSHD_JUMP_TO\",command=\"/bin/false\""
    forwarding=local
  fi
  : >"$STATE_DIR/authorized_keys"
  while read -r key; do
    [ -n "$key" ] && printf '%s %s\n' "$options" "$key" >>"$STATE_DIR/authorized_keys"
  done <"$SSHD_CLIENT_PUBKEY"
  chmod 600 "$STATE_DIR/authorized_keys"
  [ "$(id -u)" -ne 0 ] || [ -d /run/sshd ] || install -d -m 0755 /run/sshd
  write_conf "$user" "$forwarding"
  "$SSHD_BIN" -t -f "$CONF" || die "sshd -t rejected $CONF"

  : >"$OUT"
  "$SSHD_BIN" -D -e -f "$CONF" </dev/null >>"$OUT" 2>&1 &
  local pid=$! deadline=$(($(now_ms) + 10000))
  echo "$pid" >"$PID_FILE"
  until port_open "$SSHD_PORT"; do
    if ! alive "$pid"; then
      rm -f "$PID_FILE"
      grep -q 'Address already in use' "$OUT" && die "port $SSHD_PORT is taken" 3
      die "sshd exited at start: $(tail -n 5 "$OUT")"
    fi
    [ "$(now_ms)" -lt "$deadline" ] || { stop_sshd || true; die "sshd did not listen within 10 s"; }
    sleep 0.02
  done
  log "sshd pid $pid on $HOST:$SSHD_PORT for $user, logs in $LOG_DIR (state in $STATE_DIR)"
  echo "ready $pid"
  [ "${SSHD_FOREGROUND:-}" = 1 ] && stay "$pid"
  return 0
}

# Foreground: remain sshd's parent (it is reaped here) and stop it if the owner goes away.
stay() {
  local pid=$1 owner=${SSHD_OWNER_PID:-$PPID}
  while alive "$pid"; do
    if ! kill -0 "$owner" 2>/dev/null; then
      exec >>"$OUT" 2>&1
      log "owner $owner is gone: stopping sshd $pid"
      stop_sshd || true
      break
    fi
    sleep 0.5
  done
  wait "$pid" 2>/dev/null || true
}

case "${1:-}" in
  start) cmd_start ;;
  drop) cmd_drop ;;
  stop) if stop_sshd; then log "stopped"; else log "not running"; fi ;;
  status) if is_ours "$(recorded_pid)"; then echo "running: pid $(recorded_pid)"; else echo "not running"; exit 3; fi ;;
  *) die "usage: SSHD_STATE_DIR=… [SSHD_PORT=… SSHD_LOG_DIR=… SSHD_CLIENT_PUBKEY=…] $0 start|drop|stop|status" 2 ;;
esac
