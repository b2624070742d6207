"""Cells for the spreadsheets people open: text a spreadsheet would run as a formula is defused.

One rule for every CSV and XLSX the project writes (the oversight record, the planner's move
lists): a text cell starting with ``= + - @``, a tab or a carriage return gets a leading
apostrophe, so it shows as text and never runs; numbers stay numbers.
"""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str | int | float) -> str | int | float:
    """``value``, with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
