# How numbers, money, dates and distances are written (core/src/format.rs).
format-decimal-separator = ,
format-group-separator = .
# $number: the amount already written with the separators above.
format-money-eur = { $number } €
format-money-other = { $number } { $currency }
format-date = { $day }/{ $month }/{ $year }
format-date-time = { $date } alle { $time }
# A date in figures, for tables and lists ($dd and $mm with two digits).
format-date-numeric = { $dd }/{ $mm }/{ $year }
format-distance-m = { $metres } m
format-distance-km = { $km } km
format-unknown = ?
format-month-1 = gennaio
format-month-2 = febbraio
format-month-3 = marzo
format-month-4 = aprile
format-month-5 = maggio
format-month-6 = giugno
format-month-7 = luglio
format-month-8 = agosto
format-month-9 = settembre
format-month-10 = ottobre
format-month-11 = novembre
format-month-12 = dicembre
