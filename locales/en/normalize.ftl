# Open data normalisation: why rows were quarantined and why resources could not be read.
# Variables match the fields of QuarantineReason / NormalizeError.

quarantine-missing-name = No usable name in any of the name columns.
quarantine-missing-coordinates = No coordinates.
quarantine-bad-coordinates = Coordinates are not numbers: “{ $value }”.
quarantine-null-island = Coordinates at (0, 0): a placeholder for “position unknown”.
quarantine-outside-italy = Coordinates outside Italy (lat { $lat }, lon { $lon }).
quarantine-projection = Projected coordinates could not be converted: { $detail }.
quarantine-malformed = Unreadable row: { $detail }.

normalize-error-unsupported-format = Unsupported format: { $format }.
normalize-error-syntax = Not a valid { $format } file: { $detail }.
normalize-error-no-records = No points of interest in the resource: { $detail }.
normalize-error-nothing-mapped = Nothing imported: { $rows ->
        [one] the file's only row could not be used
       *[other] none of the file's { $rows } rows could be used
    }. Commonest reason: { $reason } Columns read as the name: { $name_count ->
        [0] none
       *[other] { $name_columns }
    }; as coordinates: { $coordinate_count ->
        [0] none
       *[other] { $coordinate_columns }
    }. Columns in the file: { $columns }.{ $example_row ->
        [0] {""}
       *[other] { " " }Row { $example_row }: { $example }
    }
