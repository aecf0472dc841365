#!/usr/bin/env bash
# Usage: codegen/ide-cost.sh [--runs N] [--path] [--edits N] [FEATURES...]
#
# What the IDE costs a user of ovh-api: rust-analyzer on a throwaway binary crate that depends
# on ovh-api (in a temporary directory, with its own target directory), for each feature set
# given (default: `default`, the default features, then `full`). For each it reports:
#
#   analysis-stats    wall time and peak memory (`/usr/bin/time -v`) of
#                     `rust-analyzer analysis-stats CRATE`: load the crate graph, run build
#                     scripts and proc macros, analyse the user's crate;
#   first completion  seconds from the language server's start (file opened) to the first
#                     completion after `client.dedicated().server().` that lists the node's
#                     methods (codegen/ide-cost-lsp.py drives the server);
#   first edit        that completion's latency after a first small edit of the file;
#   steady            median (and range) of its latency after each of N more such edits
#                     (`--edits`, default 10);
#   .await? fields    whether completion after `server.`, `server` being the model
#                     `....get().await?` answered, offers the model's fields;
#   server memory     the language server's peak resident memory (VmHWM) at the end.
#
# The user crate is `cargo check`ed first (not timed), so rust-analyzer's build-script run
# finds its dependencies built, as in a project the user has built before. ovh-api comes from
# its package, as from crates.io (rust-analyzer sees a library), or with `--path` from the
# workspace directory (see codegen/user-crate.sh). `--runs` (default 2) repeats everything.
#
# rust-analyzer is the crates.io build `ra_ap_rust-analyzer` 0.0.348 (the newest that builds
# with Rust 1.95), installed by this script on its first run (`cargo install`, about 18 minutes
# on 2 cores) under $OVH_API_RA_ROOT, default
# ${XDG_CACHE_HOME:-$HOME/.cache}/ovh-api-ide/ra-0.0.348, and reused afterwards. It needs the
# standard library's sources (`rustup component add rust-src`). Not for CI. Needs python3,
# git and GNU time; no network but crates.io through cargo.
set -euo pipefail

runs=2
source_kind=package
edits=10
configs=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --path) source_kind=path; shift ;;
    --edits) edits=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) configs+=("$1"); shift ;;
  esac
done
[ ${#configs[@]} -gt 0 ] || configs=(default full)

root=$(cd "$(dirname "$0")/.." && pwd)
ra_version=0.0.348
ra_root=${OVH_API_RA_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/ovh-api-ide/ra-$ra_version}
ra=$ra_root/bin/rust-analyzer
if [ ! -x "$ra" ]; then
  echo "installing rust-analyzer $ra_version into $ra_root (once; about 18 minutes on 2 cores)" >&2
  nice -n 10 cargo install ra_ap_rust-analyzer --version "$ra_version" --locked --root "$ra_root"
fi
sysroot=$(rustc --print sysroot)
if [ ! -d "$sysroot/lib/rustlib/src/rust/library" ]; then
  echo "rust-analyzer needs the standard library's sources: rustup component add rust-src" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ovh-api-ide.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR

# shellcheck source=codegen/user-crate.sh
. "$root/codegen/user-crate.sh"
dependency=$(ovh_api_source "$source_kind" "$root" "$work")

for config in "${configs[@]}"; do
  dir=$work/user-$config
  user_manifest "$dir" "$config" "$dependency" "$root"
  # The user's program. The language-server driver adds the completion sites after the
  # `let server` line in its copy of the file.
  cat >"$dir/src/main.rs" <<'EOF'
//! A user of ovh-api: where a dedicated server is.

/// Changed by the language-server driver between two completions (the user's edit).
const EDIT: u32 = 0;

#[tokio::main]
async fn main() -> ovh_api::Result<()> {
    let client = ovh_api::Client::new()?;
    let server = client.dedicated().server().service_name("ns1.example.net").get().await?;
    println!("{EDIT}: {} in {:?}", server.name, server.datacenter);
    Ok(())
}
EOF
  echo "cargo check of the $config crate (not timed)" >&2
  (cd "$dir" && cargo check -q --all-targets) >&2
done

# Field $2 of GNU time's report $1.
time_field() { sed -n "s/^[[:space:]]*$2: //p" "$1"; }
# A JSON field of the driver's report.
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
# "h:mm:ss" or "m:ss.ss" as seconds.
seconds() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s }'; }

declare -A stats_time stats_mem first first_edit steady fields server_mem
echo "rust-analyzer: $("$ra" --version); ${configs[*]}, $runs run(s); ovh-api from the" \
  "$source_kind; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq "$runs"); do
  for config in "${configs[@]}"; do
    dir=$work/user-$config
    /usr/bin/time -v -o "$work/time" "$ra" analysis-stats "$dir" >"$work/stats.log" 2>&1 || {
      cat "$work/stats.log" >&2
      exit 1
    }
    t=$(time_field "$work/time" "Elapsed (wall clock) time (h:mm:ss or m:ss)" | seconds)
    mb=$(( $(time_field "$work/time" "Maximum resident set size (kbytes)") / 1024 ))
    stats_time[$config]+="${stats_time[$config]:+ / }$t s"
    stats_mem[$config]+="${stats_mem[$config]:+ / }$mb MB"

    report=$(python3 "$root/codegen/ide-cost-lsp.py" "$ra" "$dir" --edits "$edits")
    f=$(json_field first_completion_s <<<"$report")
    range=$(python3 -c 'import json,sys; r=json.load(sys.stdin); s=r["steady_ms"];
print("%d ms (%d–%d)" % (r["steady_median_ms"], min(s), max(s)))' <<<"$report")
    ok=$(json_field await_fields_ok <<<"$report")
    hwm=$(json_field vm_hwm_mb <<<"$report")
    first[$config]+="${first[$config]:+ / }$f s"
    first_edit[$config]+="${first_edit[$config]:+ / }$(json_field first_edit_ms <<<"$report") ms"
    steady[$config]+="${steady[$config]:+ / }$range"
    [ "$ok" = True ] && ok=yes || ok="no: $(json_field await_fields <<<"$report")"
    fields[$config]+="${fields[$config]:+ / }$ok"
    server_mem[$config]+="${server_mem[$config]:+ / }$hwm MB"
    echo "run $run, $config: analysis-stats $t s $mb MB ($(grep -E '^(Database loaded|Total:)' \
      "$work/stats.log" | tr '\n' ' ')); LSP $report" \
      "(load $(cut -d' ' -f1 /proc/loadavg))" >&2
  done
done

echo "| user crate's ovh-api features | analysis-stats | its peak memory | first completion |" \
  "after a first edit | steady completion | fields after \`.await?\` | server's peak memory |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for config in "${configs[@]}"; do
  echo "| \`$config\` | ${stats_time[$config]} | ${stats_mem[$config]} | ${first[$config]} |" \
    "${first_edit[$config]} | ${steady[$config]} | ${fields[$config]} | ${server_mem[$config]} |"
done
echo "(rust-analyzer $ra_version, ovh-api from the $source_kind, $(nproc) cores, load at the" \
  "end: $(cut -d' ' -f1-3 /proc/loadavg))"
