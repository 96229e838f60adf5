# Sync with the aggregation's hub.

hub-error-not-signed-in = This device is not signed in to a hub (or its session expired): sign in with “campanile hub login”. Writes waiting are kept.
hub-error-bad-url = “{ $url }” is not a hub address: { $detail }.
hub-error-unreachable = The hub at { $url } did not answer ({ $detail }). Nothing is lost: what waits is sent, with the same key, at the next sync.
hub-error-refused = The hub refused { $what } ({ $status } { $code }): { $message }
hub-error-protocol = The hub's answer to { $what } cannot be read: { $detail }
hub-error-diverged = Practice { $id } on this device differs from the hub's from event { $seq }: it was left as it is.
hub-error-sign-in-failed = The sign-in did not finish ({ $code }): { $detail }
hub-error-sign-in-timed-out = Nobody came back from the browser within { $seconds } seconds: the sign-in was given up. Start it again.
hub-error-store = The local database failed while syncing with the hub: { $detail }

# campanile hub
hub-signed-in = Signed in to { $url } as { $subject } ({ $role }).
hub-browser-open = Sign in with SPID or CIE in your browser: { $url }
hub-browser-done-title = Signed in
hub-browser-done = You are signed in to Campanile. You can close this window and go back to the app.
hub-browser-failed-title = Sign-in not finished
hub-browser-failed = The sign-in did not finish: { $detail }. You can close this window and try again from the app.
hub-signed-out = Signed out of the hub; writes waiting are kept.
hub-queued = Queued for the hub (write { $seq }): { $what }.
hub-synced = Synced with the hub: { $sent } writes sent ({ $replayed } already applied), { $rejected } refused, { $practices } practices read, { $events } new events; { $pending } waiting.
hub-status-session = Hub: { $url }, signed in as { $subject } ({ $role }); last sync: { $last }.
hub-status-no-session = Not signed in to a hub.
hub-status-never = never
hub-status-outbox = Writes: { $pending } waiting, { $rejected } refused.
