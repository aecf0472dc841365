#!/usr/bin/env python3
"""The declared rust-version holds for the committed lock's dependencies.

Only the installed stable toolchain exists on CI, so the workspace's `rust-version` cannot
be tested by building with that old compiler. What can be checked: no package of the
committed Cargo.lock (every platform, dev and build dependencies included) declares a
`rust-version` newer than ours. Packages that declare none are listed, not failed.
(clippy's `incompatible_msrv` lint, on in CI's clippy steps, covers the other half: no use
of a standard-library API stabilised after our rust-version.)

Reads `cargo metadata --format-version 1 --locked` on stdin.
"""

import json
import sys


def version(text):
    parts = [int(p) for p in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    meta = json.load(sys.stdin)
    members = set(meta["workspace_members"])
    ours = {p["rust_version"] for p in meta["packages"] if p["id"] in members}
    if len(ours) != 1 or None in ours:
        sys.exit(f"the workspace members declare rust-versions {sorted(map(str, ours))}, expected one")
    ours = ours.pop()
    newer, undeclared = [], []
    for p in meta["packages"]:
        if p["id"] in members:
            continue
        declared = p.get("rust_version")
        if declared is None:
            undeclared.append(f"{p['name']} {p['version']}")
        elif version(declared) > version(ours):
            newer.append(f"{p['name']} {p['version']} needs Rust {declared}")
    print(
        f"rust-version {ours}: {len(meta['packages']) - len(members)} locked packages, "
        f"{len(undeclared)} declare no rust-version ({', '.join(sorted(undeclared))})"
    )
    if newer:
        sys.exit("locked packages newer than our rust-version:\n  " + "\n  ".join(sorted(newer)))


main()
