# Beacons: frames, registry, traces, scanning, proximity events


beacons-error-empty = The advertisement is empty.
beacons-error-truncated-ad = The AD structure at byte { $offset } declares { $declared } bytes but only { $available } follow.
beacons-error-no-beacon = No iBeacon, AltBeacon or Eddystone frame in the advertisement.
beacons-error-length = The { $kind } frame at byte { $offset } has { $found } bytes; the format has { $expected }.
beacons-error-declared-length = The { $kind } length byte at byte { $offset } says { $declared }; the format says { $expected }.
beacons-error-eddystone-type = Eddystone frame type { $value } at byte { $offset } is not defined.
beacons-error-tlm-version = Eddystone-TLM version { $value } at byte { $offset } is not defined.
beacons-error-url-scheme = Eddystone-URL scheme prefix { $value } at byte { $offset } is not defined (0x00–0x03).
beacons-error-url-byte = Eddystone-URL byte { $value } at byte { $offset } is reserved.
beacons-error-short-manufacturer = The manufacturer data at byte { $offset } has { $found } bytes, too short for a company id.
beacons-error-hex = "{ $value }" is not hexadecimal bytes (two digits a byte, spaces and colons allowed).

beacons-error-registry-read = Cannot read the registry { $path }: { $detail }
beacons-error-registry-format = { $path }: unknown registry format (use a .csv or .json file).
beacons-error-registry-json = { $path }: not valid JSON at line { $line }, column { $column }: { $detail }
beacons-error-registry-csv = { $path }: CSV record { $record }: { $detail }
beacons-error-registry-column = { $path }: the header has no column "{ $column }".
beacons-error-registry-field = { $path }: record { $record }, field { $field } = "{ $value }": { $reason ->
        [required] required
        [beacon-id] not a beacon id (ibeacon:UUID:MAJOR:MINOR, altbeacon:ID, eddystone-uid:NAMESPACE:INSTANCE, eddystone-eid:EID)
        [metres] a distance in metres, above 0 and at most 100
        [exit-not-larger] must be larger than enter_m, or the visitor would flap in and out
        [dbm] dBm from -120 to 0
        [millis] milliseconds, an integer
        [rssi] dBm, an integer from -127 to 20
        [hex] hexadecimal bytes
        [u16] a 16-bit number
       *[other] { $reason }
    }.
beacons-error-registry-duplicate = { $path }: record { $record }: beacon { $beacon } is listed twice (first at record { $first }).
beacons-error-registry-db = Beacon registry database error: { $detail }

beacons-error-trace-read = Cannot read the trace { $path }: { $detail }
beacons-error-trace-write = Cannot write the trace { $path }: { $detail }
beacons-error-trace-syntax = Trace line { $line }: { $detail }
beacons-error-trace-field = Trace line { $line }, field { $field } = "{ $value }": { $reason ->
        [required] required
        [beacon-id] not a beacon id (ibeacon:UUID:MAJOR:MINOR, altbeacon:ID, eddystone-uid:NAMESPACE:INSTANCE, eddystone-eid:EID)
        [metres] a distance in metres, above 0 and at most 100
        [exit-not-larger] must be larger than enter_m, or the visitor would flap in and out
        [dbm] dBm from -120 to 0
        [millis] milliseconds, an integer
        [rssi] dBm, an integer from -127 to 20
        [hex] hexadecimal bytes
        [u16] a 16-bit number
       *[other] { $reason }
    }.

beacons-error-no-adapter = No Bluetooth adapter found: plug one in or turn Bluetooth on, then try again.
beacons-error-bluetooth-unavailable = Bluetooth is not available on this system ({ $detail }). On Linux, check that the bluetooth service (BlueZ) is running.
beacons-error-scan = The Bluetooth scan failed: { $detail }
beacons-error-no-ble = This build of Campanile has no Bluetooth support: build it with the "ble" feature to scan.

beacons-parsed = { $kind } frame
beacons-registry-imported = { $file }: { $count } beacons registered.
beacons-registry-empty = No beacon registered.
beacons-registry-entry = { $beacon } → { $name } ({ $poi })
beacons-event-enter = { $time }  you are at { $name } ({ $poi }), { $distance } m away
beacons-event-exit = { $time }  left { $name } ({ $poi })
beacons-replay-summary = { $adverts } adverts replayed, { $events } events, { $rejected } adverts that were not beacon frames.
beacons-scan-start = Scanning for { $seconds } seconds…
beacons-scan-heard = { $kind } { $beacon } RSSI { $rssi } dBm
beacons-scan-summary = { $adverts } adverts heard, { $frames } beacon frames.
