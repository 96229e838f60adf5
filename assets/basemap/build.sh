#!/usr/bin/env bash
# Rebuilds assets/basemap/piceno-fermano.pmtiles: a small vector-tile basemap of the Piceno
# and Fermano (southern Marche, Italy) from public-domain Natural Earth data, plus the sample
# comuni as places. Needs Node 20 (npm) and cargo; reaches only the npm registry.
#
# Rerunnable: everything it downloads or derives lives in a temporary folder that is removed
# on exit; it writes only piceno-fermano.pmtiles and LICENSE.world-atlas.txt beside itself.
#
# Environment: CAMPANILE=path/to/campanile uses that binary instead of `cargo run`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$HERE/piceno-fermano.pmtiles"

# The tiled area: the provinces of Ascoli Piceno and Fermo with some sea.
BBOX="13.0,42.6,14.1,43.35"
# The area whose geometries are kept, for context at low zooms (Italy and the Adriatic).
WIDE="5.5,35.5,21.0,48.0"
MIN_ZOOM=0
MAX_ZOOM=12

WORLD_ATLAS="world-atlas@2.0.2"        # Natural Earth 4.1.0 as TopoJSON; ISC, data public domain
TOPOJSON_CLIENT="topojson-client@3.1.0" # TopoJSON → GeoJSON; ISC

TMP="$(mktemp -d "${TMPDIR:-/tmp}/campanile-basemap.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

echo "installing $WORLD_ATLAS and $TOPOJSON_CLIENT into $TMP" >&2
npm install --prefix "$TMP" --cache "$TMP/npm-cache" --no-save --no-audit --no-fund --no-package-lock --loglevel=error \
    "$WORLD_ATLAS" "$TOPOJSON_CLIENT" >&2

cat > "$TMP/extract.cjs" <<'JS'
// Converts Natural Earth TopoJSON to GeoJSON layers around Italy, and the comuni CSV to points.
const fs = require("fs");
const path = require("path");
const [tmp, csvPath, wideArg] = process.argv.slice(2);
const topojson = require(path.join(tmp, "node_modules/topojson-client"));
const atlas = (f) => JSON.parse(fs.readFileSync(path.join(tmp, "node_modules/world-atlas", f), "utf8"));
const [W, S, E, N] = wideArg.split(",").map(Number);

function bboxOf(coords, box = [Infinity, Infinity, -Infinity, -Infinity]) {
  if (typeof coords[0] === "number") {
    box[0] = Math.min(box[0], coords[0]); box[1] = Math.min(box[1], coords[1]);
    box[2] = Math.max(box[2], coords[0]); box[3] = Math.max(box[3], coords[1]);
  } else for (const c of coords) bboxOf(c, box);
  return box;
}
const inWide = (coords) => {
  const b = bboxOf(coords);
  return b[0] <= E && b[2] >= W && b[1] <= N && b[3] >= S;
};
// Keeps the polygons / lines of a geometry that reach the wide area; null if none do.
function keep(g) {
  if (!g) return null;
  if (g.type === "MultiPolygon" || g.type === "MultiLineString") {
    const parts = g.coordinates.filter(inWide);
    return parts.length ? { type: g.type, coordinates: parts } : null;
  }
  return inWide(g.coordinates) ? g : null;
}
function collection(features) {
  return { type: "FeatureCollection", features: features.filter((f) => f.geometry) };
}
const write = (name, fc) => {
  fs.writeFileSync(path.join(tmp, name + ".geojson"), JSON.stringify(fc));
  console.error(`${name}: ${fc.features.length} features`);
};

const countries = atlas("countries-10m.json");
const land = atlas("land-10m.json");

write("land", collection(topojson.feature(land, land.objects.land).features
  .map((f) => ({ type: "Feature", properties: {}, geometry: keep(f.geometry) }))));
write("coastline", collection([{
  type: "Feature", properties: {},
  geometry: keep(topojson.mesh(land, land.objects.land, (a, b) => a === b)),
}]));
write("countries", collection(topojson.feature(countries, countries.objects.countries).features
  .map((f) => ({ type: "Feature", properties: { name: f.properties.name }, geometry: keep(f.geometry) }))));
write("boundaries", collection([{
  type: "Feature", properties: { kind: "country" },
  geometry: keep(topojson.mesh(countries, countries.objects.countries, (a, b) => a !== b)),
}]));

const [header, ...rows] = fs.readFileSync(csvPath, "utf8").trim().split(/\r?\n/);
const cols = header.split(",");
write("places", collection(rows.map((line) => {
  const r = Object.fromEntries(line.split(",").map((v, i) => [cols[i], v.trim()]));
  return {
    type: "Feature",
    id: Number(r.istat),
    properties: { name: r.name, istat: r.istat, province: r.province, kind: "comune" },
    geometry: { type: "Point", coordinates: [Number(r.lon), Number(r.lat)] },
  };
})));
JS

node "$TMP/extract.cjs" "$TMP" "$ROOT/assets/sample/comuni.csv" "$WIDE"

if [ -n "${CAMPANILE:-}" ]; then
    run_campanile() { "$CAMPANILE" "$@"; }
else
    run_campanile() { cargo run --quiet --manifest-path "$ROOT/Cargo.toml" -p campanile-cli -- "$@"; }
fi

# Write next to the temp files first, so a failed build leaves the committed file alone.
run_campanile tiles build \
    --layer "land=$TMP/land.geojson" \
    --layer "coastline=$TMP/coastline.geojson" \
    --layer "countries=$TMP/countries.geojson" \
    --layer "boundaries=$TMP/boundaries.geojson" \
    --layer "places=$TMP/places.geojson" \
    --bbox "$BBOX" --min-zoom "$MIN_ZOOM" --max-zoom "$MAX_ZOOM" \
    --name "Campanile basemap: Piceno and Fermano" \
    --attribution "Natural Earth (public domain) via world-atlas 2.0.2; comuni: Campanile sample (ISTAT codes)" \
    --description "Land, coastline, countries and boundaries from Natural Earth 1:10m; sample comuni of the provinces of Ascoli Piceno and Fermo" \
    --out "$TMP/piceno-fermano.pmtiles"

mv "$TMP/piceno-fermano.pmtiles" "$OUT"
cp "$TMP/node_modules/world-atlas/LICENSE" "$HERE/LICENSE.world-atlas.txt"
run_campanile tiles info "$OUT"
