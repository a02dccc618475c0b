#!/usr/bin/env bash
# Brings up, privately, Podman 5 (Debian sid's podman) beside the 4.3 of provision.sh, with its own
# storage and socket, and copies the busybox fixture into it. Nothing is installed from sid: the
# .debs are fetched with a private apt state into $P/debs and unpacked into $P/sid. sid's podman
# and netavark need sid's glibc, so they are pointed at it with patchelf (interpreter and rpath,
# in the private copy only); conmon and runc are bookworm's. Needs provision.sh's env file (the
# registries and the 20.10 engine holding the fixture). Adds IMGSH_TEST_PODMAN5_HOST and
# IMGSH_TEST_PODMAN5_BIN to $R/env.
set -Eeuo pipefail

R=${IMGSH_TEST_ROOT:-/var/tmp/imgsh-test}
P=$R/podman5
ROOTFS=$P/sid
SOCK=$P/podman.sock
HOST=unix://$SOCK
BIN=$ROOTFS/usr/bin/podman
FIXTURE=imgsh-fixture/busybox:latest
# podman and the sid libraries it needs that bookworm has in older sonames only
PKGS=(podman netavark libc6 libsubid6 libgpgme45 libassuan9)
export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a

step=start
SAY_AS=provision-podman5
. "$(dirname "$0")/sid-debs.sh"
say() { echo "provision-podman5: $*"; }
die() { echo "provision-podman5: error: $step: $*" >&2; exit 1; }
trap 'rc=$?; echo "provision-podman5: error: $step: \`$BASH_COMMAND\` failed (exit $rc)" >&2; exit 1' ERR

up() { curl -sf -o /dev/null --max-time 2 --unix-socket "$SOCK" http://d/_ping; }
version() { curl -sf --max-time 5 --unix-socket "$SOCK" http://d/version | sed -n 's/.*"Version":"\([^"]*\)".*/\1/p' | head -n 1; }
fixture_ok() {
  [ "$(DOCKER_HOST=$HOST docker image inspect -f '{{index .Config.Labels "imgsh.fixture"}}' "$FIXTURE" 2>/dev/null)" = busybox ]
}
write_env() {
  step="env file"
  local tmp
  tmp=$(mktemp "$R/env.XXXXXX")
  { grep -v '^IMGSH_TEST_PODMAN5_' "$R/env" || true; echo "IMGSH_TEST_PODMAN5_HOST=$HOST"; echo "IMGSH_TEST_PODMAN5_BIN=$BIN"; } >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$R/env"
  say "DOCKER_HOST=$HOST (Podman $(version))"
}

step="check root"
[ "$(id -u)" = 0 ] || die "run as root (it starts podman's service)"
[ -f "$R/env" ] || die "no $R/env: run provision.sh first"
REGISTRY=$(sed -n 's/^IMGSH_TEST_REGISTRY=//p' "$R/env")
AUTH_REGISTRY=$(sed -n 's/^IMGSH_TEST_AUTH_REGISTRY=//p' "$R/env")
FIRST=$(sed -n 's/^IMGSH_TEST_DOCKER_HOST=//p' "$R/env")

if [ -x "$BIN" ] && up && fixture_ok; then write_env; exit 0; fi

step="host packages"
missing=()
command -v patchelf >/dev/null || missing+=(patchelf)
[ -x /usr/bin/conmon ] || missing+=(conmon)
[ -x /usr/sbin/runc ] || missing+=(runc)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (bookworm)"
  log=$(mktemp)
  { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; die "apt-get install ${missing[*]} failed"; }
  rm -f "$log"
fi

step="download"
sid_fetch "$P/debs" "${PKGS[@]}"
step="unpack"
sid_unpack "$P/debs" "$ROOTFS" "${PKGS[@]}"

step="libraries"
LIBS=$ROOTFS/usr/lib/x86_64-linux-gnu
for b in "$BIN" "$ROOTFS/usr/lib/podman/netavark"; do
  [ -x "$b" ] || die "$b missing after unpacking"
  [ "$(patchelf --print-interpreter "$b")" = "$LIBS/ld-linux-x86-64.so.2" ] ||
    patchelf --set-interpreter "$LIBS/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$LIBS" "$b"
  bad=$(ldd "$b" 2>&1 | grep -E 'not found' || true)
  [ -z "$bad" ] || die "$b cannot run here: $(echo "$bad" | head -n 1 | xargs) (a sid library to add to PKGS)"
done

step="service"
mkdir -p "$P"
printf '%s\n' 'unqualified-search-registries = []' \
  '[[registry]]' "location = \"$REGISTRY\"" 'insecure = true' \
  '[[registry]]' "location = \"$AUTH_REGISTRY\"" 'insecure = true' >"$P/registries.conf"
# as provision.sh's 4.3, plus what 5 needs: bookworm's runc and conmon, sid's netavark
printf '%s\n' '[containers]' "default_ulimits = [\"nofile=$(ulimit -Hn):$(ulimit -Hn)\", \"nproc=4096:4096\"]" \
  'netns = "none"' '[engine]' 'events_logger = "file"' "events_logfile_path = \"$P/events.log\"" \
  'runtime = "runc"' 'conmon_path = ["/usr/bin/conmon"]' "helper_binaries_dir = [\"$ROOTFS/usr/lib/podman\"]" \
  '[network]' 'network_backend = "netavark"' "network_config_dir = \"$P/networks\"" >"$P/containers.conf"
if up; then
  say "podman 5: reusing $HOST"
else
  rm -f "$SOCK"
  CONTAINERS_CONF=$P/containers.conf CONTAINERS_REGISTRIES_CONF=$P/registries.conf PODMAN_IGNORE_CGROUPSV1_WARNING=1 \
    setsid nohup "$BIN" --root "$P/storage" --runroot "$P/run" --storage-driver overlay \
    system service --time=0 "$HOST" >"$P/service.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 300); do up && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  up || { tail -n 15 "$P/service.log" >&2 || true; die "podman 5 did not answer on $HOST (log: $P/service.log)"; }
  say "podman 5: started $(version) at $HOST"
fi

step="fixture"
if ! fixture_ok; then
  DOCKER_HOST=$FIRST docker save "$FIXTURE" | DOCKER_HOST=$HOST docker load -q >/dev/null
  fixture_ok || die "copying $FIXTURE from $FIRST failed"
  say "fixture: copied $FIXTURE"
fi
write_env
