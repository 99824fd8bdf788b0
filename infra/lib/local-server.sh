# shellcheck shell=bash
# The life cycle of a local development server run from a jar (start in the background and wait
# until it is ready, stop, status, logs, reset), shared by the scripts in infra/. Sourcing it only
# defines functions; before calling them the script calls `use_server_files` (which sets TARGET_DIR,
# RUN_DIR, DATA_DIR, LOG_FILE and PID_FILE) and sets:
#
#   SERVER_SCRIPT   name in messages and of the lock file, e.g. s3mock.sh
#   SERVER_LABEL    what runs, in the status line, e.g. "S3Mock 5.2.0"
#   SERVER_NOUN     what runs, in the other messages, e.g. "S3Mock server"
#   SERVER_PORT_SETTINGS   the variables that choose the ports, named when a port is taken
#   HOST, PORT      where clients connect (checked with a TCP connect)
#   READY_MARKER    the log line that says the server is ready
#   START_TIMEOUT, STOP_TIMEOUT   seconds
#   JAVA            the java to run (see java_executable)
#
# and defines `is_our_server PID` (true when the process is this checkout's server). The script's
# start function, once running_pid has found no server, calls `begin_server_start PORT...`, prepares
# what the server needs and calls `launch_server COMMAND...`. It may define `on_server_ready`, run
# once the server is ready and before that is reported. The script ends with
# `dispatch_server_command START_FUNCTION "$@"`.

log() { printf '[%s] %s\n' "$SERVER_SCRIPT" "$*"; }
die() {
  printf '[%s] ERROR: %s\n' "$SERVER_SCRIPT" "$*" >&2
  exit 1
}

# The java to run: $JAVA, else $JAVA_HOME/bin/java, else java on PATH.
java_executable() {
  if [[ -n "${JAVA:-}" ]]; then
    echo "$JAVA"
  elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    echo java
  fi
}

# require_numbers NAME...: dies unless each named variable holds a whole number.
require_numbers() {
  local v
  for v in "$@"; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
  done
}

# use_server_files DIR NAME PORT DEFAULT_PORT: TARGET_DIR=DIR/target (downloads, the lock file);
# RUN_DIR=DIR/.run for the default port, else DIR/.run-PORT, so that servers on different ports
# never share their state; in it DATA_DIR=data, LOG_FILE=NAME.log and PID_FILE=NAME.pid.
use_server_files() {
  TARGET_DIR="$1/target"
  if [[ "$3" == "$4" ]]; then RUN_DIR="$1/.run"; else RUN_DIR="$1/.run-$3"; fi
  DATA_DIR="$RUN_DIR/data"
  LOG_FILE="$RUN_DIR/$2.log"
  PID_FILE="$RUN_DIR/$2.pid"
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Pid of our server if it runs (from the pid file, or found among all processes by is_our_server).
running_pid() {
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && is_our_server "$pid"; then
      echo "$pid"
      return 0
    fi
  fi
  local dir
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    if is_our_server "$pid"; then
      mkdir -p "$RUN_DIR"
      echo "$pid" >"$PID_FILE"
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# The command line of a process as one string (arguments separated by spaces), or failure.
command_line_of() { tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline"; }

# begin_server_start PORT...: dies when a PORT is taken or java is missing; the time the server
# takes to get ready is counted from here.
begin_server_start() {
  local p
  for p in "$@"; do
    if port_open "$p"; then
      die "port $HOST:$p is already in use by another process (not this checkout's $SERVER_NOUN); set $SERVER_PORT_SETTINGS or stop it"
    fi
  done
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (set JAVA or JAVA_HOME; Java 17+ is needed)"
  SERVER_START_SECONDS=$SECONDS
}

# launch_server COMMAND...: starts COMMAND detached (its output to LOG_FILE, the previous log kept
# as LOG_FILE.1) and waits until READY_MARKER is logged and PORT accepts connections; a server that
# exits or does not get ready is reported and stopped.
launch_server() {
  local started=${SERVER_START_SECONDS:-$SECONDS}
  mkdir -p "$RUN_DIR"
  if [[ -s "$LOG_FILE" ]]; then
    mv "$LOG_FILE" "$LOG_FILE.1"
  fi
  : >"$LOG_FILE"
  rm -f "$PID_FILE"
  # setsid + nohup: the server leaves the caller's session and survives its terminal closing. The
  # inner shell writes its own pid and then becomes the server through exec, so the pid is the
  # server's. The lock (fd 9) is not inherited.
  # shellcheck disable=SC2016 # $$ expands in the inner shell
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" "$@" >>"$LOG_FILE" 2>&1 </dev/null 9>&- &

  local deadline=$((SECONDS + START_TIMEOUT)) pid=""
  while ((SECONDS < deadline)); do
    [[ -z "$pid" && -s "$PID_FILE" ]] && pid="$(cat "$PID_FILE")"
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "last lines of $LOG_FILE:" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "the $SERVER_NOUN exited during startup (see above, full log: $LOG_FILE)"
    fi
    if [[ -n "$pid" ]] && grep -q "$READY_MARKER" "$LOG_FILE" && port_open "$PORT"; then
      if declare -F on_server_ready >/dev/null; then
        on_server_ready
      fi
      log "$SERVER_NOUN ready (pid $pid) after $((SECONDS - started))s"
      return 0
    fi
    sleep 0.5
  done
  log "last lines of $LOG_FILE:" >&2
  tail -n 40 "$LOG_FILE" >&2 || true
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    log "stopping the $SERVER_NOUN that did not get ready (pid $pid)" >&2
    stop_pid "$pid" >&2
  fi
  die "the $SERVER_NOUN did not accept clients on $HOST:$PORT within ${START_TIMEOUT}s (full log: $LOG_FILE)"
}

stop_pid() {
  local pid="$1" deadline
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$SERVER_NOUN did not stop within ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
}

cmd_stop() {
  local pid started=$SECONDS
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "$SERVER_NOUN is not running; nothing to do"
    return 0
  fi
  log "stopping $SERVER_NOUN (pid $pid) with SIGTERM ..."
  stop_pid "$pid"
  log "$SERVER_NOUN stopped after $((SECONDS - started))s"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if port_open "$PORT"; then
      log "running: pid $pid, $SERVER_LABEL, clients on $HOST:$PORT, log $LOG_FILE"
    else
      log "starting or unhealthy: pid $pid is alive but $HOST:$PORT does not accept connections (log $LOG_FILE)"
    fi
    return 0
  fi
  log "not running (port $PORT)"
  return 3
}

cmd_logs() {
  local follow=0 lines=100 arg
  for arg in "$@"; do
    case "$arg" in
      -f | --follow) follow=1 ;;
      *[!0-9]* | '') die "usage: $SERVER_SCRIPT logs [-f] [LINES]" ;;
      *) lines="$arg" ;;
    esac
  done
  [[ -f "$LOG_FILE" ]] || die "no log yet at $LOG_FILE (start the $SERVER_NOUN first)"
  if ((follow)); then
    exec tail -n "$lines" -F "$LOG_FILE"
  fi
  tail -n "$lines" "$LOG_FILE"
}

cmd_reset() {
  cmd_stop
  log "deleting $SERVER_NOUN data in $RUN_DIR"
  rm -rf "$RUN_DIR"
}

# start, stop and reset run one at a time (two test runs starting the server at once would otherwise
# race for the pid file).
with_lock() {
  mkdir -p "$TARGET_DIR"
  exec 9>"$TARGET_DIR/$SERVER_SCRIPT.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 300 9 || die "another $SERVER_SCRIPT start/stop has held $TARGET_DIR/$SERVER_SCRIPT.lock for 5 minutes"
  fi
  "$@"
}

# dispatch_server_command START_FUNCTION ARGS...: runs start|stop|status|logs|reset.
dispatch_server_command() {
  local start="$1"
  shift
  case "${1:-}" in
    start) with_lock "$start" ;;
    stop) with_lock cmd_stop ;;
    status) cmd_status ;;
    logs)
      shift
      cmd_logs "$@"
      ;;
    reset) with_lock cmd_reset ;;
    *)
      echo "usage: $0 {start|stop|status|logs [-f] [LINES]|reset}" >&2
      exit 2
      ;;
  esac
}
