#!/usr/bin/env bash
# The transport benchmark of issue 5, side by side in one run: handshakes/s (1 at a time, 8 in flight),
# connect+identify/s, ping RTT p50/p99 and 1- and 16-stream throughput for Java⇄Java, Java→js, js→Java and
# js⇄js, every pair on 127.0.0.1 (js peers are Node processes of the transport fixture, stopped at the end).
# About 90 s. Needs the js fixture once: bash .ci/setup-transport.sh
#
#   bench/transport.sh [seconds per figure, 3] [MiB on 1 stream, 128] [MiB per stream on 16, 8]
#
# Environment: BUILD=1 rebuilds the transport bundle and its test classes first (done when they are missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d transport-bundle/target/test-classes || ${BUILD:-0} == 1 ]]; then
    mvn -B -q -o -f transport-bundle/pom.xml install -DskipTests
fi
cp_file=transport-bundle/target/bench-classpath.txt
mvn -B -q -o -f transport-bundle/pom.xml dependency:build-classpath -Dmdep.outputFile="$(pwd)/$cp_file"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(java -version 2>&1 | head -1)"
cd transport-bundle   # the bench finds the js fixture relative to the module
exec java -cp "target/test-classes:target/classes:$(cat "target/bench-classpath.txt")" \
    org.olocus.discovery.transport.internal.connection.TransportBench "$@"
