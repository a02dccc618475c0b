#!/usr/bin/env bash
# Runs the test layers in order (unit, ui, integration, e2e, faults) with Node's test runner,
# and the integration layer again on Docker 28 (the engine matrix, see below).
# Usage: bash test/run.sh [PATH...]   e.g. test/unit, or one file.
# Integration and e2e tests get an engine: IMGSH_TEST_DOCKER_HOST if set, else a private one
# that test/support/provision.sh brings up (and leaves running for the next run).
set -euo pipefail
cd "$(dirname "$0")/.."

files=()
for layer in test/unit test/ui test/integration test/e2e test/faults; do
  [ -d "$layer" ] || continue
  while IFS= read -r f; do files+=("$f"); done < <(
    find "$layer" -type f \( -name '*.test.ts' -o -name '*.test.tsx' \) | LC_ALL=C sort)
done

if [ $# -gt 0 ]; then
  declare -A matched=()
  selected=()
  for f in "${files[@]}"; do
    for arg in "$@"; do
      a=${arg#./}; a=${a%/}
      if [ "$f" = "$a" ] || [[ "$f" == "$a"/* ]]; then
        selected+=("$f"); matched[$arg]=1; break
      fi
    done
  done
  for arg in "$@"; do
    [ -n "${matched[$arg]:-}" ] || { echo "run.sh: no test files under $arg" >&2; exit 2; }
  done
  files=("${selected[@]}")
fi
[ ${#files[@]} -gt 0 ] || { echo "run.sh: no test files found" >&2; exit 2; }

echo "run.sh: ${#files[@]} test file(s)"
# Unit and UI files touch no engine and wait on conditions, not time: they run two at a time.
# Integration and end-to-end files share the engines and the terminal: one at a time.
fast=(); slow=()
for f in "${files[@]}"; do
  if [[ "$f" == test/unit/* || "$f" == test/ui/* ]]; then fast+=("$f"); else slow+=("$f"); fi
done
run() {
  node --import tsx --test --test-concurrency="$1" --test-reporter=spec \
    --test-timeout="${IMGSH_TEST_TIMEOUT_MS:-120000}" "${@:2}"
}
status=0

# The engines are provisioned while the unit and UI files run: on a new machine that is mostly
# waiting on apt and downloads, beside tests that need no engine. Its report follows theirs.
provision_pid=
if [ ${#slow[@]} -gt 0 ]; then
  provision_log=$(mktemp)
  bash test/support/provision.sh >"$provision_log" 2>&1 &
  provision_pid=$!
  # a background job ignores Ctrl-C: stop it with the run
  trap 'kill "$provision_pid" 2>/dev/null; rm -f "$provision_log"' INT TERM
fi
if [ ${#fast[@]} -gt 0 ]; then run "${IMGSH_TEST_JOBS:-2}" "${fast[@]}" || status=$?; fi
if [ -n "$provision_pid" ]; then
  provisioned=0
  wait "$provision_pid" || provisioned=$?
  trap - INT TERM
  cat "$provision_log"
  rm -f "$provision_log"
  [ "$provisioned" -eq 0 ] || { echo "run.sh: provisioning the test engines failed (above is why)" >&2; exit "$provisioned"; }
  if [ -z "${IMGSH_TEST_DOCKER_HOST:-}" ]; then
    set -a; . "${IMGSH_TEST_ROOT:-/var/tmp/imgsh-test}/env"; set +a
    export IMGSH_TEST_PROVISIONED=1
  fi
  export IMGSH_TEST_FIXTURE=${IMGSH_TEST_FIXTURE:-imgsh-fixture/busybox:latest}
  # Anything that falls back to DOCKER_HOST hits the test engine, never the machine's own.
  export DOCKER_HOST=$IMGSH_TEST_DOCKER_HOST
fi

# The engine matrix (issue 14): integration and end-to-end files run a second time on Docker 28
# with the containerd store (provision-modern.sh), after the first leg's integration files. By
# default the files whose answers differ by engine: integration (images, sizes, platforms,
# save/load, prune, registry, builds, layers) and end-to-end (a failed build: its screen, x, f,
# e and the fix prompt); IMGSH_TEST_MATRIX=full runs every integration and end-to-end file there, off
# none. One leg at a time: on two cores side by side took longer (364 s and 370 s against ~170 s
# each). Suites that address their engines themselves skip on the second leg. In CI, an engine
# that did not start fails the run.
integration=(); rest=()
for f in "${slow[@]}"; do
  if [[ "$f" == test/integration/* ]]; then integration+=("$f"); else rest+=("$f"); fi
done
ENGINE_FILES=" integration/sizes integration/platforms integration/ops-registry integration/ops-archive-prune integration/ops-archive-load integration/build integration/layers integration/layers-oci integration/diff integration/advice integration/docker-forms integration/docker-forms-changes integration/docker-script e2e/failed-build "
leg=()
case "${IMGSH_TEST_MATRIX:-on}" in
  off) ;;
  full) for f in "${slow[@]}"; do [[ "$f" == test/faults/* ]] || leg+=("$f"); done ;;
  *) for f in "${slow[@]}"; do
       n=${f#test/}; n=${n%.test.ts}
       [[ "$ENGINE_FILES" == *" $n "* ]] && leg+=("$f")
     done ;;
esac
if [ ${#leg[@]} -gt 0 ] && [ -z "${IMGSH_TEST_MODERN_HOST:-}" ]; then
  echo "run.sh: docker28 leg: no IMGSH_TEST_MODERN_HOST (test/support/provision-modern.sh did not start the engine, above is why)" >&2
  # a run that provisioned its engines must have this one; an engine the user gave comes alone
  [ -z "${CI:-}" ] || [ -z "${IMGSH_TEST_PROVISIONED:-}" ] || status=1
  leg=()
fi
faults=(); e2e=()
for f in "${rest[@]}"; do
  if [[ "$f" == test/faults/* ]]; then faults+=("$f"); else e2e+=("$f"); fi
done
# Files that use engines of their own (Podman 4.3 and 5) run with the fault suite, which ends
# ~50 s before the docker28 leg beside it: that much less in the first leg, which runs alone.
BESIDE_FILES=" integration/podman "
first=()
for f in "${integration[@]}"; do
  n=${f#test/}; n=${n%.test.ts}
  if [[ "$BESIDE_FILES" == *" $n "* ]]; then faults+=("$f"); else first+=("$f"); fi
done
integration=(${first[@]+"${first[@]}"})
# The first leg's files run two at a time on the one engine, but these, alone after them: they
# compare engine-wide state with docker's (system df, every image), prune (the engine refuses a
# second prune meanwhile), use the machine-wide failed-build state of one-shot builds, or count
# ssh forwards and debug containers machine-wide. The others touch only what they labelled.
SERIAL_FILES=" integration/docker-forms integration/docker-forms-changes integration/docker-script integration/build integration/debug-stages integration/engine-ssh-forward integration/cp-dir "
paired=(); alone=()
for f in ${integration[@]+"${integration[@]}"}; do
  n=${f#test/}; n=${n%.test.ts}
  if [[ "$SERIAL_FILES" == *" $n "* ]]; then alone+=("$f"); else paired+=("$f"); fi
done
if [ ${#paired[@]} -gt 0 ]; then run "${IMGSH_TEST_JOBS:-2}" "${paired[@]}" || status=$?; fi
if [ ${#alone[@]} -gt 0 ]; then run 1 "${alone[@]}" || status=$?; fi
# The docker28 leg runs beside the fault suite: different engines (the fault suite's own
# killable dockerd), and the fault suite mostly waits on daemons it stops and starts. The leg's
# report is kept apart and printed after it, so the two do not interleave.
leg_pid=
if [ ${#leg[@]} -gt 0 ]; then
  leg_log=$(mktemp)
  ( export IMGSH_TEST_LEG=docker28 IMGSH_TEST_DOCKER_HOST=$IMGSH_TEST_MODERN_HOST DOCKER_HOST=$IMGSH_TEST_MODERN_HOST
    run 1 "${leg[@]}" ) >"$leg_log" 2>&1 &
  leg_pid=$!
fi
if [ ${#faults[@]} -gt 0 ]; then run 1 "${faults[@]}" || status=$?; fi
# The end-to-end files start when the fault suite ends, while the docker28 leg finishes (~40 s
# more): they drive the first engine in terminals of their own (a tmux server per process).
if [ ${#e2e[@]} -gt 0 ]; then run 1 "${e2e[@]}" || status=$?; fi
if [ -n "$leg_pid" ]; then
  wait "$leg_pid" || status=$?
  echo "run.sh: docker28 leg: ${#leg[@]} file(s) on $IMGSH_TEST_MODERN_HOST (Docker 28, containerd store), run beside the fault suite and the first end-to-end files"
  cat "$leg_log"
  rm -f "$leg_log"
fi
exit "$status"
