# Offline map tiles: `campanile tiles …` and the tile reader/builder errors.

## Commands (help texts)
tiles-cmd-about = Offline map tiles: inspect archives, extract tiles, build the basemap.
tiles-cmd-info-about = Show what a tile archive (MBTiles or PMTiles) holds.
tiles-cmd-get-about = Write one tile's bytes exactly as stored (XYZ numbering).
tiles-cmd-get-out = Write the bytes to this file instead of standard output.
tiles-cmd-get-decompress = Remove gzip compression when the tile is gzip-encoded.
tiles-cmd-build-about = Build a vector-tile basemap from GeoJSON layers.
tiles-cmd-build-layer = A layer as NAME=FILE.geojson (repeatable).
tiles-cmd-build-bbox = The area to make tiles for: WEST,SOUTH,EAST,NORTH in degrees.
tiles-cmd-build-min-zoom = The first zoom level.
tiles-cmd-build-max-zoom = The last zoom level.
tiles-cmd-build-out = The archive to write: .mbtiles for MBTiles, otherwise PMTiles v3.
tiles-cmd-build-name = The archive's name (default: the output file's name).
tiles-cmd-build-attribution = The attribution (default: names the input files).
tiles-cmd-build-description = A description for the metadata.

## Labels of `tiles info` and `tiles build` output
tiles-info-file = File
tiles-info-archive = Archive
tiles-info-format = Tile format
tiles-info-encoding = Compression
tiles-info-zooms = Zoom levels
tiles-info-bounds = Bounds (W, S, E, N)
tiles-info-center = Centre (lon, lat, zoom)
tiles-info-name = Name
tiles-info-attribution = Attribution
tiles-info-description = Description
tiles-info-layers = Layers
tiles-info-tiles = Tiles
tiles-info-tiles-unknown = unknown
tiles-build-done = Wrote { $tiles ->
    [one] one tile
   *[other] { $tiles } tiles
} ({ $bytes } bytes) to { $out }.

## Errors
tiles-error-io = Cannot read or write { $path }: { $reason }
tiles-error-unknown-format = { $path } is not a tile archive: it is neither MBTiles (an SQLite database) nor PMTiles version 3.
tiles-error-pmtiles-version = { $path } is PMTiles version { $version }, but only version 3 is supported.
tiles-error-corrupt = { $path } is damaged: { $detail }
tiles-error-unsupported-compression = { $path } uses { $compression } compression for its directories, which is not supported.
tiles-error-sqlite = Cannot read the MBTiles database { $path }: { $reason }
tiles-error-not-mbtiles = { $path } is an SQLite database but not MBTiles: it has no “tiles” table or view.
tiles-error-out-of-range = Tile { $z }/{ $x }/{ $y } does not exist: at zoom { $z } the column x and row y go from 0 to { $max }.
tiles-error-zoom-too-deep = Zoom { $z } is too deep: tile archives go up to zoom { $max }.
tiles-error-decode = Cannot decode the tile: { $detail }
tiles-error-geojson = Cannot use the GeoJSON file { $path }: { $detail }
tiles-error-invalid-option = Invalid build option: { $detail }
tiles-error-write = Cannot write the tile archive { $path }: { $detail }
tiles-error-absent = Tile { $z }/{ $x }/{ $y } is not in { $file }.
tiles-error-output = Cannot write { $path }: { $reason }
tiles-error-binary-to-terminal = A tile is binary data: give --out PATH or redirect standard output to a file.
tiles-error-json-needs-out = With --json, “tiles get” needs --out PATH for the tile bytes.
