#!/usr/bin/env bash
# The hub's DCAT-AP_IT export checked by pySHACL (PyPI, pinned) against the published DCAT-AP
# SHACL shapes. The shapes are not bundled (they are SEMIC's, not ours, and this machine has no
# network to fetch them): the check runs when CAMPANILE_DCAT_SHAPES names the shapes file (or a
# folder of .ttl shapes), or when the real-data folder (CAMPANILE_REAL_DATA) holds files named
# *shacl*.ttl; otherwise it says it is skipped and why. The hub is started on 127.0.0.1 on a
# throwaway SQLite database with the bundled sample places, and every comune's catalogue with
# places (Turtle and RDF/XML) is validated.
#
#   CAMPANILE_DCAT_SHAPES=dcat-ap-SHACL.ttl scripts/dcat-shacl.sh
#
# Checked by hand with SEMIC's published shapes (github.com/SEMICeu/DCAT-AP, commit 7c531da):
# releases/3.0.0/shacl/dcat-ap-SHACL.ttl and releases/2.1.1/dcat-ap_2.1.1_shacl_shapes.ttl,
# every catalogue conforming in both syntaxes.
set -euo pipefail
cd "$(dirname "$0")/.."
shapes=()
if [ -n "${CAMPANILE_DCAT_SHAPES:-}" ]; then
  if [ -d "$CAMPANILE_DCAT_SHAPES" ]; then
    while IFS= read -r f; do shapes+=("$f"); done < <(find "$CAMPANILE_DCAT_SHAPES" -name '*.ttl' | sort)
  else
    shapes+=("$CAMPANILE_DCAT_SHAPES")
  fi
elif [ -n "${CAMPANILE_REAL_DATA:-}" ] && [ -d "$CAMPANILE_REAL_DATA" ]; then
  while IFS= read -r f; do shapes+=("$f"); done < <(find "$CAMPANILE_REAL_DATA" -iname '*shacl*.ttl' | sort)
fi
if [ "${#shapes[@]}" -eq 0 ]; then
  echo "dcat-shacl: skipped: no DCAT-AP SHACL shapes here (set CAMPANILE_DCAT_SHAPES to the published shapes file, e.g. SEMIC's dcat-ap_2.1.1_shacl_shapes.ttl)"
  exit 0
fi
venv=target/shacl-venv
if [ ! -x "$venv/bin/pyshacl" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check pyshacl==0.40.1
fi
. scripts/throwaway-hub.sh
start_throwaway_hub
# The comuni whose sample has places.
comuni=$(curl -sf "$base/api/v1/comuni" | python3 -c 'import json, sys; print(" ".join(c["istat"] for c in json.load(sys.stdin)))')
cat "${shapes[@]}" >"$work/shapes.ttl" 2>/dev/null || true
status=0
checked=0
for istat in $comuni; do
  curl -sf "$base/api/v1/comuni/$istat/places" -o "$work/places.json" || continue
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if (d.get("places") if isinstance(d, dict) else d) else 1)' "$work/places.json" || continue
  for fmt in ttl:turtle rdf:xml; do
    ext=${fmt%%:*}
    curl -sf "$base/api/v1/comuni/$istat/catalog.$ext" -o "$work/catalog.$ext"
    for s in "${shapes[@]}"; do
      if ! "$venv/bin/pyshacl" -s "$s" -sf turtle -df "${fmt#*:}" -f human "$work/catalog.$ext" >"$work/report.txt" 2>&1; then
        echo "dcat-shacl: comune $istat, catalog.$ext does NOT conform to $(basename "$s"):"
        head -n 80 "$work/report.txt"
        status=1
      fi
    done
    checked=$((checked + 1))
  done
done
echo "dcat-shacl: $checked catalogues checked against ${#shapes[@]} shapes file(s)"
[ "$checked" -gt 0 ] || { echo "dcat-shacl: no catalogue with places to check" >&2; exit 1; }
exit "$status"
