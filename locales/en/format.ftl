# How numbers, money, dates and distances are written (core/src/format.rs).
format-decimal-separator = .
format-group-separator = ,
# $number: the amount already written with the separators above.
format-money-eur = €{ $number }
format-money-other = { $number } { $currency }
format-date = { $day } { $month-name } { $year }
format-date-time = { $date } at { $time }
# A date in figures, for tables and lists ($dd and $mm with two digits).
format-date-numeric = { $year }-{ $mm }-{ $dd }
format-distance-m = { $metres } m
format-distance-km = { $km } km
format-unknown = ?
format-month-1 = January
format-month-2 = February
format-month-3 = March
format-month-4 = April
format-month-5 = May
format-month-6 = June
format-month-7 = July
format-month-8 = August
format-month-9 = September
format-month-10 = October
format-month-11 = November
format-month-12 = December
