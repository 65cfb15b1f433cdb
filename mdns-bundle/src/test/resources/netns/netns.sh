#!/bin/bash
# Network namespaces for the mdns-bundle tests. Every address used lives only inside namespaces made here
# (10.231.0.0/16 is assigned by the tests, never routed outside).
#   netns.sh create NS...                          new namespaces with lo up
#   netns.sh link NS1 IF1 ADDR1/LEN NS2 IF2 ADDR2/LEN   a veth pair between two namespaces, addresses, multicast route
#   netns.sh delete NS...                          removes the namespaces (and with them their veths)
set -euo pipefail
cmd=${1:?usage: netns.sh create|link|delete ...}
shift
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
    for side in "$ns1 $if1 $a1" "$ns2 $if2 $a2"; do
      set -- $side
      # No duplicate address detection: the IPv6 link-local address is usable at once.
      ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.accept_dad=0" || true
      ip -n "$1" addr add "$3" dev "$2"
      ip -n "$1" link set "$2" up
      # Namespaces have no default route: without this, multicast sends fail with ENETUNREACH.
      ip -n "$1" route add 224.0.0.0/4 dev "$2" metric "$(( $(ip -n "$1" route show | grep -c 224.0.0.0) + 1 ))" 2>/dev/null || true
    done
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
