#!/bin/bash
# Network namespaces for the namespace tests (run by Namespaces.java through `bash -c`). Every address used lives
# only inside namespaces made here (10.231.0.0/16 is assigned by the tests, never routed outside).
#   netns.sh create NS...                               new namespaces with lo up
#   netns.sh link NS1 IF1 ADDR1/LEN NS2 IF2 ADDR2/LEN   a veth pair between two namespaces, addresses, multicast route
#   netns.sh bridge HUB                                 a bridge br0 (no multicast snooping) in namespace HUB
#   netns.sh attach HUB NS IF ADDR/LEN                  a veth from NS (IF, ADDR, multicast route) to HUB's br0
#   netns.sh delete NS...                               removes the namespaces (and with them their veths)
set -euo pipefail
cmd=${1:?usage: netns.sh create|link|bridge|attach|delete ...}
shift

# configure NS IF ADDR: address, up, and the multicast route a namespace lacks
configure() {
  # No duplicate address detection: the IPv6 link-local address is usable at once.
  ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0" || true
  ip -n "$1" addr add "$3" dev "$2"
  ip -n "$1" link set "$2" up
  # Namespaces have no default route: without this, multicast sends fail with ENETUNREACH.
  ip -n "$1" route add 224.0.0.0/4 dev "$2" metric "$(( $(ip -n "$1" route show | grep -c 224.0.0.0) + 1 ))" 2>/dev/null || true
}

case "$cmd" in
  create)
    for ns in "$@"; do
      ip netns add "$ns"
      ip -n "$ns" link set lo up
    done
    ;;
  link)
    ns1=$1 if1=$2 a1=$3 ns2=$4 if2=$5 a2=$6
    ip link add "$if1" netns "$ns1" type veth peer name "$if2" netns "$ns2"
    configure "$ns1" "$if1" "$a1"
    configure "$ns2" "$if2" "$a2"
    ;;
  bridge)
    hub=$1
    # Snooping off: every port hears every multicast, as on a plain LAN segment.
    ip -n "$hub" link add br0 type bridge mcast_snooping 0
    ip -n "$hub" link set br0 up
    ;;
  attach)
    hub=$1 ns=$2 if=$3 addr=$4
    ip link add "$if" netns "$ns" type veth peer name "p-$if" netns "$hub"
    ip -n "$hub" link set "p-$if" master br0
    ip -n "$hub" link set "p-$if" up
    configure "$ns" "$if" "$addr"
    ;;
  delete)
    for ns in "$@"; do
      ip netns del "$ns" 2>/dev/null || true
    done
    ;;
  *)
    echo "unknown command $cmd" >&2
    exit 2
    ;;
esac
