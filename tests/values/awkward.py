"""The awkward inputs every entry point must read the same way, one list per kind of value.

Each entry is ``(typed text, expected reading)``; the reading is a value, or ``REFUSED``.
The tests in this folder feed the same list to every entry point that takes that kind of value.
"""

from __future__ import annotations

import datetime as dt

REFUSED = object()

# Numbers typed by people in Flanders (and some they should not be able to slip in).
NUMBERS = [
    ("12", 12),
    ("2,5", 2.5),
    ("2.5", 2.5),
    ("0.750", 0.75),  # a first group of 0 is never a thousands group
    ("0,750", 0.75),
    ("12.000", 12000),
    ("1.200", 1200),
    ("30 000", 30000),
    ("30\u00a0000", 30000),
    ("1.234,5", 1234.5),
    ("€ 12.000", 12000),
    ("  40  ", 40),
    ("30,000", REFUSED),  # Belgian thirty or English thirty thousand? Ask.
    ("1,234,567", REFUSED),
    ("1,234.5", REFUSED),
    ("1.2.3", REFUSED),
    ("12.00", 12.0),
    ("1e5", REFUSED),
    ("inf", REFUSED),
    ("nan", REFUSED),
    ("1_000", REFUSED),
    ("²000", REFUSED),
    ("٣", REFUSED),  # an Arabic-Indic digit: Python's float() would take it
    ("１２", REFUSED),  # full-width digits
    ("1" * 4301, REFUSED),
    ("veel", REFUSED),
    ("3 0", REFUSED),
]

# Postcodes with what they read as (the code) or REFUSED.
POSTCODES = [
    ("9000", "9000"),
    (" 9040 ", "9040"),
    ("1804", "1804"),
    ("²000", REFUSED),
    ("٩٠٠٠", REFUSED),
    ("９０００", REFUSED),
    ("9999", REFUSED),
    ("1499", REFUSED),
    ("0999", REFUSED),
    ("900", REFUSED),
    ("90000", REFUSED),
    ("Gent", REFUSED),
]

# Postcode + place as found in real address data -> the municipality stored, or REFUSED.
PLACES = [
    ("9000", "Gent", "Gent"),
    ("9000", "GENT", "Gent"),
    ("9000", "", "Gent"),
    ("9040", "Sint-Amandsberg", "Gent"),  # a deelgemeente (postal locality)
    ("9150", "Kruibeke", "Beveren-Kruibeke-Zwijndrecht"),  # merged on 1 January 2025
    ("3720", "Kortessem", "Hasselt"),
    ("1000", "Bruxelles", "Brussel"),
    ("1804", "Zemst", "Zemst"),
    ("1804", "", REFUSED),  # shared by two municipalities: choose
    ("9000", "Aalst", REFUSED),  # another municipality
]

# Dates: (day, month, year) as typed, the ISO text, and what they mean.
DATES = [
    (("31", "8", "2027"), "2027-08-31", dt.date(2027, 8, 31)),
    (("1", "1", "2000"), "2000-01-01", dt.date(2000, 1, 1)),
    (("31", "8", "0027"), "0027-08-31", REFUSED),  # a date picker given "27"
    (("31", "2", "2026"), "2026-02-31", REFUSED),  # impossible
    (("1", "1", "1899"), "1899-01-01", REFUSED),
    (("1", "1", "2101"), "2101-01-01", REFUSED),
]
