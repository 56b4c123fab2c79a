"""English as written in Luxembourg: 30/11/2026, 30 Nov 2026, 14:30; 1,234.50 (not the US
Nov. 30, 2026 and 2:30 p.m.)."""

DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '30/11/2026'
    "%d/%m/%y",  # '30/11/26'
    "%Y-%m-%d",  # '2026-11-30'
    "%d %b %Y",  # '30 Nov 2026'
    "%d %B %Y",  # '30 November 2026'
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",  # '30/11/2026 14:30:59'
    "%d/%m/%Y %H:%M",  # '30/11/2026 14:30'
    "%Y-%m-%d %H:%M:%S",  # '2026-11-30 14:30:59'
    "%Y-%m-%d %H:%M",  # '2026-11-30 14:30'
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
