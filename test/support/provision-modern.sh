#!/usr/bin/env bash
# Brings up, privately, a modern engine next to the 20.10 ones of provision.sh: Docker 28
# (Debian sid's docker.io) on containerd 2 (sid's containerd) with the containerd image store,
# and imports the busybox fixture into it. Nothing is installed from sid: the .debs are fetched
# with a private apt state into $M/debs (kept, so a second run downloads nothing) and unpacked
# into $M/root. runc is bookworm's /usr/sbin/runc (sid's needs a newer glibc).
# Leaves both daemons running; a second run only checks that the engine answers and has the fixture.
# Adds IMGSH_TEST_MODERN_HOST=unix://$M/docker.sock and IMGSH_TEST_MODERN_CLI (its docker CLI,
# 28.x: the docker-forms conformance test compares imgsh with it) to $R/env (other lines are kept).
set -Eeuo pipefail

R=${IMGSH_TEST_ROOT:-/var/tmp/imgsh-test}
M=$R/modern
ROOTFS=$M/root
FIXTURE=imgsh-fixture/busybox:latest
SOCK=$M/docker.sock
HOST=unix://$SOCK
CTRD_SOCK=$M/containerd.sock
# docker-buildx is not needed by the engine; it lets sid's CLI run `DOCKER_BUILDKIT=1 docker build`
# (with DOCKER_CONFIG=$M/cli, whose config.json points at the plugin).
PKGS=(docker.io docker-cli containerd docker-buildx)
export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a

step=start
SAY_AS=provision-modern
. "$(dirname "$0")/sid-debs.sh"
say() { echo "provision-modern: $*"; }
die() { echo "provision-modern: error: $step: $*" >&2; exit 1; }
trap 'rc=$?; echo "provision-modern: error: $step: \`$BASH_COMMAND\` failed (exit $rc)" >&2; exit 1' ERR

wait_up() { # wait_up SECONDS PID CHECK...: until CHECK passes; gives up early when PID exits
  local deadline=$((SECONDS + $1))
  until "${@:3}"; do
    [ $SECONDS -lt $deadline ] || return 1
    [ -z "$2" ] || kill -0 "$2" 2>/dev/null || { sleep 0.2; "${@:3}"; return; }
    sleep 0.1
  done
}
cli() { # sid's docker CLI once unpacked, else the system one
  if [ -x "$ROOTFS/usr/bin/docker" ]; then "$ROOTFS/usr/bin/docker" "$@"; else docker "$@"; fi
}
engine_up() { DOCKER_HOST=$HOST timeout 5 "$ROOTFS/usr/bin/docker" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
engine_version() { DOCKER_HOST=$HOST cli version --format '{{.Server.Version}}'; }
fixture_ok() {
  [ "$(DOCKER_HOST=$HOST cli image inspect -f '{{index .Config.Labels "imgsh.fixture"}}' "$FIXTURE" 2>/dev/null)" = busybox ]
}
write_env() {
  step="env file"
  mkdir -p "$R"
  local tmp
  tmp=$(mktemp "$R/env.XXXXXX")
  { grep -vE '^IMGSH_TEST_MODERN_(HOST|CLI)=' "$R/env" 2>/dev/null || true; echo "IMGSH_TEST_MODERN_HOST=$HOST"; echo "IMGSH_TEST_MODERN_CLI=$ROOTFS/usr/bin/docker"; } >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$R/env"
}
finish() {
  write_env
  say "DOCKER_HOST=$HOST (Docker $(engine_version), containerd-snapshotter)"
}

step="check root"
[ "$(id -u)" = 0 ] || die "run as root (it starts containerd and dockerd)"
step="paths"
# containerd refuses socket paths over 104 bytes; its longest is $M/containerd-debug.sock
[ $((${#M} + 23)) -le 104 ] || die "IMGSH_TEST_ROOT=$R is too long for unix socket paths under $M (at most $((104 - 23 - 7)) characters)"

# --- already up? ---------------------------------------------------------------------------
if [ -x "$ROOTFS/usr/bin/docker" ] && engine_up && fixture_ok; then
  finish
  exit 0
fi

# --- host packages (bookworm): runc for the shim, busybox-static for the fixture -----------
step="host packages"
missing=()
[ -x /usr/sbin/runc ] || missing+=(runc)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (bookworm)"
  log=$(mktemp)
  policy=/usr/sbin/policy-rc.d own_policy=
  if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' >$policy && chmod +x $policy && own_policy=1; fi
  { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 ||
    { [ -z "$own_policy" ] || rm -f $policy; tail -n 20 "$log" >&2; die "apt-get install ${missing[*]} failed"; }
  [ -z "$own_policy" ] || rm -f $policy
  rm -f "$log"
fi

# --- sid's .debs, downloaded with a private apt state, cached in $M/debs, unpacked into $ROOTFS --
step="download"
sid_fetch "$M/debs" "${PKGS[@]}"
step="unpack"
sid_unpack "$M/debs" "$ROOTFS" "${PKGS[@]}"
CLI_PLUGINS=$ROOTFS/usr/libexec/docker/cli-plugins
for b in usr/sbin/dockerd usr/bin/containerd usr/bin/containerd-shim-runc-v2 usr/bin/ctr usr/bin/docker; do
  [ -x "$ROOTFS/$b" ] || die "$ROOTFS/$b missing after unpacking"
done

# --- can this glibc run them? ----------------------------------------------------------
step="libraries"
for b in "$ROOTFS/usr/sbin/dockerd" "$ROOTFS/usr/bin/containerd" "$ROOTFS/usr/bin/containerd-shim-runc-v2" \
  "$ROOTFS/usr/bin/docker" /usr/sbin/runc; do
  bad=$(ldd "$b" 2>&1 | grep -E 'not found|version .* not found' || true)
  [ -z "$bad" ] || die "$b cannot run on this system's libraries: $(echo "$bad" | head -n 1 | xargs)"
done
# The buildx plugin is for the CLI only; sid's CLI finds it through $M/cli/config.json.
mkdir -p "$M/cli"
[ -f "$M/cli/config.json" ] || printf '{"cliPluginsExtraDirs":["%s"]}\n' "$CLI_PLUGINS" >"$M/cli/config.json"

# --- containerd 2 ----------------------------------------------------------------------------
step="containerd"
# sid's shim first; runc is not in $ROOTFS, so the shim runs bookworm's /usr/sbin/runc.
RUN_PATH=$ROOTFS/usr/bin:$ROOTFS/usr/sbin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ctrd_up() { timeout 5 "$ROOTFS/usr/bin/ctr" --address "$CTRD_SOCK" version >/dev/null 2>&1; }
mkdir -p "$M/containerd"
cat >"$M/containerd.toml" <<EOF
version = 3
root = "$M/containerd/root"
state = "$M/containerd/state"
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.cri.v1.images",
  "io.containerd.cri.v1.runtime",
  "io.containerd.nri.v1.nri",
]

[grpc]
  address = "$CTRD_SOCK"

[ttrpc]
  address = "$CTRD_SOCK.ttrpc"

[debug]
  address = "$M/containerd-debug.sock"

[plugins."io.containerd.internal.v1.opt"]
  path = "$M/containerd/opt"
EOF
if ctrd_up; then
  say "containerd: reusing $CTRD_SOCK"
else
  pid=$(cat "$M/containerd.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && grep -qa "$M/containerd.toml" "/proc/$pid/cmdline" 2>/dev/null; then
    say "containerd (pid $pid) runs but does not answer yet; waiting"
  else
    pid=
    rm -f "$M/containerd.pid" "$CTRD_SOCK" "$CTRD_SOCK.ttrpc" "$M/containerd-debug.sock"
    PATH=$RUN_PATH setsid nohup "$ROOTFS/usr/bin/containerd" --config "$M/containerd.toml" \
      >"$M/containerd.log" 2>&1 </dev/null &
    pid=$!
    echo $pid >"$M/containerd.pid"
  fi
  t0=$(date +%s%N)
  wait_up 30 "$pid" ctrd_up || {
    tail -n 25 "$M/containerd.log" >&2 || true
    kill -0 "$pid" 2>/dev/null || die "containerd exited at start (log above: $M/containerd.log)"
    die "containerd did not answer on $CTRD_SOCK within 30 s (log above: $M/containerd.log)"
  }
  say "containerd: started $("$ROOTFS/usr/bin/containerd" --version | awk '{print $3}') at $CTRD_SOCK in $((($(date +%s%N) - t0) / 1000000)) ms"
fi

# --- dockerd 28 ------------------------------------------------------------------------------
step="dockerd"
echo '{"features":{"containerd-snapshotter":true}}' >"$M/daemon.json"
pid=$(cat "$M/docker.pid" 2>/dev/null || true)
if engine_up; then
  say "engine: reusing dockerd at $HOST"
elif [ -n "$pid" ] && grep -qa dockerd "/proc/$pid/cmdline" 2>/dev/null; then
  say "dockerd (pid $pid) runs but does not answer yet; waiting"
else
  # As in provision.sh: a dead daemon leaves its pidfile, socket and network store behind.
  rm -f "$M/docker.pid" "$SOCK" "$M/data/network/files/local-kv.db"
  mkdir -p "$M/data" "$M/exec"
  PATH=$RUN_PATH setsid nohup "$ROOTFS/usr/sbin/dockerd" --config-file "$M/daemon.json" \
    --containerd "$CTRD_SOCK" --host "$HOST" --data-root "$M/data" --exec-root "$M/exec" \
    --pidfile "$M/docker.pid" --bridge none --iptables=false --ip6tables=false --ip-masq=false \
    >"$M/dockerd.log" 2>&1 </dev/null &
  pid=$!
fi
if ! engine_up; then
  t0=$(date +%s%N)
  wait_up 30 "$pid" engine_up || {
    tail -n 25 "$M/dockerd.log" >&2 || true
    kill -0 "$pid" 2>/dev/null || die "dockerd exited at start (log above: $M/dockerd.log)"
    die "dockerd did not answer on $HOST within 30 s (log above: $M/dockerd.log)"
  }
  say "engine: started dockerd $(engine_version) at $HOST in $((($(date +%s%N) - t0) / 1000000)) ms"
fi
driver=$(DOCKER_HOST=$HOST cli info --format '{{range .DriverStatus}}{{index . 0}}={{index . 1}} {{end}}')
case $driver in
  *io.containerd.snapshotter*) ;;
  *) die "dockerd runs without the containerd image store (driver status: $driver)" ;;
esac

# --- fixture: exactly as provision.sh builds it -------------------------------------------
step="fixture"
if fixture_ok; then
  say "fixture: reusing $FIXTURE"
else
  bash "$(dirname "$0")/fixture-tar.sh" |
    DOCKER_HOST=$HOST cli import -c 'CMD ["/bin/sh"]' -c 'LABEL imgsh.fixture=busybox' - "$FIXTURE" >/dev/null
  fixture_ok || die "import of $FIXTURE into $HOST failed"
  say "fixture: imported $FIXTURE"
fi

finish
