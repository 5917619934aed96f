"""English, written for Belgium: day before month, times on the 24-hour clock (not US order)."""

DATE_FORMAT = "j F Y"  # 30 November 2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j F Y, H:i"  # 30 November 2026, 14:05
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 30 November
SHORT_DATE_FORMAT = "d/m/Y"  # 30/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 30/11/2026 14:05
