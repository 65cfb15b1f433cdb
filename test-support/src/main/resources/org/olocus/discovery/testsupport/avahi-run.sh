#!/bin/bash
# Runs a private D-Bus and avahi-daemon in the current network namespace (started by Namespaces.java as
# `ip netns exec NS bash -c <this script>`, which also gives it a private mount namespace). Prints
# "PID <name> <pid>" for each process it starts, then "READY", and stays until killed. The caller kills the printed
# pids and then this script.
#   avahi-run.sh DIR IFACE      DIR/services holds static .service files to publish (may be empty); DIR/hosts, if
#                               there, replaces /etc/avahi/hosts (static host names Avahi publishes, avahi.hosts(5))
set -euo pipefail
dir=${1:?dir} iface=${2:?interface}
mkdir -p "$dir/services"
# Avahi uses fixed paths: give it its own /run and services folder, visible only in this mount namespace.
mount -t tmpfs tmpfs /run
mkdir -p /run/avahi-daemon /run/dbus
mount --bind "$dir/services" /etc/avahi/services
if [ -f "$dir/hosts" ]; then
  mount --bind "$dir/hosts" /etc/avahi/hosts
fi
# The bus socket goes in a short folder of its own: under $dir its path can pass the 107-byte limit of a unix
# socket (a checkout at a long path), and then Avahi cannot reach D-Bus and exits. /tmp, unlike this script's
# private /run, is seen by avahi-browse too; $dir/bus.path tells it where the bus is.
busdir=$(mktemp -d /tmp/olocus-dbus.XXXXXX)
bus=$busdir/bus
trap 'rm -rf "$busdir"' EXIT
echo "$bus" > "$dir/bus.path"
cat > "$dir/dbus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_type="method_call"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
cat > "$dir/avahi-daemon.conf" <<CONF
[server]
host-name=avahi-$(basename "$dir")
use-ipv4=yes
use-ipv6=yes
allow-interfaces=$iface
enable-dbus=yes
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
[reflector]
[rlimits]
CONF
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$bus"
dbus-daemon --config-file="$dir/dbus.conf" --nofork --nopidfile &
echo "PID dbus $!"
for _ in $(seq 50); do [ -S "$bus" ] && break; sleep 0.1; done
avahi-daemon -f "$dir/avahi-daemon.conf" --no-drop-root --no-chroot --no-rlimits --debug > "$dir/avahi.log" 2>&1 &
echo "PID avahi $!"
for _ in $(seq 100); do grep -q "Server startup complete" "$dir/avahi.log" 2>/dev/null && break; sleep 0.1; done
if ! grep -q "Server startup complete" "$dir/avahi.log" 2>/dev/null; then
  echo "FAILED avahi-daemon did not start; its log ($dir/avahi.log):"
  sed 's/^/  /' "$dir/avahi.log"
  exit 1
fi
echo READY
wait
