# The stages of long work a front shows beside its progress (core/src/work.rs, Step).
work-step-listing = Listing the datasets
work-step-harvesting = Harvesting the datasets
work-step-importing = Importing the files
work-step-scanning = Reading the photo
work-step-rendering = Laying out the notice
work-cancelled = Cancelled: nothing was saved.
