#!/usr/bin/env bash
# Brings up what integration and e2e tests need, reusing whatever already runs:
# a private dockerd, two loopback registries (the second with htpasswd auth) and the
# busybox fixture image. Writes $R/env for test/run.sh and test/support/engine.ts.
# With IMGSH_TEST_DOCKER_HOST set it touches nothing but the fixture image on that engine.
set -euo pipefail

R=${IMGSH_TEST_ROOT:-/var/tmp/imgsh-test}
FIXTURE=imgsh-fixture/busybox:latest
REGISTRY=127.0.0.1:5055
AUTH_REGISTRY=127.0.0.1:5056
AUTH_USER=imgsh
AUTH_PASS=imgsh-test-pass
export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a

say() { echo "provision: $*"; }
die() { echo "provision: error: $*" >&2; exit 1; }

missing=()
want() { # want PACKAGE CHECK-COMMAND...: queue PACKAGE when the check fails
  "${@:2}" >/dev/null 2>&1 || missing+=("$1")
}
static_busybox() { dpkg-query -W -f='${Status}' busybox-static | grep -q 'ok installed'; }
install_missing() {
  [ ${#missing[@]} -gt 0 ] || return 0
  local pkgs log
  pkgs=$(printf '%s\n' "${missing[@]}" | sort -u | xargs)
  [ "$(id -u)" = 0 ] || die "missing packages: $pkgs (install them, or run as root)"
  say "installing $pkgs"
  log=$(mktemp)
  # Packages must not start their system services (an sshd on :22, a dockerd on the default
  # socket): only the private ones below run. policy-rc.d 101 = "action forbidden".
  local policy=/usr/sbin/policy-rc.d own_policy=
  if [ ! -e $policy ]; then printf '#!/bin/sh\nexit 101\n' >$policy && chmod +x $policy && own_policy=1; fi
  { apt-get update -q && apt-get install -y -q --no-install-recommends $pkgs; } >"$log" 2>&1 ||
    { [ -z "$own_policy" ] || rm -f $policy; cat "$log" >&2; die "apt-get failed for: $pkgs"; }
  [ -z "$own_policy" ] || rm -f $policy
  rm -f "$log"
  missing=()
}

fixture_ok() {
  [ "$(docker image inspect -f '{{index .Config.Labels "imgsh.fixture"}}' "$FIXTURE" 2>/dev/null)" = busybox ]
}
ensure_fixture() {
  if fixture_ok; then say "fixture: reusing $FIXTURE"; return; fi
  want busybox-static static_busybox
  install_missing
  bash "$(dirname "$0")/fixture-tar.sh" |
    docker import -c 'CMD ["/bin/sh"]' -c 'LABEL imgsh.fixture=busybox' - "$FIXTURE" >/dev/null
  fixture_ok || die "fixture import of $FIXTURE failed"
  say "fixture: imported $FIXTURE"
}

if [ -n "${IMGSH_TEST_DOCKER_HOST:-}" ]; then
  export DOCKER_HOST=$IMGSH_TEST_DOCKER_HOST
  want docker.io command -v docker
  install_missing
  docker version --format '{{.Server.Version}}' >/dev/null ||
    die "the engine at IMGSH_TEST_DOCKER_HOST=$DOCKER_HOST does not answer"
  say "engine: using IMGSH_TEST_DOCKER_HOST=$DOCKER_HOST"
  ensure_fixture
  exit 0
fi

want docker.io test -x /usr/sbin/dockerd
want docker.io command -v docker
want docker-registry test -x /usr/bin/docker-registry
want busybox-static static_busybox
want tmux command -v tmux
want apache2-utils command -v htpasswd
want curl command -v curl
# Writes OCI archives for the load and layer tests (engine 20.10 only writes docker-archive).
want skopeo command -v skopeo
want openssl command -v openssl
want time test -x /usr/bin/time
want openssh-server test -x /usr/sbin/sshd
want openssh-client command -v ssh-keygen
want podman command -v podman
install_missing
mkdir -p "$R"

# --- engine -------------------------------------------------------------------------
export DOCKER_HOST=unix://$R/docker.sock
engine_up() { timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
wait_for() { # wait_for SECONDS CHECK...
  local deadline=$((SECONDS + $1))
  until "${@:2}"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

start_dockerd() { # start_dockerd SUFFIX DOCKERD-ARGS...: a private dockerd ($R/docker$SUFFIX.sock)
  local n=$1 sock=unix://$R/docker$1.sock pid t0
  shift
  if DOCKER_HOST=$sock engine_up; then say "engine: reusing dockerd at $sock"; return; fi
  pid=$(cat "$R/docker$n.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && grep -qa dockerd "/proc/$pid/cmdline" 2>/dev/null; then
    say "engine: dockerd (pid $pid) runs but does not answer yet; waiting"
  else
    # A dead daemon leaves its pidfile and socket behind; dockerd refuses a live-looking pidfile.
    # It also leaves its network store full of sandboxes of containers that died with it; dockerd
    # removes them one by one at start (~90 ms each, 389 of them once made CI time out). Nothing
    # runs on this private engine now, so the store is dropped and rebuilt from scratch. So is
    # its containerd's pidfile: a reused pid there makes dockerd wait for a containerd that is not.
    rm -f "$R/docker$n.pid" "$R/docker$n.sock" "$R/data$n/network/files/local-kv.db" \
      "$R/exec$n/containerd/containerd.pid"
    setsid nohup /usr/sbin/dockerd --host "$sock" --data-root "$R/data$n" \
      --exec-root "$R/exec$n" --pidfile "$R/docker$n.pid" --bridge none \
      --iptables=false --ip-masq=false "$@" >"$R/dockerd$n.log" 2>&1 </dev/null &
  fi
  t0=$(date +%s%N)
  DOCKER_HOST=$sock wait_for 120 engine_up || {
    tail -n 25 "$R/dockerd$n.log" >&2 || true
    die "dockerd at $sock did not answer within 120 s (log above: $R/dockerd$n.log)"
  }
  say "engine: started dockerd at $sock in $((($(date +%s%N) - t0) / 1000000)) ms"
}
start_dockerd ''

# --- registries ----------------------------------------------------------------------
plain_up() { curl -sf -o /dev/null --max-time 2 "http://$REGISTRY/v2/"; }
auth_up() { curl -sf -o /dev/null --max-time 2 -u "$AUTH_USER:$AUTH_PASS" "http://$AUTH_REGISTRY/v2/"; }

start_registry() { # start_registry NAME ADDR CHECK [EXTRA-CONFIG]
  local name=$1 addr=$2 check=$3 dir=$R/registry
  if $check; then say "registry: reusing $name at $addr"; return; fi
  mkdir -p "$dir"
  cat >"$dir/$name.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/data/$name
  delete:
    enabled: true
http:
  addr: $addr
  secret: imgsh-test-only
${4:-}
EOF
  setsid nohup docker-registry serve "$dir/$name.yml" >"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
  wait_for 10 $check || {
    tail -n 15 "$dir/$name.log" >&2 || true
    die "registry $name did not answer on $addr (is the port taken?)"
  }
  say "registry: started $name at $addr"
}

htpasswd_file=$R/registry/htpasswd
if ! auth_up; then
  mkdir -p "$R/registry"
  htpasswd -vb "$htpasswd_file" "$AUTH_USER" "$AUTH_PASS" >/dev/null 2>&1 ||
    htpasswd -Bbc "$htpasswd_file" "$AUTH_USER" "$AUTH_PASS" 2>/dev/null
fi
start_registry plain "$REGISTRY" plain_up
start_registry auth "$AUTH_REGISTRY" auth_up "auth:
  htpasswd:
    realm: imgsh-test
    path: $htpasswd_file"

# --- fixture -------------------------------------------------------------------------
ensure_fixture

# --- a second engine, also on TCP with TLS -----------------------------------------------
# For contexts (two engines) and tcp:// + TLS. Certificates: a CA, the server's (127.0.0.1),
# a client's in DOCKER_CERT_PATH layout, and the same client trusting another CA (must fail).
TLS=$R/tls
TLS_PORT=5057
make_certs() {
  [ -f "$TLS/client/key.pem" ] && [ -f "$TLS/wrong-ca/ca.pem" ] && return
  rm -rf "$TLS" && mkdir -p "$TLS"/{ca,other-ca,server,client,wrong-ca}
  (
    cd "$TLS"
    ossl() { openssl "$@" 2>/dev/null; }
    for ca in ca other-ca; do
      ossl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=imgsh test $ca" \
        -keyout $ca/ca-key.pem -out $ca/ca.pem
    done
    sign() { # sign DIR CN EXTENSIONS
      ossl req -newkey rsa:2048 -nodes -subj "/CN=$2" -keyout "$1/key.pem" -out "$1/req.csr"
      printf '%s\n' "$3" >"$1/ext.cnf"
      ossl x509 -req -in "$1/req.csr" -CA ca/ca.pem -CAkey ca/ca-key.pem -CAcreateserial \
        -days 3650 -extfile "$1/ext.cnf" -out "$1/cert.pem"
      rm -f "$1/req.csr" "$1/ext.cnf"
    }
    sign server 127.0.0.1 $'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth'
    sign client imgsh-test-client 'extendedKeyUsage=clientAuth'
    cp ca/ca.pem client/ca.pem
    cp client/cert.pem client/key.pem wrong-ca/ && cp other-ca/ca.pem wrong-ca/ca.pem
    chmod 600 ./*/key.pem ./*/ca-key.pem
  )
  [ -f "$TLS/client/cert.pem" ] || die "could not make test certificates with openssl"
}
make_certs
start_dockerd 2 --host "tcp://127.0.0.1:$TLS_PORT" --tlsverify --tlscacert "$TLS/ca/ca.pem" \
  --tlscert "$TLS/server/cert.pem" --tlskey "$TLS/server/key.pem"
DOCKER2=unix://$R/docker2.sock
if [ "$(DOCKER_HOST=$DOCKER2 docker image inspect -f '{{index .Config.Labels "imgsh.fixture"}}' "$FIXTURE" 2>/dev/null)" != busybox ]; then
  docker save "$FIXTURE" | DOCKER_HOST=$DOCKER2 docker load -q >/dev/null
  say "fixture: copied $FIXTURE to the second engine"
fi

# --- sshd in front of the first engine ---------------------------------------------------
# Its own port, host key, client key and client config; `ssh` in $SSH/bin is a wrapper that
# uses that config, so tests reach it as ssh://imgsh-test-ssh through the system ssh client.
SSH=$R/ssh
SSH_PORT=5022
ssh_up() { "$SSH/bin/ssh" imgsh-test-ssh true >/dev/null 2>&1; }
write_ssh_files() {
  mkdir -p "$SSH/bin" /run/sshd
  [ -f "$SSH/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSH/host_ed25519"
  [ -f "$SSH/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSH/id_ed25519"
  cp "$SSH/id_ed25519.pub" "$SSH/authorized_keys"
  echo "[127.0.0.1]:$SSH_PORT $(cut -d' ' -f1,2 "$SSH/host_ed25519.pub")" >"$SSH/known_hosts"
  local user
  user=$(id -un)
  printf '%s\n' "Port $SSH_PORT" "ListenAddress 127.0.0.1" "HostKey $SSH/host_ed25519" \
    "PidFile $SSH/sshd.pid" "AuthorizedKeysFile $SSH/authorized_keys" "AllowUsers $user" \
    "PermitRootLogin prohibit-password" "PasswordAuthentication no" \
    "KbdInteractiveAuthentication no" "StrictModes no" "UsePAM no" \
    "SetEnv DOCKER_HOST=unix://$R/docker.sock" >"$SSH/sshd_config"
  printf '%s\n' "Host imgsh-test-ssh" "  HostName 127.0.0.1" "  Port $SSH_PORT" "  User $user" \
    "  IdentityFile $SSH/id_ed25519" "  IdentitiesOnly yes" "  UserKnownHostsFile $SSH/known_hosts" \
    "  StrictHostKeyChecking yes" "  BatchMode yes" >"$SSH/config"
  printf '%s\n' '#!/bin/sh' "exec /usr/bin/ssh -F '$SSH/config' \"\$@\"" >"$SSH/bin/ssh"
  chmod +x "$SSH/bin/ssh"
}
start_sshd() {
  write_ssh_files
  if ssh_up; then say "sshd: reusing 127.0.0.1:$SSH_PORT"; return; fi
  /usr/sbin/sshd -t -f "$SSH/sshd_config" || die "sshd rejects $SSH/sshd_config"
  setsid /usr/sbin/sshd -f "$SSH/sshd_config" -E "$SSH/sshd.log" </dev/null
  wait_for 10 ssh_up || {
    tail -n 15 "$SSH/sshd.log" >&2 || true
    die "sshd on 127.0.0.1:$SSH_PORT does not let the test key in (log above: $SSH/sshd.log)"
  }
  say "sshd: started on 127.0.0.1:$SSH_PORT"
}
start_sshd

# --- Podman's Docker-compatible service ------------------------------------------------
# Its own storage under $R/podman; registries.conf lets it use the loopback registries over
# HTTP; containers.conf: events to a file (there is no journald), no network namespace setup
# (no CNI/netavark installed), and rlimits this machine allows (podman asks for the maximum).
PODMAN=$R/podman
PODMAN_SOCK=unix://$R/podman.sock
podman_up() { curl -sf -o /dev/null --max-time 2 --unix-socket "$R/podman.sock" http://d/_ping; }
start_podman() {
  mkdir -p "$PODMAN"
  printf '%s\n' 'unqualified-search-registries = []' \
    '[[registry]]' "location = \"$REGISTRY\"" 'insecure = true' \
    '[[registry]]' "location = \"$AUTH_REGISTRY\"" 'insecure = true' >"$PODMAN/registries.conf"
  printf '%s\n' '[containers]' "default_ulimits = [\"nofile=$(ulimit -Hn):$(ulimit -Hn)\", \"nproc=4096:4096\"]" \
    'netns = "none"' '[engine]' 'events_logger = "file"' "events_logfile_path = \"$PODMAN/events.log\"" >"$PODMAN/containers.conf"
  if podman_up; then say "podman: reusing $PODMAN_SOCK"; return; fi
  rm -f "$R/podman.sock"
  CONTAINERS_CONF=$PODMAN/containers.conf CONTAINERS_REGISTRIES_CONF=$PODMAN/registries.conf \
    setsid nohup podman --root "$PODMAN/root" --runroot "$PODMAN/run" --storage-driver overlay \
    system service --time=0 "$PODMAN_SOCK" >"$PODMAN/service.log" 2>&1 </dev/null &
  wait_for 30 podman_up || { tail -n 15 "$PODMAN/service.log" >&2 || true; die "podman did not answer on $PODMAN_SOCK"; }
  say "podman: started at $PODMAN_SOCK"
}
start_podman
if [ "$(DOCKER_HOST=$PODMAN_SOCK docker image inspect -f '{{index .Config.Labels "imgsh.fixture"}}' "$FIXTURE" 2>/dev/null)" != busybox ]; then
  docker save "$FIXTURE" | DOCKER_HOST=$PODMAN_SOCK docker load -q >/dev/null
  say "fixture: copied $FIXTURE to podman"
fi

# --- env file ----------------------------------------------------------------------------

cat >"$R/env" <<EOF
IMGSH_TEST_DOCKER_HOST=$DOCKER_HOST
IMGSH_TEST_REGISTRY=$REGISTRY
IMGSH_TEST_AUTH_REGISTRY=$AUTH_REGISTRY
IMGSH_TEST_FIXTURE=$FIXTURE
IMGSH_TEST_DOCKER_HOST2=$DOCKER2
IMGSH_TEST_TLS_HOST=tcp://127.0.0.1:$TLS_PORT
IMGSH_TEST_TLS_CERTS=$TLS/client
IMGSH_TEST_TLS_WRONG_CA=$TLS/wrong-ca
IMGSH_TEST_SSH_HOST=ssh://imgsh-test-ssh
IMGSH_TEST_SSH_BIN=$SSH/bin
IMGSH_TEST_PODMAN_HOST=$PODMAN_SOCK
EOF
say "env: wrote $R/env"

# --- a modern engine: Docker 28 with the containerd image store (heredocs, BuildKit) ---------
# Its own script; it adds IMGSH_TEST_MODERN_HOST to the env file. Without it the tests that
# need it fail, saying so.
bash "$(dirname "$0")/provision-modern.sh" ||
  say "modern engine: not started (the line above says why): the tests that need it will fail"

# --- Podman 5 (sid's podman on sid's glibc, patched in its private copy) -----------------------
# Its own script; it adds IMGSH_TEST_PODMAN5_HOST to the env file.
bash "$(dirname "$0")/provision-podman5.sh" ||
  say "podman 5: not started (the line above says why): the tests that need it will fail"
