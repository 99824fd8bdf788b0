#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft, combined broker + controller) for development and
# tests, run straight from the official jars on Maven Central (no Docker, no tarball download).
#
#   bash infra/kafka/kafka.sh start     format the log directory once, start the broker, wait until ready
#   bash infra/kafka/kafka.sh stop      SIGTERM, wait, SIGKILL after a timeout
#   bash infra/kafka/kafka.sh status    exit 0 when running, 3 when not
#   bash infra/kafka/kafka.sh logs [-f] [N]   last N (default 100) lines of the broker log, -f to follow
#   bash infra/kafka/kafka.sh reset     stop and delete all broker data (topics, offsets)
#
# Environment (all optional):
#   KAFKA_PORT               client listener port on 127.0.0.1 (default 9092)
#   KAFKA_CONTROLLER_PORT    KRaft controller port on 127.0.0.1 (default KAFKA_PORT + 1)
#   KAFKA_HEAP_OPTS          JVM heap (default "-Xms256m -Xmx512m")
#   KAFKA_START_TIMEOUT      seconds to wait for the broker to accept clients (default 90)
#   KAFKA_STOP_TIMEOUT       seconds to wait after SIGTERM before SIGKILL (default 30)
#   JAVA                     java executable (default: $JAVA_HOME/bin/java, else java on PATH)
#   MVN                      maven executable (default mvn); only used while target/classpath.txt is missing
#
# Files: target/classpath.txt (cached Maven classpath), .run/ (server.properties, data/, kafka.log,
# kafka.pid, cluster-id; .run-<port>/ for a KAFKA_PORT other than 9092). All are gitignored.
set -euo pipefail

KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
TARGET_DIR="$KAFKA_DIR/target"
PORT="${KAFKA_PORT:-9092}"
# One state directory per client port, so that brokers on different ports never share a log dir.
if [[ "$PORT" == 9092 ]]; then RUN_DIR="$KAFKA_DIR/.run"; else RUN_DIR="$KAFKA_DIR/.run-$PORT"; fi
DATA_DIR="$RUN_DIR/data"
CLASSPATH_FILE="$TARGET_DIR/classpath.txt"
POM_HASH_FILE="$TARGET_DIR/classpath.pom.sha256"
PROPS_FILE="$RUN_DIR/server.properties"
LOG_FILE="$RUN_DIR/kafka.log"
PID_FILE="$RUN_DIR/kafka.pid"
CLUSTER_ID_FILE="$RUN_DIR/cluster-id"

HOST=127.0.0.1
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
MVN="${MVN:-mvn}"
if [[ -n "${JAVA:-}" ]]; then
  :
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi
# The line KafkaRaftServer logs once the broker has caught up with the metadata log, been unfenced
# and opened its listeners to clients.
READY_MARKER='Kafka Server started'

log() { printf '[kafka.sh] %s\n' "$*"; }
die() {
  printf '[kafka.sh] ERROR: %s\n' "$*" >&2
  exit 1
}

for v in PORT CONTROLLER_PORT START_TIMEOUT STOP_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done

pom_hash() { sha256sum "$KAFKA_DIR/pom.xml" | cut -d' ' -f1; }

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_DIR/pom.xml"; }

# True when the cached classpath exists, was made from the current pom.xml and every jar is present.
classpath_is_cached() {
  [[ -s "$CLASSPATH_FILE" && -f "$POM_HASH_FILE" ]] || return 1
  [[ "$(cat "$POM_HASH_FILE")" == "$(pom_hash)" ]] || return 1
  local jar jars
  IFS=':' read -r -a jars <"$CLASSPATH_FILE"
  for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || return 1
  done
}

# Resolves the broker jars with Maven once; later starts use target/classpath.txt without Maven.
ensure_classpath() {
  if classpath_is_cached; then
    return 0
  fi
  command -v "$MVN" >/dev/null 2>&1 || die "target/classpath.txt is missing or stale and '$MVN' is not on PATH"
  mkdir -p "$TARGET_DIR"
  log "resolving Apache Kafka $(kafka_version) jars with Maven (first run only) ..."
  local started=$SECONDS
  if ! "$MVN" -q -B -Dstyle.color=never -f "$KAFKA_DIR/pom.xml" dependency:build-classpath \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$CLASSPATH_FILE.tmp" >"$TARGET_DIR/maven.log" 2>&1; then
    tail -n 40 "$TARGET_DIR/maven.log" >&2 || true
    die "Maven could not resolve the Kafka jars (full output: $TARGET_DIR/maven.log)"
  fi
  mv "$CLASSPATH_FILE.tmp" "$CLASSPATH_FILE"
  pom_hash >"$POM_HASH_FILE"
  log "classpath cached in $CLASSPATH_FILE ($((SECONDS - started))s)"
}

# Pid of our broker if it is running (from the pid file, or found by its properties file path).
running_pid() {
  local pid=""
  if [[ -f "$PID_FILE" ]]; then
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && is_our_broker "$pid"; then
      echo "$pid"
      return 0
    fi
  fi
  # Pid file lost or stale: look for a java process started with this checkout's server.properties.
  local dir
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    if is_our_broker "$pid"; then
      echo "$pid" >"$PID_FILE"
      echo "$pid"
      return 0
    fi
  done
  return 1
}

is_our_broker() {
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"kafka.Kafka $PROPS_FILE"* ]]
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

write_server_properties() {
  mkdir -p "$RUN_DIR"
  cat >"$PROPS_FILE" <<EOF
# Generated by infra/kafka/kafka.sh on every start: edit the script, not this file.
# Single node: combined KRaft broker and controller, static controller quorum of one voter.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR

# One replica of everything, and no in-sync replica requirement beyond the one there is.
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
num.partitions=1

# Services create their own topics with explicit partition counts.
auto.create.topics.enable=false
# Event topics are kept forever by default (a topic may still set its own retention).
log.retention.ms=-1
log.retention.bytes=-1
# Consumer groups form at once instead of waiting 3 s for more members.
group.initial.rebalance.delay.ms=0

# A 2-core development machine.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
}

FRESHLY_FORMATTED=0

format_storage_once() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    return 0
  fi
  FRESHLY_FORMATTED=1
  local cp cluster_id
  cp="$(cat "$CLASSPATH_FILE")"
  if [[ ! -s "$CLUSTER_ID_FILE" ]]; then
    "$JAVA" -cp "$cp" kafka.tools.StorageTool random-uuid >"$CLUSTER_ID_FILE.tmp" 2>"$RUN_DIR/format.log" ||
      die "could not generate a cluster id: $(cat "$RUN_DIR/format.log")"
    mv "$CLUSTER_ID_FILE.tmp" "$CLUSTER_ID_FILE"
  fi
  cluster_id="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  log "formatting KRaft log directory $DATA_DIR (cluster id $cluster_id) ..."
  if ! "$JAVA" -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$cp" kafka.tools.StorageTool \
    format --cluster-id "$cluster_id" --config "$PROPS_FILE" >>"$RUN_DIR/format.log" 2>&1; then
    cat "$RUN_DIR/format.log" >&2
    die "formatting the KRaft log directory failed"
  fi
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    log "broker already running (pid $pid) on $HOST:$PORT; nothing to do"
    log "export KAFKA_BROKERS=$HOST:$PORT"
    return 0
  fi
  local p
  for p in "$PORT" "$CONTROLLER_PORT"; do
    if port_open "$p"; then
      die "port $HOST:$p is already in use by another process (not this checkout's broker); set KAFKA_PORT / KAFKA_CONTROLLER_PORT or stop it"
    fi
  done
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (set JAVA or JAVA_HOME; Java 17+ is needed)"

  local started=$SECONDS
  ensure_classpath
  write_server_properties
  format_storage_once

  if [[ -s "$LOG_FILE" ]]; then
    mv "$LOG_FILE" "$LOG_FILE.1"
  fi
  : >"$LOG_FILE"
  log "starting Apache Kafka $(kafka_version) broker+controller on $HOST:$PORT (controller $HOST:$CONTROLLER_PORT), log: $LOG_FILE"

  local cp
  cp="$(cat "$CLASSPATH_FILE")"
  # setsid + nohup: the broker leaves the caller's session and survives its terminal closing.
  # The inner shell writes its own pid and then becomes java through exec, so the pid is java's.
  rm -f "$PID_FILE"
  # shellcheck disable=SC2086,SC2016 # HEAP_OPTS is a list of JVM options; $$ expands in the inner shell
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$PROPS_FILE" >>"$LOG_FILE" 2>&1 </dev/null 9>&- &

  local deadline=$((SECONDS + START_TIMEOUT))
  pid=""
  while ((SECONDS < deadline)); do
    [[ -z "$pid" && -s "$PID_FILE" ]] && pid="$(cat "$PID_FILE")"
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      log "last lines of $LOG_FILE:" >&2
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      die "the broker exited during startup (see above, full log: $LOG_FILE)"
    fi
    if [[ -n "$pid" ]] && grep -q "$READY_MARKER" "$LOG_FILE" && port_open "$PORT"; then
      if ((FRESHLY_FORMATTED)); then
        warm_up_group_coordinator
      fi
      log "broker ready (pid $pid) after $((SECONDS - started))s"
      log "export KAFKA_BROKERS=$HOST:$PORT"
      return 0
    fi
    sleep 0.5
  done
  log "last lines of $LOG_FILE:" >&2
  tail -n 40 "$LOG_FILE" >&2 || true
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    log "stopping the broker that did not get ready (pid $pid)" >&2
    stop_pid "$pid" >&2
  fi
  die "the broker did not accept clients on $HOST:$PORT within ${START_TIMEOUT}s (full log: $LOG_FILE)"
}

# On a new log directory: create __consumer_offsets and load the group coordinator now, so that the
# first consumer group of a test run does not race it (see WarmUp.java). A failure is only a warning.
warm_up_group_coordinator() {
  log "new log directory: creating __consumer_offsets and loading the group coordinator ..."
  if ! "$JAVA" -Xmx128m -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$(cat "$CLASSPATH_FILE")" \
    "$KAFKA_DIR/WarmUp.java" "$HOST:$PORT" >"$RUN_DIR/warm-up.log" 2>&1; then
    log "WARNING: the group coordinator warm-up failed (see $RUN_DIR/warm-up.log); the first consumer group may be slow"
  fi
}

stop_pid() {
  local pid="$1" deadline
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker did not stop within ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
}

cmd_stop() {
  local pid started=$SECONDS
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "broker is not running; nothing to do"
    return 0
  fi
  log "stopping broker (pid $pid) with SIGTERM ..."
  stop_pid "$pid"
  log "broker stopped after $((SECONDS - started))s"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if port_open "$PORT"; then
      log "running: pid $pid, Apache Kafka $(kafka_version), clients on $HOST:$PORT, log $LOG_FILE"
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
      *[!0-9]* | '') die "usage: kafka.sh logs [-f] [LINES]" ;;
      *) lines="$arg" ;;
    esac
  done
  [[ -f "$LOG_FILE" ]] || die "no log yet at $LOG_FILE (start the broker first)"
  if ((follow)); then
    exec tail -n "$lines" -F "$LOG_FILE"
  fi
  tail -n "$lines" "$LOG_FILE"
}

cmd_reset() {
  cmd_stop
  log "deleting broker data in $RUN_DIR"
  rm -rf "$RUN_DIR"
}

# start, stop and reset run one at a time (two test runs starting the broker at once would otherwise
# race for the pid file). The broker itself does not inherit the lock (9>&- where it is launched).
with_lock() {
  mkdir -p "$TARGET_DIR"
  exec 9>"$TARGET_DIR/kafka.sh.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 300 9 || die "another kafka.sh start/stop has held $TARGET_DIR/kafka.sh.lock for 5 minutes"
  fi
  "$@"
}

case "${1:-}" in
  start) with_lock cmd_start ;;
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
