#!/usr/bin/env bash
# Usage: codegen/user-build-cost.sh [--runs N] [--path] [--modes stable,hint] [FEATURES...]
#
# What a user's build of ovh-api costs on this machine (debug profile): a throwaway binary
# crate depending on ovh-api, in a temporary directory with its own target directory, for
# each feature set given (default: `me`, then `full`; `default` for the default features):
#
#   from scratch      an empty target directory, every dependency built (sources already
#                     downloaded: `cargo fetch` runs first and is not timed);
#   edit main.rs      then a one-line change to the user's own main.rs, rebuilt;
#   ovh-api rebuilt   then `cargo clean -p ovh-api` and a rebuild: ovh-api's own share.
#
# The user crate gets ovh-api the way a crates.io user does: the package `cargo package`
# would publish (the working tree, uncommitted changes included), served from a local git
# repository in the temporary directory, so cargo builds it as a non-local dependency
# (without incremental compilation, its warnings capped). `--path` depends on the workspace's
# ovh-api directory instead (what a path or workspace user gets: incremental, warnings shown).
# The workspace's Cargo.lock is copied into the user crate: the same dependency versions.
#
# Modes (`--modes`, comma-separated; default both):
#   stable  plain `cargo build`: what every user gets today (cargo ignores `[hints]`).
#   hint    `RUSTC_BOOTSTRAP=1 cargo build -Zprofile-hint-mostly-unused` with the profile
#           option `hint-mostly-unused` set for ovh-api, i.e. rustc's -Zhint-mostly-unused
#           on ovh-api alone, whether or not its manifest carries `[hints] mostly-unused`.
#
# Each run times every (feature set, mode) pair in turn, so that a change in the machine's
# load spreads over all of them; `--runs` (default 2) sets how many runs. Any warning cargo
# or rustc prints during a stable build is reported below the table. Prints a Markdown
# table. Not for CI: it builds the dependency tree from scratch several times (about
# 15 minutes on a quiet 2-core machine with the defaults). Needs git; no network but
# crates.io through cargo.
set -euo pipefail

runs=2
source_kind=package
modes=stable,hint
configs=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --path) source_kind=path; shift ;;
    --modes) modes=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) configs+=("$1"); shift ;;
  esac
done
[ ${#configs[@]} -gt 0 ] || configs=(me full)
IFS=, read -r -a mode_list <<<"$modes"
for mode in "${mode_list[@]}"; do
  case $mode in stable|hint) ;; *) echo "unknown mode $mode" >&2; exit 2 ;; esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ovh-api-user-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Each cargo call below names its target directory; an inherited one would be shared.
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

# shellcheck source=codegen/user-crate.sh
. "$root/codegen/user-crate.sh"
dependency=$(ovh_api_source "$source_kind" "$root" "$work")

# One user crate per feature set.
user_crate() {
  local config=$1 dir=$2
  user_manifest "$dir" "$config" "$dependency" "$root"
  # The user's program: one typed call (GET /me, in every feature set measured here).
  cat >"$dir/src/main.rs" <<'EOF'
//! A user of ovh-api: greets the account's owner.

/// Changed by the measuring script between two builds (the user's edit).
const EDIT: u32 = 0;

#[tokio::main]
async fn main() -> ovh_api::Result<()> {
    let client = ovh_api::Client::new()?;
    let me = client.me().get().await?;
    println!("{EDIT}: hello {}", me.nichandle);
    Ok(())
}
EOF
  (cd "$dir" && cargo fetch -q)
}

# cargo build in crate $1 with mode $2; extra cargo arguments follow. Cargo's and rustc's
# output goes to $1/build.log.
build() {
  local dir=$1 mode=$2
  shift 2
  if [ "$mode" = hint ]; then
    (cd "$dir" && RUSTC_BOOTSTRAP=1 cargo build -Zprofile-hint-mostly-unused \
      --config 'profile.dev.package.ovh-api.hint-mostly-unused = true' \
      --target-dir "$dir/target" "$@") >>"$dir/build.log" 2>&1
  else
    (cd "$dir" && cargo build --target-dir "$dir/target" "$@") >>"$dir/build.log" 2>&1
  fi || { cat "$dir/build.log" >&2; exit 1; }
}

# Seconds (one decimal) that the command given takes.
timed() {
  local start end
  start=$(date +%s%N)
  "$@"
  end=$(date +%s%N)
  printf '%.1f' "$(( (end - start) / 1000000 ))e-3"
}

declare -A scratch edit alone
for config in "${configs[@]}"; do
  user_crate "$config" "$work/user-$config"
done
echo "measuring ${configs[*]} (${mode_list[*]}), $runs run(s), ovh-api from the $source_kind;" \
  "load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq "$runs"); do
  for config in "${configs[@]}"; do
    dir="$work/user-$config"
    for mode in "${mode_list[@]}"; do
      key="$config/$mode"
      rm -rf "$dir/target" "$dir/build.log"
      t=$(timed build "$dir" "$mode")
      scratch[$key]+="${scratch[$key]:+ / }$t"
      sed -i "s/^const EDIT: u32 = [0-9]*;/const EDIT: u32 = $run;/" "$dir/src/main.rs"
      t=$(timed build "$dir" "$mode")
      edit[$key]+="${edit[$key]:+ / }$t"
      (cd "$dir" && cargo clean -q -p ovh-api --target-dir "$dir/target")
      t=$(timed build "$dir" "$mode")
      alone[$key]+="${alone[$key]:+ / }$t"
      if [ "$mode" = stable ] && grep -q '^warning' "$dir/build.log"; then
        echo "warnings in the stable build of the $config crate (run $run):" >&2
        grep -A3 '^warning' "$dir/build.log" | sort -u >&2
      fi
      echo "run $run, $key: ${scratch[$key]##* } s, ${edit[$key]##* } s, ${alone[$key]##* } s" \
        "(load $(cut -d' ' -f1 /proc/loadavg))" >&2
    done
  done
done

echo "| user crate's ovh-api features | build | from scratch | edit main.rs | ovh-api rebuilt |"
echo "| --- | --- | --- | --- | --- |"
for config in "${configs[@]}"; do
  for mode in "${mode_list[@]}"; do
    key="$config/$mode"
    case $mode in
      stable) label="cargo build" ;;
      hint) label="-Zprofile-hint-mostly-unused" ;;
    esac
    echo "| \`$config\` | $label | ${scratch[$key]} s | ${edit[$key]} s | ${alone[$key]} s |"
  done
done
echo "(ovh-api from the $source_kind, $(nproc) cores, load at the end:" \
  "$(cut -d' ' -f1-3 /proc/loadavg))"
