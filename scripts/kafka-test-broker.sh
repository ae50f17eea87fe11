#!/usr/bin/env bash
# Single-node Apache Kafka broker (KRaft, combined broker+controller) for tests.
# Jars come from Maven Central via tools/kafka/pom.xml into .cache/kafka/<version>/libs.
#
# Version: 4.1.1 by default (KAFKA_VERSION=3.9.1 selects the fallback Maven profile). kafkajs 2.2.4
# works against 4.1.1: it negotiates versions through ApiVersions and every request version it picks
# (Produce v7, Fetch v11, Metadata v6, JoinGroup v5, OffsetCommit v5, ...) is above the ranges that
# Kafka 4.0 removed (KIP-896). Proven by packages/testing/test/kafka.test.ts.
#
# Authenticated and authorized, as production runs it (docs/bus.md): clients connect to a
# SASL_PLAINTEXT listener with SCRAM-SHA-512; the KRaft StandardAuthorizer refuses whatever no ACL
# allows (allow.everyone.if.no.acl.found=false). Brokers replicate over that same listener as the
# `admin` super user (SCRAM too); the controller listener takes SASL/PLAIN (KRaft controllers cannot
# use SCRAM: its credentials live in the metadata they serve) with the same admin credentials.
# A NEW run dir gets a random password per principal in $KAFKA_RUN_DIR/credentials (`name=password`
# lines): admin (super user), onegraph (One Graph's services) and one per publishing product (psa,
# books, voice, portal, hub, m365). The SCRAM credentials are written at format time; the ACLs
# (packages/testing/src/kafka-acls.ts) are created in one Admin request once the broker serves.
#
# Usage: scripts/kafka-test-broker.sh <command> [--brokers 1|3] [--node N]
#   fetch    resolve the broker jars (mvn, once per version; cached in .cache/kafka/<version>/libs)
#   start    start the broker. A new run dir is formatted with FREE ports picked now; a run dir
#            that is already formatted is RESUMED: same ports, same data, no reformat (restart).
#            Waits for readiness; the last stdout line is KAFKA_BROKERS=127.0.0.1:<port>, also
#            written to $KAFKA_RUN_DIR/brokers.
#   fresh    stop, wipe the run dir, then start (new ports unless KAFKA_PORT is set)
#   stop     graceful stop (SIGTERM, controlled shutdown; SIGKILL after KAFKA_STOP_TIMEOUT s)
#   kill     SIGKILL the broker (simulated crash); `start` afterwards recovers the same data
#   status   prints "running KAFKA_BROKERS=..." (exit 0) or "stopped" (exit 1)
#   clean    stop and delete the run dir
#
# A three-broker cluster: `start --brokers 3` (or KAFKA_BROKER_COUNT=3) formats a NEW run dir as a
# KRaft cluster of three nodes, each a broker and a controller (a quorum of three voters, which
# survives one node down), on 127.0.0.1 and six free ports, in $KAFKA_RUN_DIR/node-1..3. Topics
# get replication factor 3 and min.insync.replicas 2 by default (the Bus creates its topics with
# the broker's defaults), and so do the internal topics (consumer offsets, transactions). Every
# command then applies to the whole cluster, or to one node with `--node N`:
#   start --node 2   restart node 2 (same ports and data), waiting until it serves again
#   kill --node 2    SIGKILL node 2 (a crash); the other two keep serving
#   stop --node 2    graceful stop of node 2
# The last stdout line of a cluster start is KAFKA_BROKERS=127.0.0.1:<p1>,127.0.0.1:<p2>,127.0.0.1:<p3>.
# `status` prints one line per node and exits 0 only when every node runs.
#
# Environment:
#   KAFKA_VERSION           4.1.1 (default) | 3.9.1
#   KAFKA_RUN_DIR           run dir (config, data, log, pid, ports); default .cache/kafka-run
#   KAFKA_PORT              broker port for a NEW run dir (default: a free port)
#   KAFKA_CONTROLLER_PORT   controller port for a NEW run dir (default: a free port)
#   KAFKA_BROKER_COUNT      1 (default) | 3: the size of a NEW run dir (same as --brokers)
#   KAFKA_HEAP_OPTS         default "-Xms128m -Xmx512m" (a cluster node: "-Xms128m -Xmx384m")
#   KAFKA_START_TIMEOUT     seconds to wait for readiness (default 120)
#   KAFKA_STOP_TIMEOUT      seconds to wait for a graceful stop before SIGKILL (default 30)
#   KAFKA_OWNER_PID         if set, a watchdog stops the broker when that process dies (used by
#                           packages/testing so an aborted test run never leaks a broker)
#   KAFKA_CREDENTIALS_FILE  the principals' passwords (default $KAFKA_RUN_DIR/credentials, made on first start)
#   KAFKA_LOG_LEVEL         root log level of the broker log ($RUN_DIR/kafka.out), default WARN
#   KAFKA_CDS=0             disable the AppCDS archive (.cache/kafka/<version>/kafka.jsa). It is
#                           dumped when the first broker of a version exits gracefully (that stop
#                           takes ~3 s longer) and saves ~2 s on every later format + start
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${KAFKA_RUN_DIR:-$ROOT/.cache/kafka-run}"
case "$RUN_DIR" in /*) ;; *) RUN_DIR="$PWD/$RUN_DIR" ;; esac
PID_FILE="$RUN_DIR/kafka.pid"
WATCHDOG_PID_FILE="$RUN_DIR/watchdog.pid"
OUT_FILE="$RUN_DIR/kafka.out"
STATE_FILE="$RUN_DIR/run.env"          # KAFKA_VERSION, BROKER_PORT, CONTROLLER_PORT of this run dir
BROKERS_FILE="$RUN_DIR/brokers"
CREDENTIALS_FILE="${KAFKA_CREDENTIALS_FILE:-$RUN_DIR/credentials}"
ACLS_DONE_FILE="$RUN_DIR/acls.done"
# admin: the super user (setup, inter-broker); onegraph: One Graph's services; then the products that publish
PRINCIPALS="admin onegraph psa books voice portal hub m365"

# A resumed run dir keeps the version it was formatted with.
if [ -z "${KAFKA_VERSION:-}" ] && [ -f "$STATE_FILE" ]; then
  KAFKA_VERSION="$(sed -n 's/^KAFKA_VERSION=//p' "$STATE_FILE")"
fi
KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
KAFKA_MAJOR="${KAFKA_VERSION%%.*}"
CACHE_DIR="$ROOT/.cache/kafka/$KAFKA_VERSION"
LIBS_DIR="${KAFKA_LIBS_DIR:-$CACHE_DIR/libs}"
CDS_FILE="$CACHE_DIR/kafka.jsa"
CDS_LOCK="$CACHE_DIR/kafka.jsa.lock"
POM="$ROOT/tools/kafka/pom.xml"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
# kafka-run-class.sh's defaults, plus fewer JIT/GC threads on this 2-core machine.
PERF_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true -XX:CICompilerCount=2 -XX:ParallelGCThreads=2 -XX:ConcGCThreads=1"
CLUSTER_ID="${KAFKA_CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}"   # fixed id: saves a `random-uuid` JVM
START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
LOG_LEVEL="${KAFKA_LOG_LEVEL:-WARN}"
READY_LINE="Kafka Server started"
# Set by the cluster commands when they run this script for one node of a cluster.
NODE_ID="${KAFKA_NODE_ID:-1}"
QUORUM_VOTERS="${KAFKA_QUORUM_VOTERS:-}"
CLUSTER_SIZE="${KAFKA_CLUSTER_SIZE:-1}"

die() { echo "kafka-test-broker: $*" >&2; exit 1; }

log_tail() {
  if [ -f "$OUT_FILE" ]; then
    echo "---- last 60 lines of $OUT_FILE ----" >&2
    tail -n 60 "$OUT_FILE" >&2
    echo "----" >&2
  fi
}

need_java() {
  command -v "$JAVA_BIN" >/dev/null 2>&1 ||
    die "java not found (need Java 17+ for Kafka $KAFKA_VERSION; set JAVA_HOME or install openjdk-17-jre-headless)"
  local v
  v="$("$JAVA_BIN" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)"
  if [ -n "$v" ] && [ "$v" -lt 17 ] && [ "$KAFKA_MAJOR" -ge 4 ]; then
    die "Kafka $KAFKA_VERSION needs Java 17+, found Java $v ($JAVA_BIN)"
  fi
}

# A killed broker is an orphan, and PID 1 on these machines reaps orphans only after ~1.5 s:
# count a zombie as dead (it holds no ports or files any more).
pid_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state; state="$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
  [ -n "$state" ] && [ "$state" != Z ]
}

# The principals' passwords: random, made once per run dir (a cluster's nodes share the cluster's file).
ensure_credentials() {
  [ -f "$CREDENTIALS_FILE" ] && return 0
  mkdir -p "$(dirname "$CREDENTIALS_FILE")"
  local name tmp="$CREDENTIALS_FILE.tmp.$$"
  (umask 077; for name in $PRINCIPALS; do echo "$name=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"; done >"$tmp")
  mv -f "$tmp" "$CREDENTIALS_FILE"
}

password_of() { sed -n "s/^$1=//p" "$CREDENTIALS_FILE"; }

# Creates the ACLs (one Admin request, as admin) and waits until every broker enforces them; once per run dir.
apply_acls() { # $1 = bootstrap servers, comma-separated
  [ -f "$ACLS_DONE_FILE" ] && return 0
  if [ ! -f "$CREDENTIALS_FILE" ]; then # a run dir formatted before the broker authenticated: it stays open
    echo "kafka-test-broker: $RUN_DIR has no credentials (formatted without authentication); '$0 fresh' makes one that authenticates" >&2
    return 0
  fi
  local node_bin="$ROOT/node_modules/.bin/node"
  [ -x "$node_bin" ] || node_bin=node
  "$node_bin" "$ROOT/packages/testing/src/kafka-acls.ts" "$1" "$CREDENTIALS_FILE" >"$RUN_DIR/acls.out" 2>&1 ||
    { cat "$RUN_DIR/acls.out" >&2; return 1; }
  touch "$ACLS_DONE_FILE"
}

read_pid() { [ -f "$1" ] && cat "$1" 2>/dev/null || true; }

# Only trust a PID file if that PID is still our java process (guards against PID reuse).
broker_pid() {
  local pid; pid="$(read_pid "$PID_FILE")"
  [ -n "$pid" ] || return 1
  pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $RUN_DIR/server.properties" || return 1
  echo "$pid"
}

fetch() {
  [ -f "$LIBS_DIR/kafka_2.13-$KAFKA_VERSION.jar" ] && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found: needed once to fetch Kafka $KAFKA_VERSION jars from Maven Central (apt-get install maven)"
  need_java
  local profile=kafka4
  [ "$KAFKA_MAJOR" -lt 4 ] && profile=kafka39
  mkdir -p "$CACHE_DIR"
  # One fetch at a time per version (parallel test runs on a clean cache share ~/.m2).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$CACHE_DIR/fetch.lock"
    flock 9
    [ -f "$LIBS_DIR/kafka_2.13-$KAFKA_VERSION.jar" ] && { exec 9>&-; return 0; }
  fi
  echo "kafka-test-broker: fetching Kafka $KAFKA_VERSION jars into $LIBS_DIR" >&2
  local tmp="$LIBS_DIR.tmp.$$" mvn_log="$CACHE_DIR/mvn.log"
  rm -rf "$tmp"
  if ! mvn -B -q -f "$POM" -P "$profile" -Dkafka.version="$KAFKA_VERSION" -Dkafka.libs.dir="$tmp" package >"$mvn_log" 2>&1; then
    tail -n 40 "$mvn_log" >&2
    rm -rf "$tmp"
    die "mvn failed to fetch Kafka $KAFKA_VERSION (full log: $mvn_log)"
  fi
  [ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ] || die "kafka_2.13-$KAFKA_VERSION.jar missing after mvn (see $mvn_log)"
  # Atomic publish, so a concurrent `start` never sees a half-copied libs dir.
  rm -rf "$CDS_FILE"
  if ! mv -T "$tmp" "$LIBS_DIR" 2>/dev/null; then
    if [ -f "$LIBS_DIR/kafka_2.13-$KAFKA_VERSION.jar" ]; then rm -rf "$tmp"   # a concurrent fetch won
    else rm -rf "$LIBS_DIR" && mv -T "$tmp" "$LIBS_DIR"; fi
  fi
  exec 9>&- 2>/dev/null || true
}

free_ports() { # prints $1 (default 2) distinct free TCP ports on 127.0.0.1
  local count="${1:-2}"
  if command -v node >/dev/null 2>&1; then
    node -e 'const net=require("net");const c=Number(process.argv[1]);const ss=Array.from({length:c},()=>net.createServer());let n=0;
      for(const s of ss)s.listen(0,"127.0.0.1",()=>{if(++n===c){console.log(ss.map(x=>x.address().port).join(" "));ss.forEach(x=>x.close())}})' "$count"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket,sys;ss=[socket.socket() for _ in range(int(sys.argv[1]))];[s.bind(("127.0.0.1",0)) for s in ss];print(*[s.getsockname()[1] for s in ss])' "$count"
  else
    die "need node or python3 to pick free ports (or set KAFKA_PORT and KAFKA_CONTROLLER_PORT)"
  fi
}

log_opts() {
  if [ "$KAFKA_MAJOR" -ge 4 ]; then
    echo "-Dlog4j2.configurationFile=$RUN_DIR/log4j2.properties"
  else
    echo "-Dlog4j.configuration=file:$RUN_DIR/log4j.properties"
  fi
}

write_config() {
  mkdir -p "$RUN_DIR/data" "$RUN_DIR/logs"
  # one node: everything replicated once; a cluster of three: three replicas, two in sync to accept a write
  local rf=1 isr=1 admin_password
  if [ "$CLUSTER_SIZE" -ge 3 ]; then rf=3; isr=2; fi
  admin_password="$(password_of admin)"
  [ -n "$admin_password" ] || die "no admin password in $CREDENTIALS_FILE"
  cat >"$RUN_DIR/server.properties" <<EOF
process.roles=broker,controller
node.id=${NODE_ID}
controller.quorum.voters=${QUORUM_VOTERS:-${NODE_ID}@127.0.0.1:${CONTROLLER_PORT}}
listeners=SASL_PLAINTEXT://127.0.0.1:${BROKER_PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:${BROKER_PORT}
inter.broker.listener.name=SASL_PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
# clients and replication: SCRAM-SHA-512 (credentials in the metadata log, written at format time)
listener.name.sasl_plaintext.sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin_password}";
# the controller quorum: SASL/PLAIN with the admin credentials (KRaft controllers cannot use SCRAM)
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="${admin_password}" user_admin="${admin_password}";
# only what an ACL allows; admin (brokers, controllers, setup) is a super user
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:admin
log.dirs=${RUN_DIR}/data
num.partitions=1
default.replication.factor=${rf}
min.insync.replicas=${isr}
unclean.leader.election.enable=false
offsets.topic.replication.factor=${rf}
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=${rf}
transaction.state.log.min.isr=${isr}
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=${rf}
share.coordinator.state.topic.min.isr=${isr}
share.coordinator.state.topic.num.partitions=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
log.retention.hours=1
log.segment.bytes=16777216
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.dedupe.buffer.size=2097152
log.initial.task.delay.ms=100
# fast re-registration after a crash (kill + start): the previous incarnation is fenced when its
# session times out (default 9 s); registration is retried every 2 s until then
broker.session.timeout.ms=3000
broker.heartbeat.interval.ms=500
EOF
  cat >"$RUN_DIR/log4j2.properties" <<EOF
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = ${LOG_LEVEL}
rootLogger.appenderRef.out.ref = OUT
logger.raft.name = kafka.server.KafkaRaftServer
logger.raft.level = INFO
EOF
  cat >"$RUN_DIR/log4j.properties" <<EOF
log4j.rootLogger=${LOG_LEVEL}, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
EOF
}

format_storage() {
  # Static quorum (controller.quorum.voters) => no --standalone needed, on 3.9 and 4.x alike.
  local cds_opts="" scram=() name
  [ "${KAFKA_CDS:-1}" != 0 ] && [ -f "$CDS_FILE" ] && cds_opts="-XX:SharedArchiveFile=$CDS_FILE -Xshare:auto"
  # every principal's SCRAM credential goes into the bootstrap metadata (KIP-900): no JVM per user later
  for name in $PRINCIPALS; do scram+=(--add-scram "SCRAM-SHA-512=[name=$name,password=$(password_of "$name")]"); done
  # shellcheck disable=SC2086
  if ! "$JAVA_BIN" -Xmx256m -XX:TieredStopAtLevel=1 $cds_opts -Xlog:cds=off -Xlog:cds+dynamic=off $(log_opts) -cp "$LIBS_DIR/*" \
      kafka.tools.StorageTool format --config "$RUN_DIR/server.properties" \
      --cluster-id "$CLUSTER_ID" --ignore-formatted "${scram[@]}" >"$RUN_DIR/format.out" 2>&1; then
    cat "$RUN_DIR/format.out" >&2
    die "kafka.tools.StorageTool format failed for $RUN_DIR"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_watchdog() { # stop the broker if the owning process (e.g. the vitest run) dies
  local owner="$1" jpid="$2"
  [ -n "$owner" ] || return 0
  nohup bash -c '
    owner=$1 jpid=$2 stop_timeout=$3
    while kill -0 "$owner" 2>/dev/null && kill -0 "$jpid" 2>/dev/null; do sleep 1; done
    if kill -0 "$jpid" 2>/dev/null; then
      kill -TERM "$jpid" 2>/dev/null
      for _ in $(seq 1 $((stop_timeout * 2))); do kill -0 "$jpid" 2>/dev/null || exit 0; sleep 0.5; done
      kill -KILL "$jpid" 2>/dev/null
    fi' kafka-test-broker-watchdog "$owner" "$jpid" "$STOP_TIMEOUT" >/dev/null 2>&1 </dev/null &
  echo $! >"$WATCHDOG_PID_FILE"
}

stop_watchdog() {
  local wpid; wpid="$(read_pid "$WATCHDOG_PID_FILE")"
  if [ -n "$wpid" ] && tr '\0' ' ' <"/proc/$wpid/cmdline" 2>/dev/null | grep -q kafka-test-broker-watchdog; then
    kill -TERM "$wpid" 2>/dev/null || true
  fi
  rm -f "$WATCHDOG_PID_FILE"
}

# Launch the JVM and wait until it logs READY_LINE and the broker port accepts connections.
# Returns 0 when ready, 2 when the JVM died with "Address already in use", 1 otherwise.
launch_and_wait() {
  local cds_opts="" cds_dumping=0
  if [ "${KAFKA_CDS:-1}" != 0 ]; then
    cds_reap
    if [ -f "$CDS_FILE" ]; then
      cds_opts="-XX:SharedArchiveFile=$CDS_FILE -Xshare:auto"
    elif mkdir "$CDS_LOCK" 2>/dev/null; then
      # This JVM writes the archive when it exits gracefully (dynamic AppCDS, JDK 13+); the next
      # start or stop of any run dir publishes it (cds_reap).
      cds_opts="-XX:ArchiveClassesAtExit=$CDS_LOCK/kafka.jsa"
      cds_dumping=1
    fi
  fi
  local offset=0
  [ -f "$OUT_FILE" ] && offset="$(wc -c <"$OUT_FILE")"
  printf '\n' >>"$OUT_FILE"
  echo "==== kafka-test-broker start $(date -u +%FT%TZ) (kafka $KAFKA_VERSION, 127.0.0.1:$BROKER_PORT) ====" >>"$OUT_FILE"
  # shellcheck disable=SC2086
  nohup "$JAVA_BIN" $HEAP_OPTS $PERF_OPTS $cds_opts -Xlog:cds=off -Xlog:cds+dynamic=off $(log_opts) \
      -Dkafka.logs.dir="$RUN_DIR/logs" -cp "$LIBS_DIR/*" \
      kafka.Kafka "$RUN_DIR/server.properties" >>"$OUT_FILE" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  [ "$cds_dumping" = 1 ] && echo "$pid" >"$CDS_LOCK/pid"
  local deadline=$((SECONDS + START_TIMEOUT))
  until tail -c +"$((offset + 1))" "$OUT_FILE" | grep -q "$READY_LINE" && port_open "$BROKER_PORT"; do
    if ! pid_alive "$pid"; then
      rm -f "$PID_FILE"
      if tail -c +"$((offset + 1))" "$OUT_FILE" | grep -qiE "Address already in use|BindException"; then return 2; fi
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "kafka-test-broker: not ready after ${START_TIMEOUT}s" >&2
      do_stop TERM >/dev/null 2>&1 || true
      return 1
    fi
    sleep 0.2
  done
  return 0
}

save_state() {
  printf 'KAFKA_VERSION=%s\nBROKER_PORT=%s\nCONTROLLER_PORT=%s\n' \
    "$KAFKA_VERSION" "$BROKER_PORT" "$CONTROLLER_PORT" >"$STATE_FILE"
}

start() {
  need_java
  fetch
  mkdir -p "$RUN_DIR"
  local pid
  if pid="$(broker_pid)"; then
    BROKER_PORT="$(sed -n 's/^BROKER_PORT=//p' "$STATE_FILE")"
    echo "kafka-test-broker: already running (pid $pid) in $RUN_DIR" >&2
    echo "KAFKA_BROKERS=127.0.0.1:$BROKER_PORT"
    return 0
  fi
  rm -f "$PID_FILE"
  local owner="${KAFKA_OWNER_PID:-$(read_pid "$RUN_DIR/owner.pid")}"
  [ -n "$owner" ] && echo "$owner" >"$RUN_DIR/owner.pid"

  local resume=0 attempts=1 rc
  if [ -f "$STATE_FILE" ] && [ -f "$RUN_DIR/data/meta.properties" ]; then
    resume=1
    BROKER_PORT="$(sed -n 's/^BROKER_PORT=//p' "$STATE_FILE")"
    CONTROLLER_PORT="$(sed -n 's/^CONTROLLER_PORT=//p' "$STATE_FILE")"
    [ -n "$BROKER_PORT" ] && [ -n "$CONTROLLER_PORT" ] || die "corrupt $STATE_FILE; run '$0 fresh'"
  elif [ -z "${KAFKA_PORT:-}" ]; then
    attempts=3   # free ports can be taken between picking and binding: pick again
  fi

  local started=$SECONDS
  for ((i = 1; i <= attempts; i++)); do
    if [ "$resume" = 0 ]; then
      local ports; ports="$(free_ports)"
      BROKER_PORT="${KAFKA_PORT:-${ports%% *}}"
      CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-${ports##* }}"
      [ "$BROKER_PORT" != "$CONTROLLER_PORT" ] || CONTROLLER_PORT="${ports%% *}"
      rm -rf "$RUN_DIR/data"   # never formatted (no meta.properties) or a failed attempt: start clean
      ensure_credentials
      write_config
      format_storage
      save_state
    fi
    rc=0; launch_and_wait || rc=$?
    [ "$rc" = 2 ] && [ "$i" -lt "$attempts" ] && { echo "kafka-test-broker: port taken, retrying with new ports" >&2; continue; }
    break
  done
  if [ "$rc" != 0 ]; then
    log_tail
    [ "$rc" = 2 ] && die "port 127.0.0.1:$BROKER_PORT or :$CONTROLLER_PORT already in use (run dir $RUN_DIR)"
    die "Kafka $KAFKA_VERSION failed to start (run dir $RUN_DIR, log $OUT_FILE)"
  fi
  start_watchdog "$owner" "$(cat "$PID_FILE")"
  # a cluster's ACLs are created once its quorum serves (cluster_start)
  if [ "$CLUSTER_SIZE" = 1 ]; then apply_acls "127.0.0.1:$BROKER_PORT" || die "could not create the ACLs (run dir $RUN_DIR)"; fi
  echo "127.0.0.1:$BROKER_PORT" >"$BROKERS_FILE"
  echo "kafka-test-broker: Kafka $KAFKA_VERSION $([ "$resume" = 1 ] && echo resumed || echo started) in $((SECONDS - started))s, pid $(cat "$PID_FILE"), run dir $RUN_DIR, SCRAM-SHA-512 credentials in $CREDENTIALS_FILE" >&2
  echo "KAFKA_BROKERS=127.0.0.1:$BROKER_PORT"
}

# AppCDS: publish the archive once the JVM that dumps it has exited; clear a stale lock.
cds_reap() {
  [ -d "$CDS_LOCK" ] || return 0
  local pid; pid="$(read_pid "$CDS_LOCK/pid")"
  if [ -n "$pid" ]; then
    pid_alive "$pid" && return 0                 # still running (or still dumping)
  elif [ -z "$(find "$CDS_LOCK" -maxdepth 0 -mmin +2 2>/dev/null)" ]; then
    return 0                                     # lock just taken, pid not written yet
  fi
  if [ -s "$CDS_LOCK/kafka.jsa" ]; then mv -f "$CDS_LOCK/kafka.jsa" "$CDS_FILE"; fi
  rm -rf "$CDS_LOCK"
}

do_stop() { # $1 = TERM (graceful) | KILL (crash)
  local sig="$1" pid
  stop_watchdog
  if pid="$(broker_pid)"; then
    kill "-$sig" "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < STOP_TIMEOUT * 20; i++)); do pid_alive "$pid" || break; sleep 0.05; done
    if pid_alive "$pid"; then
      echo "kafka-test-broker: no exit after ${STOP_TIMEOUT}s, SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      while pid_alive "$pid"; do sleep 0.05; done
    fi
  fi
  rm -f "$PID_FILE"
  cds_reap
  return 0
}

status() {
  local pid
  if pid="$(broker_pid)"; then
    echo "running pid=$pid KAFKA_BROKERS=$(cat "$BROKERS_FILE" 2>/dev/null)"
  else
    echo "stopped"
    return 1
  fi
}

clean() {
  do_stop TERM
  case "$RUN_DIR" in "" | / | "$ROOT" | "$ROOT/") die "refusing to delete $RUN_DIR" ;; esac
  rm -rf "$RUN_DIR"
}

# ---- a cluster of three: each node is a single-node run dir under $RUN_DIR/node-N, driven by this
# same script (KAFKA_NODE_ID, KAFKA_QUORUM_VOTERS, KAFKA_CLUSTER_SIZE and fixed ports) ----
CLUSTER_FILE="$RUN_DIR/cluster.env"   # KAFKA_VERSION, NODES, BROKER_PORTS, CONTROLLER_PORTS

is_cluster() { [ -f "$CLUSTER_FILE" ]; }
cluster_var() { sed -n "s/^$1=//p" "$CLUSTER_FILE"; }
cluster_nodes() { seq 1 "$(cluster_var NODES)"; }
nth() { echo "$2" | tr ',' '\n' | sed -n "${1}p"; }

node_script() { # $1 = node id, $2 = command: runs this script on that node's run dir
  local id="$1" cmd="$2" ports cports voters="" i
  ports="$(cluster_var BROKER_PORTS)"; cports="$(cluster_var CONTROLLER_PORTS)"
  for i in $(cluster_nodes); do voters="${voters:+$voters,}$i@127.0.0.1:$(nth "$i" "$cports")"; done
  KAFKA_RUN_DIR="$RUN_DIR/node-$id" KAFKA_NODE_ID="$id" KAFKA_CLUSTER_SIZE="$(cluster_var NODES)" KAFKA_CREDENTIALS_FILE="$CREDENTIALS_FILE" \
    KAFKA_QUORUM_VOTERS="$voters" KAFKA_PORT="$(nth "$id" "$ports")" KAFKA_CONTROLLER_PORT="$(nth "$id" "$cports")" \
    KAFKA_VERSION="$(cluster_var KAFKA_VERSION)" KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx384m}" \
    bash "${BASH_SOURCE[0]}" "$cmd"
}

cluster_brokers() {
  local ports list="" p
  ports="$(cluster_var BROKER_PORTS)"
  for p in ${ports//,/ }; do list="${list:+$list,}127.0.0.1:$p"; done
  echo "$list"
}

cluster_start() { # $1 = node count of a new run dir; $2 = one node id, or empty for all
  local count="$1" node="$2"
  need_java
  fetch
  mkdir -p "$RUN_DIR"
  if ! is_cluster; then
    local ports
    ports="$(free_ports $((count * 2)))"
    set -- $ports
    local bp="" cp="" i
    for ((i = 1; i <= count; i++)); do bp="${bp:+$bp,}${!i}"; done
    for ((i = count + 1; i <= count * 2; i++)); do cp="${cp:+$cp,}${!i}"; done
    ensure_credentials
    printf 'KAFKA_VERSION=%s\nNODES=%s\nBROKER_PORTS=%s\nCONTROLLER_PORTS=%s\n' "$KAFKA_VERSION" "$count" "$bp" "$cp" >"$CLUSTER_FILE"
  fi
  [ -n "${KAFKA_OWNER_PID:-}" ] && echo "$KAFKA_OWNER_PID" >"$RUN_DIR/owner.pid"
  local started=$SECONDS failed=0 id pids=()
  if [ -n "$node" ]; then
    node_script "$node" start >/dev/null || failed=1
  else
    # in parallel: a node becomes ready only once a majority of the controllers have formed the quorum
    for id in $(cluster_nodes); do node_script "$id" start >/dev/null & pids+=($!); done
    for id in "${pids[@]}"; do wait "$id" || failed=1; done
  fi
  [ "$failed" = 0 ] || die "cluster start failed (run dir $RUN_DIR; each node's log: node-N/kafka.out)"
  apply_acls "$(cluster_brokers)" || die "could not create the ACLs (run dir $RUN_DIR)"
  cluster_brokers >"$BROKERS_FILE"
  echo "kafka-test-broker: $(cluster_var NODES)-node cluster ready${node:+ (node $node started)} in $((SECONDS - started))s, run dir $RUN_DIR, SCRAM-SHA-512 credentials in $CREDENTIALS_FILE" >&2
  echo "KAFKA_BROKERS=$(cluster_brokers)"
}

cluster_each() { # $1 = command, $2 = one node id or empty for all (in parallel)
  local id pids=() rc=0
  if [ -n "$2" ]; then node_script "$2" "$1"; return; fi
  for id in $(cluster_nodes); do node_script "$id" "$1" & pids+=($!); done
  for id in "${pids[@]}"; do wait "$id" || rc=1; done
  return "$rc"
}

cluster_status() {
  local id rc=0 line
  for id in $(cluster_nodes); do
    line="$(node_script "$id" status)" || rc=1
    echo "node $id: $line"
  done
  return "$rc"
}

COMMAND="${1:-}"
shift || true
BROKER_COUNT="${KAFKA_BROKER_COUNT:-1}"
NODE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --brokers) BROKER_COUNT="${2:-}"; shift 2 ;;
    --node) NODE="${2:-}"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
case "$BROKER_COUNT" in 1 | 3) ;; *) die "--brokers must be 1 or 3 (got $BROKER_COUNT)" ;; esac

if is_cluster || { [ "$COMMAND" = start ] && [ "$BROKER_COUNT" -gt 1 ]; }; then
  if [ -n "$NODE" ]; then
    is_cluster || die "--node needs a cluster run dir (start one with --brokers 3)"
    [[ "$NODE" =~ ^[0-9]+$ ]] && [ "$NODE" -ge 1 ] && [ "$NODE" -le "$(cluster_var NODES)" ] || die "no node $NODE in $RUN_DIR"
  fi
  case "$COMMAND" in
    fetch) need_java; fetch ;;
    start) cluster_start "$BROKER_COUNT" "$NODE" ;;
    fresh)
      if is_cluster; then BROKER_COUNT="$(cluster_var NODES)"; cluster_each stop ""; fi
      case "$RUN_DIR" in "" | / | "$ROOT" | "$ROOT/") die "refusing to delete $RUN_DIR" ;; esac
      rm -rf "$RUN_DIR"
      cluster_start "$BROKER_COUNT" "" ;;
    stop) cluster_each stop "$NODE" ;;
    kill) cluster_each kill "$NODE" ;;
    status) cluster_status ;;
    clean)
      [ -z "$NODE" ] || die "clean applies to the whole cluster"
      cluster_each stop ""
      case "$RUN_DIR" in "" | / | "$ROOT" | "$ROOT/") die "refusing to delete $RUN_DIR" ;; esac
      rm -rf "$RUN_DIR" ;;
    *) echo "usage: $0 {fetch|start|fresh|stop|kill|status|clean} [--brokers 1|3] [--node N]" >&2; exit 2 ;;
  esac
  exit $?
fi
[ -z "$NODE" ] || die "--node applies to a cluster run dir (start one with --brokers 3)"

case "$COMMAND" in
  fetch) need_java; fetch ;;
  start) start ;;
  fresh) clean; start ;;
  stop) do_stop TERM ;;
  kill) do_stop KILL ;;
  status) status ;;
  clean) clean ;;
  *) echo "usage: $0 {fetch|start|fresh|stop|kill|status|clean} [--brokers 1|3] [--node N]" >&2; exit 2 ;;
esac
