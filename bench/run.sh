#!/usr/bin/env bash
# Runs the peer store benchmarks with settings sized for a 2-core machine, then MemoryPerPeer.
# The whole suite takes about 10 minutes (5 warm-up iterations: the persistent writes need 4-5 on a busy 2-core
# machine before the JIT has caught up). Results go to bench/target/: jmh.txt (JMH table), jmh-run.log
# (full JMH output), memory-per-peer.txt, machine.txt, load.log (load average every 30 s).
#
#   bench/run.sh                              everything
#   bench/run.sh ClosestBenchmark -p size=1000000   only the JMH benchmarks matching, with any JMH options
#                                             (MemoryPerPeer is then not run)
#
# Environment: BUILD=1 rebuilds target/benchmarks.jar first (it is built when missing); BENCH_DIR=dir puts the
# persistent stores' files there instead of java.io.tmpdir; JOL=false skips the slow JOL walk in MemoryPerPeer
# (about 3 minutes at 10^6 peers) and keeps the used-heap measurement.
set -euo pipefail
cd "$(dirname "$0")"
jar=target/benchmarks.jar

if [[ ! -f $jar || ${BUILD:-0} == 1 ]]; then
    if grep -q '<module>bench</module>' ../pom.xml; then
        (cd .. && mvn -B -q -pl bench -am package -DskipTests)
    else
        mvn -B -q -f pom.xml package -DskipTests   # needs api and peerstore-bundle installed in ~/.m2
    fi
fi
mkdir -p target

{
    echo "started $(date -u +%FT%TZ); nproc $(nproc); $(lscpu | grep 'Model name' | tr -s ' ')"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -version 2>&1
} | tee target/machine.txt

# the machine is shared: keep a record of the load while the benchmarks run
(while sleep 30; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; done) > target/load.log &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

# JMH forks inherit the options given to this JVM (bench.dir).
jvm=()
if [[ -n ${BENCH_DIR:-} ]]; then
    jvm+=("-Dbench.dir=$BENCH_DIR")
fi
java "${jvm[@]}" -jar "$jar" -f 1 -wi 5 -w 2s -i 5 -r 2s -rf text -rff target/jmh.txt "$@" 2>&1 \
    | tee target/jmh-run.log
echo "load average after JMH: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a target/machine.txt

if [[ $# -eq 0 ]]; then
    java -Xmx12g -Djdk.attach.allowAttachSelf=true -Djol="${JOL:-true}" \
        -cp "$jar" org.olocus.discovery.peerstore.internal.MemoryPerPeer 100000 1000000 2>&1 \
        | tee target/memory-per-peer.txt
    echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a target/machine.txt
fi
echo
cat target/jmh.txt
