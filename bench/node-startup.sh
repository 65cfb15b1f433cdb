#!/usr/bin/env bash
# Cold start and idle memory of the packaged node: N starts, each with a fresh home (new identity, empty store,
# empty Felix cache), timed from the launch of bin/olocus to its "ready" line (every deploy/ bundle active with
# its components up, the coordinator registered, the control socket answering); then the RSS of one idle node,
# JAVA_OPTS unset (no -Xmx), after 10 s.
#   bench/node-startup.sh [distribution dir] [runs]
set -euo pipefail
DIST=${1:-distribution/target/olocus-0.1.0-SNAPSHOT}
RUNS=${2:-10}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
unset JAVA_OPTS

start_node() { # home → sets $ms (until ready) and $pid
  local home=$1 t0
  # The default etc/ and deploy/, with mDNS and the libp2p host kept off every real network: a benchmark sends
  # nothing outside.
  mkdir -p "$home"; cp -R "$DIST/etc" "$DIST/deploy" "$home/"
  echo "interfaces = lo" > "$home/etc/org.olocus.discovery.mdns.cfg"
  echo "listen_addresses = /ip4/127.0.0.1/tcp/0" > "$home/etc/org.olocus.discovery.transport.cfg"
  t0=$(date +%s%N)
  "$DIST/bin/olocus" --home "$home" --daemon >"$home.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if grep -q " ready in " "$home.out" 2>/dev/null; then
      ms=$(( ($(date +%s%N) - t0) / 1000000 )); return 0
    fi
    sleep 0.01
  done
  echo "node in $home not ready within 6 s:" >&2; cat "$home.out" >&2; return 1
}

times=()
for i in $(seq 1 "$RUNS"); do
  start_node "$WORK/home$i"
  times+=("$ms")
  kill -TERM "$pid"; wait "$pid" || true
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
p50=$(echo "$sorted" | awk -v n="$RUNS" 'NR==int((n+1)/2)')
max=$(echo "$sorted" | tail -n1)
min=$(echo "$sorted" | head -n1)

start_node "$WORK/idle"
sleep 10
rss_kb=$(ps -o rss= -p "$pid" | tr -d ' ')  # bin/olocus execs java, so $pid is the JVM
kill -TERM "$pid"; wait "$pid" || true

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n1)"
echo "| measure | value |"
echo "|---|---|"
echo "| cold start to ready, p50 of $RUNS | ${p50} ms |"
echo "| cold start to ready, min / max | ${min} / ${max} ms |"
echo "| RSS of an idle node after 10 s (no -Xmx) | $((rss_kb / 1024)) MB |"
