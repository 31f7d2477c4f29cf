#!/usr/bin/env bash
# Runs the KafkaUsers of deploy/ against a real Kafka (no cluster needed): starts a one-node KRaft broker with
# SCRAM-SHA-512 and Kafka's StandardAuthorizer (the broker jars test-infra downloads), creates every KafkaTopic and
# KafkaUser of the rendered local overlay with its ACLs, then as each user writes and reads every topic: what its ACLs
# name must work, everything else must be refused; the readiness check's describeCluster and the idle idempotent
# producer's producer id must work for every user.
#   deploy/check.sh                            # renders deploy/target/rendered/local.yaml
#   deploy/tools/kafka-acl-probe/run.sh        # KAFKA_LIB=<dir of kafka jars> (default test-infra/kafka-runtime/target/kafka-lib)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
LIB="${KAFKA_LIB:-$ROOT/test-infra/kafka-runtime/target/kafka-lib}"
RENDERED="${1:-$ROOT/deploy/target/rendered/local.yaml}"
[ -f "$LIB/kafka-clients-"*.jar ] 2>/dev/null || ls "$LIB"/kafka_2.13-*.jar >/dev/null 2>&1 \
  || { echo "no Kafka jars in $LIB: ./mvnw -q install -DskipTests -pl test-infra/kafka-runtime (or set KAFKA_LIB)" >&2; exit 2; }
[ -f "$RENDERED" ] || { echo "no $RENDERED: run deploy/check.sh first" >&2; exit 2; }
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
WORK=$(mktemp -d); PORT=${PROBE_PORT:-19392}
BROKER_PID=
cleanup() { [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

cat > "$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((PORT + 1))
listeners=SASL_PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$((PORT + 1))
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$PORT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="probe-admin" password="probe-admin";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:probe-admin;User:ANONYMOUS
log.dirs=$WORK/data
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
PROPS
# one SCRAM user per KafkaUser, password = its name (the probe's own; Strimzi makes real ones)
scram=(--add-scram 'SCRAM-SHA-512=[name=probe-admin,password=probe-admin]')
for u in $(awk '/^kind: KafkaUser/{k=1} k && /^  name:/{print $2; k=0}' "$RENDERED"); do
  scram+=(--add-scram "SCRAM-SHA-512=[name=$u,password=$u]")
done
"$JAVA" -cp "$LIB/*" kafka.tools.StorageTool format -t "$("$JAVA" -cp "$LIB/*" kafka.tools.StorageTool random-uuid)" \
  -c "$WORK/server.properties" "${scram[@]}" > "$WORK/format.log" 2>&1 || { cat "$WORK/format.log"; exit 1; }
"$JAVA" -Xmx512m -cp "$LIB/*" kafka.Kafka "$WORK/server.properties" > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 60); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.5; done
printf 'rootLogger.level=OFF\n' > "$WORK/log4j2.properties"
"$JAVA" -Dlog4j2.configurationFile="$WORK/log4j2.properties" -cp "$LIB/*" "$HERE/AclProbe.java" \
  "$RENDERED" "127.0.0.1:$PORT" probe-admin probe-admin
