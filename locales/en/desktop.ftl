# Campanile desktop (app-tauri): the page's messages and its commands'.

desktop-skip-to-content = Skip to content
desktop-tagline = The comuni of the Piceno and Fermano
desktop-language-label = Language
desktop-nav-label = Sections
desktop-nav-visit = Visit
desktop-nav-beacons = Beacons
desktop-nav-pay = Payments
desktop-nav-practices = My practices
desktop-nav-desk = Desk
desktop-nav-data = Data
desktop-visit-title = Places
desktop-search-label = Search for a place
desktop-category-label = Category
desktop-category-all = All categories
desktop-search-hint = Type part of a name: results appear as you type.
desktop-results =
    { $count ->
        [0] No place found.
        [one] One place found.
       *[other] { $count } places found.
    }
desktop-map-label = Map of the places
desktop-legend = Category legend
desktop-empty-store = There are no places on this device yet.
desktop-import-sample = Load the sample places
desktop-back = Back to the results
desktop-place-no-description = No description.
desktop-place-address = Address
desktop-place-hours = Opening hours
desktop-place-phone = Phone
desktop-place-email = Email
desktop-place-website = Website
desktop-place-accessibility = Accessibility
desktop-place-source = Source
desktop-place-licence = Licence
desktop-place-nearby = Nearby
desktop-beacons-title = Beacons
desktop-beacons-intro = Link beacons to places and replay a recorded trace: the app tells where the visitor is.
desktop-beacons-registry = Beacon registry (CSV: beacon,poi_id,name)
desktop-beacons-registry-file = Registry file
desktop-beacons-registry-save = Save the registry
desktop-beacons-trace = Trace (JSON lines or CSV)
desktop-beacons-trace-file = Trace file
desktop-beacons-replay = Replay
desktop-beacons-events = Events
desktop-pay-title = pagoPA payments
desktop-pay-intro = Type or paste the notice's code (the QR code's text or the notice code).
desktop-pay-notice = Payment notice
desktop-pay-read = Read the notice
desktop-pay-check = Check with pagoPA
desktop-pay-email = Email for the receipt (optional)
desktop-pay-checkout = Pay with pagoPA
desktop-pay-checkout-opened = The payment is open in the browser. When you are done there, the outcome appears here.
desktop-pay-checkout-open = Open this address in the browser to pay:
desktop-pay-history = Payments and receipts
desktop-pay-reconcile = Refresh the status
desktop-pay-ask-again = Ask again
desktop-pay-webcam = Read with the webcam
desktop-pay-webcam-stop = Stop the webcam
desktop-pay-webcam-looking = Hold the notice's QR code or Data Matrix up to the camera.
desktop-pay-webcam-none = No webcam can be used on this computer (or access was denied): use a picture or type the code.
desktop-pay-webcam-preview = Webcam preview
desktop-pay-creditor = Creditor
desktop-pay-number = Notice code
desktop-pay-amount = Amount
desktop-pay-status = Status
desktop-pay-receipts = Receipts
desktop-pay-no-receipts = No receipts on this device.
desktop-pay-attempts = Payment attempts
desktop-pay-attempt = Attempt
desktop-pay-no-attempts = No payment started.
desktop-practices-title = My practices
desktop-practices-applicant = Applicant's fiscal code
desktop-practices-show = Show the practices
desktop-practices-none = No practices.
desktop-practice-due = Due { $date }
desktop-practice-deadline = Legal deadline
desktop-practice-timeline = Timeline
desktop-desk-title = Desk: practices
desktop-desk-login = Sign in to the hub
desktop-desk-url = The hub's address
desktop-desk-subject = Fiscal code
desktop-desk-role = Role
desktop-desk-comune = The comune's ISTAT code
desktop-desk-login-button = Sign in
desktop-role-staff = Staff
desktop-role-citizen = Citizen
desktop-role-admin = Administrator
desktop-desk-logout = Sign out
desktop-desk-open = Open a practice
desktop-desk-procedure = Procedure (catalog code)
desktop-desk-practice-subject = Subject
desktop-desk-open-button = Queue the opening
desktop-desk-sync = Sync with the hub
desktop-desk-synced =
    { $sent ->
        [one] 1 change sent
       *[other] { $sent } changes sent
    }, { $practices ->
        [one] 1 practice read
       *[other] { $practices } practices read
    }; { $pending } waiting.
desktop-desk-practices = Open practices
desktop-desk-signed-in = Signed in as { $subject } ({ $role }) at { $url }.
desktop-desk-signed-out = Not signed in to a hub: changes wait on this device.
desktop-desk-pending = Changes waiting: { $pending }; refused: { $rejected }.
desktop-outbox-pending = waiting
desktop-outbox-sent = sent
desktop-outbox-rejected = refused
desktop-desk-change = New state or event
desktop-desk-note = Note
desktop-desk-queue = Queue it
desktop-event-note = Note
desktop-event-document = Document
desktop-event-assigned = Assigned
desktop-event-refusal-notice = Notice of refusal
desktop-event-observations = Observations
desktop-event-proposal = Proposal
desktop-state-started = Started
desktop-state-presented = Presented
desktop-state-correction-requested = Correction requested
desktop-state-corrected = Corrected
desktop-state-refused = Refused
desktop-state-integration-requested = Integration requested
desktop-state-ended-by-integration-times-expired = Ended: time for integration expired
desktop-state-integrated = Integrated
desktop-state-cdss-convened = Services conference convened
desktop-state-ended-by-suspension-requested = Ended: suspension requested
desktop-state-ended-by-conformation-requested = Ended: conformation requested
desktop-state-ended-by-proceeding-time-expired = Ended: the procedure's term expired
desktop-state-ended-by-positive-outcome = Ended with a positive outcome
desktop-state-ended-by-submitter-cancel-requested = Ended: withdrawn by the applicant
desktop-data-title = Open data on this device
desktop-data-intro = The places stay on the device and can be searched offline.
desktop-data-import = Import files from this computer
desktop-data-import-paths = File paths (CSV, GeoJSON, JSON), one a line
desktop-data-import-licence = The data's licence
desktop-data-import-button = Import
desktop-data-sync = Harvest an open-data portal
desktop-data-portal = The portal's address (CKAN or DCAT)
desktop-data-organization = Organization (optional)
desktop-data-sync-button = Harvest
desktop-work-cancel = Cancel
desktop-language-it = Italiano
desktop-language-en = English
desktop-language-de = Deutsch
desktop-language-fr = Français
desktop-language-es = Español
desktop-error-language = Language not available: { $code }.

# Issue 13: reading a notice from an image, printing, suppliers' invoices, SPID/CIE sign-in,
# debt positions, live beacon scanning, the quarantine after an import.
desktop-nav-invoices = My invoices
desktop-pay-scan = Read the notice from an image
desktop-pay-scan-file = Photo or scan of the notice (PNG, JPEG)
desktop-pay-scan-path = Or the image file's path
desktop-pay-scan-button = Read the image
desktop-pay-scanning = Reading the image…
desktop-pay-scan-found =
    { $count ->
        [one] 1 pagoPA code found
       *[other] { $count } pagoPA codes found
    }
desktop-pay-receipt-print = Print the receipt
desktop-print-opened = Opened in the system viewer to print: { $path }
desktop-print-saved = Saved, to open and print: { $path }
desktop-invoices-title = My invoices to the comune
desktop-invoices-intro = For suppliers: the e-invoices sent to the comune and their state (SdI, handling, payment).
desktop-invoices-import = Import an invoice file
desktop-invoices-file = Invoice file (FatturaPA XML or signed .p7m)
desktop-invoices-path = Or the file's path
desktop-invoices-import-button = Import
desktop-invoices-list = The invoices and their state
desktop-invoices-none = No invoices on this device.
desktop-invoices-detail = The invoice
desktop-invoices-col-date = Date
desktop-invoices-col-number = Number
desktop-invoices-col-supplier = Supplier
desktop-invoices-col-total = Total
desktop-invoices-col-sdi = SdI
desktop-invoices-col-step = Handling
desktop-invoices-col-term = Payment
desktop-desk-login-spid-intro = Or sign in with SPID or CIE in the system browser:
desktop-desk-login-spid = Sign in with SPID or CIE
desktop-desk-login-cancel = Cancel the sign-in
desktop-desk-login-waiting = Finish signing in in the browser; this page waits for the answer.
desktop-position-title = pagoPA debt positions
desktop-position-creditor = The creditor's fiscal code
desktop-position-file = Position file (JSON)
desktop-position-file-pick = Pick the position file
desktop-position-iupd = The position's IUPD
desktop-position-create = Create and publish
desktop-position-check = Was it paid?
desktop-position-print = Print the notice
desktop-position-paid = Paid.
desktop-position-not-paid = Not paid yet.
desktop-beacons-live = Live scanning
desktop-beacons-seconds = Duration (seconds)
desktop-beacons-scan = Listen for beacons
desktop-beacons-scan-stop = Stop
desktop-beacons-scanning = Listening with the Bluetooth adapter…
desktop-beacons-no-adapter = No Bluetooth adapter on this computer: live scanning is not available. You can replay a recorded trace below.
desktop-beacons-scan-failed = The scan failed.
desktop-data-quarantine =
    { $count ->
        [one] 1 row in quarantine, and why
       *[other] { $count } rows in quarantine, and why
    }
desktop-data-quarantine-file = File
desktop-data-quarantine-row = Row
desktop-data-quarantine-reason = Reason
desktop-data-preview-button = Preview
desktop-data-preview = Preview: nothing is imported yet
desktop-data-preview-file = { $file }: { $rows } rows, { $pois } places, { $quarantined } in quarantine
