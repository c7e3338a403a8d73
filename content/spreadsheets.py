"""CSV cells a spreadsheet will not run (OWASP "CSV Injection").

Excel, LibreOffice and Google Sheets treat a cell starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return as a formula (``=HYPERLINK(...)``, ``@SUM(...)``, DDE payloads).
Asset titles, search queries and owner names are typed by people, so every CSV export
passes each cell through ``spreadsheet_cell``: such text gets a leading single quote, which
spreadsheets show as text. The ``csv`` module still quotes every cell holding a comma,
quote or line break (and doubles inner quotes), so no text can end its cell early and start
a new one with a formula: ``=HYPERLINK("x","y")`` is written ``"'=HYPERLINK(""x"",""y"")"``.

Numbers are data, not formulas: an ``int``/``float``/``Decimal`` (e.g. ``-12.5``) is
returned unchanged, and so is text that is only a number as the dashboards format it
(``"-12.5"``, ``"-3.0%"``, ``"-1,234.00"``) or a lone ``"-"`` placeholder: none of them can
run anything. Any other text is neutralised, so the *string* ``"-1+1"`` is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)%?|-")


def spreadsheet_cell(value: Any) -> Any:
    """``value`` as safe to write to a CSV cell: text that starts a formula gets a ``'``."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def spreadsheet_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through ``spreadsheet_cell``."""
    return [spreadsheet_cell(value) for value in values]


def wagtail_csv_exports_neutralise() -> None:
    """Make every Wagtail admin CSV export (our reports and Wagtail's own) use ``spreadsheet_cell``.

    Wagtail's ``SpreadsheetExportMixin`` already turns formulas into text in XLSX but
    writes CSV cells as they are; its built-in reports (site history, aging and locked
    pages) export page titles people type, so patch the one method every export uses.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin.write_csv_row, "neutralises_formulas", False):
        return

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_cell(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    write_csv_row.neutralises_formulas = True
    SpreadsheetExportMixin.write_csv_row = write_csv_row
