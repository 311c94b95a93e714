"""Spreadsheet formula injection (OWASP "CSV injection"), neutralised in downloads.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula
by spreadsheet programs. Downloads (CSV, XLSX, the data ZIP) write such text with a leading
apostrophe, which spreadsheets read as "this is text"; the database and JSON keep the text
as typed. The loader removes the apostrophe again, so that a data file read back is the
same data: text that already starts with apostrophes before such a character gets one
more, and loses exactly one.
"""

import re

_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def neutralise_formula(text: str) -> str:
    return f"'{text}" if _FORMULA.match(text) else text


def restore_formula(text: str) -> str:
    """The text `neutralise_formula` was given."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text, 1) else text
