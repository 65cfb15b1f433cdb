#!/usr/bin/env bash
# Installs the Knot DNS server and kdig for the dns-bundle tests and benchmark. Idempotent: does nothing when
# knotd, knotc and kdig are already on the PATH. The tests start knotd themselves: the dns-bundle tests on 127.0.0.1
# and a free port, itests' DnsNodesIT inside a network namespace it makes.
set -euo pipefail
if command -v knotd >/dev/null && command -v knotc >/dev/null && command -v kdig >/dev/null; then
  echo "setup-dns: knot already installed ($(knotd --version | head -n1))"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends knot knot-dnsutils
# The Debian package starts a system knotd on port 53; the tests run their own, so stop the packaged one.
if command -v systemctl >/dev/null && systemctl is-active --quiet knot 2>/dev/null; then
  systemctl stop knot || true
fi
echo "setup-dns: installed $(knotd --version | head -n1)"
