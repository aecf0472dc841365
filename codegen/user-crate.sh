# shellcheck shell=bash
# Sourced by codegen/user-build-cost.sh and codegen/ide-cost.sh (not run on its own): where
# their throwaway user crates get ovh-api from.
#
# ovh_api_source KIND ROOT WORK prints the source keys of a user crate's `ovh-api` dependency:
#   package  the package `cargo package` would publish from the workspace at ROOT (the working
#            tree, uncommitted changes included), committed to a local git repository under
#            WORK: cargo builds it as a non-local dependency, as it does a crates.io one
#            (no incremental compilation, warnings capped), and rust-analyzer sees a library
#            (no diagnostics, bodies analysed only on demand), as with a crates.io one;
#   path     ROOT/ovh-api itself: a local dependency (incremental, warnings shown, analysed by
#            rust-analyzer like the user's own code), as for a workspace or path user.
ovh_api_source() {
  local kind=$1 root=$2 work=$3 crate
  case $kind in
    package)
      (cd "$root" && CARGO_TARGET_DIR="$work/package-target" \
        cargo package -q -p ovh-api --no-verify --allow-dirty >/dev/null 2>&1) || {
        echo "cargo package -p ovh-api failed" >&2
        return 1
      }
      crate=$(echo "$work"/package-target/package/ovh-api-*.crate)
      [ -f "$crate" ] || { echo "cargo package made no .crate" >&2; return 1; }
      mkdir "$work/ovh-api"
      tar -xzf "$crate" -C "$work/ovh-api" --strip-components=1
      rm -rf "$work/package-target"
      git -C "$work/ovh-api" init -q
      git -C "$work/ovh-api" add -A
      git -C "$work/ovh-api" -c user.name=measure -c user.email=measure@localhost \
        commit -q -m "ovh-api as packaged"
      echo "git = \"file://$work/ovh-api\""
      ;;
    path)
      echo "path = \"$root/ovh-api\""
      ;;
    *)
      echo "unknown ovh-api source $kind" >&2
      return 1
      ;;
  esac
}

# user_manifest DIR CONFIG SOURCE writes DIR/Cargo.toml (and copies ROOT's Cargo.lock, ROOT
# being the workspace: the same dependency versions) for a binary crate depending on ovh-api
# with the features CONFIG (`default` for the default features, else one feature such as `me`
# or `full`) from SOURCE (see ovh_api_source), and on tokio for `#[tokio::main]`.
user_manifest() {
  local dir=$1 config=$2 source=$3 root=$4 features
  if [ "$config" = default ]; then
    features=""
  else
    features="default-features = false, features = [\"$config\"], "
  fi
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "ovh-api-user"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
ovh-api = { ${features}$source }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
EOF
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
}
