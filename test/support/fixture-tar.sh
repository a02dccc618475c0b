#!/usr/bin/env bash
# Writes the busybox fixture's root filesystem as a tar to stdout: /bin/busybox from Debian's
# busybox-static and a link per applet. provision.sh and provision-modern.sh import it with
# `docker import -c 'CMD ["/bin/sh"]' -c 'LABEL imgsh.fixture=busybox' - imgsh-fixture/busybox:latest`.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/bin"
cp /usr/bin/busybox "$dir/bin/busybox"
for applet in $(/usr/bin/busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
done
tar -C "$dir" --owner=0 --group=0 --numeric-owner -c .
