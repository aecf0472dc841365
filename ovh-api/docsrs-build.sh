#!/usr/bin/env bash
# Builds ovh-api's documentation the way docs.rs does, and prints what the build cost: the
# wall time and peak memory of rustdoc documenting ovh-api (what docs.rs's limits are about),
# the whole cargo command's wall time, and the size of the HTML. DOCSRS.md beside this script
# has the figures and where the memory goes.
#
#   ovh-api/docsrs-build.sh [--deny-warnings] [--no-target] [extra rustdoc arguments...]
#
# What docs.rs runs (its builder, rust-lang/docs.rs), reproduced with the installed stable
# toolchain: RUSTC_BOOTSTRAP=1 unlocks the nightly-only flags (docs.rs uses a nightly):
# - `cargo rustdoc --lib -Zrustdoc-map -Zunstable-options --target <the first target>`, with
#   the features and `cargo-args` of `[package.metadata.docs.rs]` (read from
#   ovh-api/Cargo.toml), one job,
#   `DOCS_RS=1` in the environment and the crates.io extern map pointing at docs.rs;
# - rustdoc flags: `--cfg docsrs`, the metadata's `rustdoc-args`, `--emit=invocation-specific`
#   (today's docs.rs says `html-non-static-files`, the newer name rustdoc 1.95 does not know
#   yet), `--resource-suffix`, `--static-root-path /-/rustdoc.static/`, `--cap-lints warn`,
#   `--extern-html-root-takes-precedence`;
# - a fresh output directory: rustdoc merges the search index and implementor lists it finds
#   there, which costs memory and time docs.rs never spends.
# Left out: `-Zrustdoc-scrape-examples` (the published package holds no example to scrape:
# see `include` in Cargo.toml), and docs.rs's two other rustdoc runs before the HTML one
# (JSON output, and documentation coverage), whose failures do not fail a docs.rs build.
#
# Options:
# - `--deny-warnings` (CI) replaces `--cap-lints warn` with `-D warnings`.
# - `--no-target` leaves out `--target`: the build then reuses the host's dependency builds in
#   target/debug/ (what CI's earlier steps built) and writes target/doc/ (emptied first);
#   rustdoc documents the same. Without it, the dependencies are built once more into
#   target/<target>/ and the HTML goes to target/<target>/doc/, leaving target/doc/ alone.
# - Extra arguments go to rustdoc, e.g. `-Z time-passes` (memory after each pass).
# - DOCSRS_FEATURES="a,b" documents these features alone (no default ones) instead of the
#   metadata's, to measure what a part of the API set costs.
# - DOCSRS_CARGO_ARGS="-Z..." adds cargo arguments, to try one before it goes in the metadata.
# - DOCSRS_JOBS (default 1, as docs.rs) sets cargo's jobs: the dependencies build faster with
#   more, and rustdoc of ovh-api runs last, alone, whatever the number.
# - CARGO_TARGET_DIR is honoured (default: the workspace's target/).
#
# Exit status: non-zero when the build fails or rustdoc's peak memory exceeds
# DOCSRS_MAX_RSS_MB (default 3000, the goal under docs.rs's 6.44 GB kill limit). The time
# goal (DOCSRS_MAX_SECONDS, default 300, for rustdoc of ovh-api) is only reported: wall time
# on a shared, loaded machine varies too much to fail a build on it.
set -euo pipefail
cd "$(dirname "$0")/.."

max_rss_mb=${DOCSRS_MAX_RSS_MB:-3000}
max_seconds=${DOCSRS_MAX_SECONDS:-300}
jobs=${DOCSRS_JOBS:-1}

lints=(--cap-lints warn)
use_target=1
while [ $# -gt 0 ]; do
  case "$1" in
    --deny-warnings) lints=(-D warnings) ;;
    --no-target) use_target=0 ;;
    *) break ;;
  esac
  shift
done
extra=("$@")

[ -x /usr/bin/time ] || { echo "docsrs-build: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

# [package.metadata.docs.rs] of ovh-api: cargo's feature arguments, the rustdoc arguments (both
# as JSON lists) and the target.
mapfile -t meta < <(cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
pkg = next(p for p in json.load(sys.stdin)["packages"] if p["name"] == "ovh-api")
m = (pkg.get("metadata") or {}).get("docs", {}).get("rs", {})
cargo = []
if m.get("all-features"): cargo.append("--all-features")
if m.get("no-default-features"): cargo.append("--no-default-features")
if m.get("features"): cargo += ["--features", ",".join(m["features"])]
targets = m.get("targets") or []
target = m.get("default-target") or (targets[0] if targets else "x86_64-unknown-linux-gnu")
print(json.dumps(cargo)); print(json.dumps(m.get("rustdoc-args", []))); print(target)
print(json.dumps(m.get("cargo-args", [])))
')
target=${meta[2]}
# A JSON list of strings, one per line (nothing for an empty list), for `mapfile`.
json_lines() {
  python3 -c 'import json, sys; sys.stdout.write("".join(a + "\n" for a in json.loads(sys.argv[1])))' "$1"
}
mapfile -t cargo_features < <(json_lines "${meta[0]}")
mapfile -t cargo_args < <(json_lines "${meta[3]}")
if [ -n "${DOCSRS_FEATURES:-}" ]; then
  cargo_features=(--no-default-features --features "$DOCSRS_FEATURES")
fi

version=$(rustc --version) # e.g. "rustc 1.95.0 (59807616e 2026-04-14)"
suffix=$(echo "$version" | sed -E 's/^rustc ([^ ]+) \(([0-9a-f]+) ([0-9-]+)\).*/-\1-\2-\3/')

# docs.rs passes `--cfg docsrs` first, then the metadata's rustdoc-args and
# `-Z unstable-options`, then its own flags.
rustdocflags=$(python3 -c '
import json, sys
args = ["--cfg", "docsrs"] + json.loads(sys.argv[1]) + ["-Z", "unstable-options"]
args += ["--emit=invocation-specific", "--resource-suffix", sys.argv[2],
         "--static-root-path", "/-/rustdoc.static/", "--extern-html-root-takes-precedence"]
args += sys.argv[3:]
print(json.dumps(args))
' "${meta[1]}" "$suffix" "${lints[@]}" "${extra[@]}")

target_dir=${CARGO_TARGET_DIR:-$PWD/target}
target_args=()
html="$target_dir/doc"
if [ "$use_target" = 1 ]; then
  target_args=(--target "$target")
  html="$target_dir/$target/doc"
fi

report=$(mktemp)
wrapper=$(mktemp)
trap 'rm -f "$report" "$wrapper"' EXIT
# rustdoc through a wrapper that measures the one invocation documenting ovh-api.
cat >"$wrapper" <<EOF
#!/usr/bin/env bash
case " \$* " in
  *" --crate-name ovh_api "*) exec /usr/bin/time -v -o "$report" rustdoc "\$@" ;;
  *) exec rustdoc "\$@" ;;
esac
EOF
chmod +x "$wrapper"

rm -rf "$html"
# cargo would skip rustdoc when ovh-api's sources and flags did not change since the last run.
touch ovh-api/src/lib.rs
echo "docs.rs build of ovh-api: $version, ${target_args[*]:-host target}, ${cargo_features[*]}, -j$jobs"
echo "rustdoc flags: $rustdocflags"
start=$(date +%s)
RUSTC_BOOTSTRAP=1 DOCS_RS=1 RUSTDOC="$wrapper" CARGO_TARGET_DIR="$target_dir" \
  cargo rustdoc -p ovh-api --lib -Zrustdoc-map -Zunstable-options ${cargo_features[@]+"${cargo_features[@]}"} \
  "${target_args[@]}" -j"$jobs" ${cargo_args[@]+"${cargo_args[@]}"} ${DOCSRS_CARGO_ARGS:-} \
  --config "doc.extern-map.registries.crates-io=\"https://docs.rs/{pkg_name}/{version}/$target\"" \
  --config "build.rustdocflags=$rustdocflags"
total=$(($(date +%s) - start))

[ -s "$report" ] || { echo "docsrs-build: rustdoc of ovh-api did not run" >&2; exit 1; }
rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$report")
wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$report")
seconds=$(echo "$wall" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%d", s }')
rss_mb=$((rss_kb / 1000))
html_mb=$(du -s --apparent-size -BM "$html" | cut -f1)
pages=$(find "$html/ovh_api" -name '*.html' | wc -l)

echo
echo "rustdoc (ovh-api):  $wall wall, ${rss_mb} MB peak RSS (limit ${max_rss_mb} MB)"
echo "cargo rustdoc:      ${total} s wall, dependencies included"
echo "HTML:               $html_mb in all ($pages pages under ovh_api/), in $html"
echo "machine load:       $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"

status=0
if [ "$rss_mb" -gt "$max_rss_mb" ]; then
  echo "docsrs-build: FAIL: rustdoc's peak memory ${rss_mb} MB exceeds ${max_rss_mb} MB" >&2
  status=1
fi
if [ "$seconds" -gt "$max_seconds" ]; then
  echo "docsrs-build: note: rustdoc took ${seconds} s, over the ${max_seconds} s goal (not an error: wall time depends on the machine's load)" >&2
fi
exit $status
