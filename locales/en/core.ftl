# Messages of the core's handle (core/src/campanile/).
core-error-no-url = The address of the pagoPA service "{ $service }" is missing: a custom environment must give it.
core-error-no-place = There is no place with id { $id }.
core-error-cancelled = Cancelled: the earlier data are as they were.
core-error-own-comune = "{ $value }" is not a creditor's fiscal code: the aggregation's comuni are given by their 11-digit fiscal codes.
