# Point-of-interest categories
category-attraction = Attraction
category-museum = Museum
category-monument = Monument
category-church = Church
category-accommodation = Accommodation
category-food = Food and drink
category-sport-facility = Sport facility
category-public-building = Public building
category-school = School
category-health = Health
category-transport = Transport
category-event = Event
category-other = Other

# Open data errors
data-error-empty-query = Nothing to search for: the text has no letters or digits.
data-error-query-too-long = The search text is too long ({ $len } characters, at most { $max }).
data-error-database = Database error: { $detail }

data-error-read = Cannot read { $path }: { $detail }

# Cancelled work (SyncError::Cancelled, ImportError::Cancelled)
data-sync-cancelled = Harvest cancelled: the datasets already updated stay updated, the others are as they were.
data-import-cancelled = Import cancelled: the files already imported stay imported, the others were not touched.
data-import-mostly-quarantined = Only { $mapped } of the file's { $rows } rows could be used; the others are in quarantine. Commonest reason: { $reason }
