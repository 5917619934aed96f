"""The project's date and time formats per language (``FORMAT_MODULE_PATH``).

One format per kind of value, in every page, the admin and the reports: a date in words
("30 november 2026", "30 November 2026") and a date with its time ("30 november 2026 14:05",
"30 November 2026, 14:05"). Django's admin (list columns, read-only fields, history) writes
dates and times with these, and ``pathways.presentation.display_date`` / ``display_datetime``
name them. What is not set here (input formats, the first day of the week) comes from Django's
own module for the language.
"""
