# Sourced by provision-modern.sh and provision-podman5.sh: Debian sid's .debs, fetched with a
# private apt state (nothing is installed) from the mirror this machine's apt sources name for
# bookworm, cached in a folder, and unpacked into a private root. Needs $R, `step` and `die`.

sid_mirror() { # the URI of the bookworm suite in the apt sources (deb822 first, then one-line)
  local mirror=
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    mirror=$(awk 'BEGIN { RS = "" }
      /(^|\n)Suites:[^\n]*[ \t]bookworm([ \t]|\n|$)/ {
        if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) {
          s = substr($0, RSTART, RLENGTH); sub(/^\n?URIs:[ \t]*/, "", s); print s; exit
        }
      }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
    mirror=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/ && $i ~ /:\/\//) { if ($(i + 1) == "bookworm") { print $i; exit } } }' /etc/apt/sources.list)
  fi
  [ -n "$mirror" ] || die "no bookworm mirror in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  echo "$mirror"
}

sid_why() { # the error apt wrote, on one line: a failed fetch first, else the last E:/W:
  { grep -E '^[EW]: (Failed to fetch|Unable to locate)' "$1" || grep -E '^[EW]:' "$1"; } | tail -n 1 | tr -s ' \t' ' ' | cut -c1-240
}

sid_fetch() { # sid_fetch DIR PKG...: downloads each PKG that has no .deb in DIR yet
  local dir=$1 p need=() mirror A log
  shift
  mkdir -p "$dir"
  for p in "$@"; do compgen -G "$dir/${p}_*.deb" >/dev/null || need+=("$p"); done
  [ ${#need[@]} -gt 0 ] || return 0
  mirror=$(sid_mirror)
  A=$R/sid-apt
  mkdir -p "$A/sources.list.d" "$A/preferences.d" "$A/state/lists/partial" "$A/cache/archives/partial"
  : >"$A/state/status"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror sid main" >"$A/sources.list"
  local apt_opts=(-o "Dir::Etc::SourceList=$A/sources.list" -o "Dir::Etc::SourceParts=$A/sources.list.d"
    -o "Dir::Etc::Preferences=$A/preferences" -o "Dir::Etc::PreferencesParts=$A/preferences.d"
    -o "Dir::State=$A/state" -o "Dir::State::Lists=$A/state/lists" -o "Dir::State::status=$A/state/status"
    -o "Dir::Cache=$A/cache" -o "APT::Sandbox::User=root" -o "Acquire::Languages=none" -o "Acquire::Retries=${SID_APT_RETRIES:-3}" -q)
  echo "${SAY_AS:-provision}: downloading ${need[*]} from $mirror sid"
  log=$dir/apt.log
  apt-get "${apt_opts[@]}" update >"$log" 2>&1 && ! grep -q '^[EW]: Failed to fetch' "$log" ||
    die "cannot download ${need[*]} from $mirror sid: apt-get update failed: $(sid_why "$log") (log: $log)"
  for p in "${need[@]}"; do
    (cd "$dir" && apt-get "${apt_opts[@]}" download "$p") >>"$log" 2>&1 ||
      die "cannot download $p from $mirror sid: $(sid_why "$log") (log: $log)"
    compgen -G "$dir/${p}_*.deb" >/dev/null || die "apt-get download left no ${p}_*.deb in $dir"
  done
}

sid_unpack() { # sid_unpack DIR ROOTFS PKG...: dpkg-deb -x of each newest .deb, again only when the set changed
  local dir=$1 rootfs=$2 p d debs=() want_list
  shift 2
  command -v dpkg-deb >/dev/null || die "dpkg-deb not found"
  for p in "$@"; do debs+=("$(ls -1 "$dir/${p}"_*.deb | sort -V | tail -n 1)"); done
  want_list=$(printf '%s\n' "${debs[@]##*/}")
  [ "$(cat "$rootfs/.debs" 2>/dev/null)" != "$want_list" ] || return 0
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  for d in "${debs[@]}"; do dpkg-deb -x "$d" "$rootfs" || die "dpkg-deb -x $d failed"; done
  printf '%s\n' "$want_list" >"$rootfs/.debs"
  echo "${SAY_AS:-provision}: unpacked ${debs[*]##*/} into $rootfs"
  UNPACKED=1
}
