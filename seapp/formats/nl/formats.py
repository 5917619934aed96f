"""Dutch (nl, nl-BE): dates in words, times on the 24-hour clock."""

DATE_FORMAT = "j F Y"  # 30 november 2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j F Y H:i"  # 30 november 2026 14:05
YEAR_MONTH_FORMAT = "F Y"  # november 2026
MONTH_DAY_FORMAT = "j F"  # 30 november
