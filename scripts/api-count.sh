#!/usr/bin/env bash
# Counts the core's public API: the items reachable from `campanile_core` through public paths
# (modules, types, traits, functions and inherent methods, constants; a re-export counted once,
# at its target), from rustdoc's JSON output (unstable, so RUSTC_BOOTSTRAP=1).
# Usage: scripts/api-count.sh [extra cargo rustdoc args, e.g. --no-default-features]
set -euo pipefail
cd "$(dirname "$0")/.."
RUSTC_BOOTSTRAP=1 cargo rustdoc -q -p campanile-core --lib "$@" -- -Z unstable-options --output-format json
python3 - "${CARGO_TARGET_DIR:-target}/doc/campanile_core.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
idx, root = d["index"], d["root"]
seen, kinds = set(), {}
def item(i):
    return idx.get(str(i))
def visit(i):
    if i in seen:
        return
    seen.add(i)
    it = item(i)
    if it is None or (it.get("visibility") != "public" and i != root):
        return
    kind = next(iter(it["inner"]))
    body = it["inner"][kind]
    if kind == "use":
        if body.get("id") is not None:
            visit(body["id"])
        return
    kinds[kind] = kinds.get(kind, 0) + 1
    if kind == "module":
        for c in body["items"]:
            visit(c)
    elif kind in ("struct", "enum", "trait"):
        for c in body.get("items", []):
            visit(c)
        for im in body.get("impls", []):
            imp = item(im)
            if imp and imp["inner"]["impl"].get("trait") is None:
                for c in imp["inner"]["impl"]["items"]:
                    visit(c)
visit(root)
print(f"public items: {sum(kinds.values())} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
PY
