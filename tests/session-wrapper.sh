#!/bin/bash
# Runs one test in a session of its own: a temporary HOME, its own D-Bus
# session bus, its own Xvfb when there is no display, and with
# KB_TEST_KEYRING=1 a real gnome-keyring-daemon, unlocked, owning
# org.freedesktop.secrets on that bus (docs/testing.md). Nothing touches the
# user's real home, keyring or display.
set -u

if [ "${KB_IN_SESSION:-}" != 1 ]; then
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/kb-test.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/home" "$tmp/runtime" "$tmp/config" "$tmp/data" "$tmp/cache"
  chmod 700 "$tmp/runtime"
  export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/runtime" XDG_CONFIG_HOME="$tmp/config" \
         XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" KB_IN_SESSION=1
  # Services the bus starts (the accessibility registry among them) inherit
  # its stdout, which is the test's TAP stream: send theirs to stderr.
  printf '#!/bin/sh\nexec dbus-daemon "$@" >&2\n' > "$tmp/dbus-daemon-quiet"
  chmod +x "$tmp/dbus-daemon-quiet"
  bus_args=(--dbus-daemon="$tmp/dbus-daemon-quiet")
  if [ "${KB_TEST_KEYRING:-0}" = none ]; then
    # A bus that can start no services: no Secret Service at all, as on a
    # desktop without a keyring.
    mkdir -p "$tmp/services"
    cat > "$tmp/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$tmp/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
    bus_args+=(--config-file="$tmp/bus.conf")
  fi
  xvfb_pid=
  if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
    # Xvfb picks a free display itself and tells us which (-displayfd): no
    # race between tests starting at the same moment, unlike xvfb-run -a.
    Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset 3>"$tmp/display" 2>/dev/null &
    xvfb_pid=$!
    for _ in $(seq 200); do
      [ -s "$tmp/display" ] && break
      sleep 0.05
    done
    export DISPLAY=":$(head -n1 "$tmp/display")"
  fi
  dbus-run-session "${bus_args[@]}" -- "$0" "$@"
  rc=$?
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  exit $rc
fi

keyring_pid=
if [ "${KB_TEST_KEYRING:-0}" = 1 ]; then
  printf 'kabinet-test' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring_pid=$!
  for _ in $(seq 100); do
    if gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
         --method org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true; then
      break
    fi
    sleep 0.05
  done
fi

"$@"
rc=$?
if [ -n "$keyring_pid" ]; then
  kill "$keyring_pid" 2>/dev/null
  wait "$keyring_pid" 2>/dev/null
fi
exit $rc
