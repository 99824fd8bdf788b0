#!/usr/bin/env bash
# Local S3-compatible object store (Adobe S3Mock, a Spring Boot application) for development and
# tests, run from its executable jar on Maven Central (no Docker, no download outside Maven).
#
#   bash infra/s3/s3mock.sh start     resolve the jar once, start the server, wait until it answers
#   bash infra/s3/s3mock.sh stop      SIGTERM, wait, SIGKILL after a timeout
#   bash infra/s3/s3mock.sh status    exit 0 when running, 3 when not
#   bash infra/s3/s3mock.sh logs [-f] [N]   last N (default 100) lines of the server log, -f to follow
#   bash infra/s3/s3mock.sh reset     stop and delete every bucket and object
#
# Environment (all optional):
#   S3MOCK_PORT              plain HTTP port on 127.0.0.1, the one clients use (default 9590)
#   S3MOCK_TLS_PORT          HTTPS port S3Mock always opens as well (default S3MOCK_PORT + 1)
#   S3MOCK_HEAP_OPTS         JVM heap (default "-Xms64m -Xmx256m")
#   S3MOCK_START_TIMEOUT     seconds to wait for the server to answer (default 90)
#   S3MOCK_STOP_TIMEOUT      seconds to wait after SIGTERM before SIGKILL (default 20)
#   JAVA                     java executable (default: $JAVA_HOME/bin/java, else java on PATH)
#   MVN                      maven executable (default mvn); only used while the jar is missing
#
# Files: target/s3mock-<version>-exec.jar (copied from ~/.m2), .run/ (data/, s3mock.log, s3mock.pid;
# .run-<port>/ for an S3MOCK_PORT other than 9590). All are gitignored (infra/s3/.gitignore).
set -euo pipefail

S3_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
# shellcheck source=../lib/local-server.sh
source "$S3_DIR/../lib/local-server.sh"
# S3Mock 5.2.0 (Spring Boot 4) is the newest release on Maven Central here and runs on Java 17.
S3MOCK_VERSION=5.2.0
PORT="${S3MOCK_PORT:-9590}"
TLS_PORT="${S3MOCK_TLS_PORT:-$((PORT + 1))}"
# One state directory per port, so that servers on different ports never share their objects.
use_server_files "$S3_DIR" s3mock "$PORT" 9590
JAR="$TARGET_DIR/s3mock-$S3MOCK_VERSION-exec.jar"

HOST=127.0.0.1
HEAP_OPTS="${S3MOCK_HEAP_OPTS:--Xms64m -Xmx256m}"
START_TIMEOUT="${S3MOCK_START_TIMEOUT:-90}"
STOP_TIMEOUT="${S3MOCK_STOP_TIMEOUT:-20}"
MVN="${MVN:-mvn}"
# The line Spring Boot logs once Tomcat listens and the application context is up.
READY_MARKER='Started S3MockApplication'
SERVER_SCRIPT=s3mock.sh
SERVER_LABEL="S3Mock $S3MOCK_VERSION"
SERVER_NOUN="S3Mock server"
SERVER_PORT_SETTINGS="S3MOCK_PORT / S3MOCK_TLS_PORT"
JAVA="$(java_executable)"

require_numbers PORT TLS_PORT START_TIMEOUT STOP_TIMEOUT

# Copies the executable jar from Maven Central (through ~/.m2) once; later starts need no Maven.
ensure_jar() {
  [[ -s "$JAR" ]] && return 0
  command -v "$MVN" >/dev/null 2>&1 || die "$JAR is missing and '$MVN' is not on PATH"
  mkdir -p "$TARGET_DIR"
  log "resolving com.adobe.testing:s3mock:$S3MOCK_VERSION:jar:exec with Maven (first run only) ..."
  if ! "$MVN" -q -B -Dstyle.color=never dependency:copy \
    -Dartifact="com.adobe.testing:s3mock:$S3MOCK_VERSION:jar:exec" \
    -DoutputDirectory="$TARGET_DIR" >"$TARGET_DIR/maven.log" 2>&1; then
    tail -n 40 "$TARGET_DIR/maven.log" >&2 || true
    die "Maven could not resolve the S3Mock jar (full output: $TARGET_DIR/maven.log)"
  fi
  [[ -s "$JAR" ]] || die "Maven ran but $JAR is not there (see $TARGET_DIR/maven.log)"
}

# The store root is the last argument (followed by a space in the command line), so that .run and
# .run-<port> are told apart.
is_our_server() {
  local cmdline
  cmdline="$(command_line_of "$1")" || return 1
  [[ "$cmdline" == *"-jar $JAR"* && "$cmdline" == *"store.root=$DATA_DIR "* ]]
}

cmd_start() {
  local pid
  if pid="$(running_pid)"; then
    log "$SERVER_LABEL already running (pid $pid) on http://$HOST:$PORT; nothing to do"
    log "export S3_TEST_ENDPOINT=http://$HOST:$PORT"
    return 0
  fi
  begin_server_start "$PORT" "$TLS_PORT"
  ensure_jar
  mkdir -p "$DATA_DIR"
  log "starting $SERVER_LABEL on http://$HOST:$PORT (https $TLS_PORT), data: $DATA_DIR, log: $LOG_FILE"
  # shellcheck disable=SC2086 # HEAP_OPTS is a list of JVM options
  launch_server "$JAVA" $HEAP_OPTS -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -jar "$JAR" \
    --server.address="$HOST" \
    --server.port="$TLS_PORT" \
    --com.adobe.testing.s3mock.httpPort="$PORT" \
    --com.adobe.testing.s3mock.store.retainFilesOnExit=true \
    --spring.main.banner-mode=off \
    --com.adobe.testing.s3mock.store.root="$DATA_DIR"
  log "export S3_TEST_ENDPOINT=http://$HOST:$PORT"
}

dispatch_server_command cmd_start "$@"
