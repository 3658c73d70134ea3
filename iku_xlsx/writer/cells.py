"""Writing one value or range the same way everywhere: text always as text (never a
formula), numbers as numbers, nothing as an empty cell; and the signature block."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import Catalog, Signatory
from iku_xlsx.contract.layout import cell_name, quote_sheet
from iku_xlsx.writer.styles import Styles


def merge(
    sheet: Worksheet,
    first_row: int,
    first_col: int,
    last_row: int,
    last_col: int,
    value: object,
    style: Any,
) -> None:
    """Write ``value`` over a range, merged when it spans cells; text always as a string
    (never a formula), a number as a number, None or "" as an empty cell."""
    if (first_row, first_col) != (last_row, last_col):
        sheet.merge_range(first_row, first_col, last_row, last_col, None, style)
    write_value(sheet, first_row, first_col, value, style)


def fit(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters (Excel's limits on some texts), marked "..."."""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def write_value(sheet: Worksheet, row: int, col: int, value: object, style: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, col, value, style)
    elif isinstance(value, str) and value:
        sheet.write_string(row, col, value, style)
    else:
        sheet.write_blank(row, col, None, style)


def write_date(sheet: Worksheet, row: int, col: int, value: object, style: Any) -> None:
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, value, style)
    else:
        write_value(sheet, row, col, value, style)


def write_signature(
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    signatory: Signatory,
    row: int,
    first_col: int,
    last_col: int,
) -> None:
    """The signature block: place, month and year; title; room to sign; name; NIP."""
    lines = [
        (f"{catalog.signing.place}, {catalog.signing.month} {catalog.year}", styles.sign),
        (signatory.title, styles.sign),
        ("", styles.sign),
        ("", styles.sign),
        ("", styles.sign),
        (signatory.name, styles.sign_name),
        (f"NIP. {signatory.nip}", styles.sign),
    ]
    for offset, (text, style) in enumerate(lines):
        merge(sheet, row + offset, first_col, row + offset, last_col, text, style)


def define_names(workbook: Workbook, sheet_name: str, cells: Mapping[str, tuple[int, int]]) -> None:
    """Workbook-level defined names for cells of one sheet: name -> (row, col)."""
    sheet = quote_sheet(sheet_name)
    for name, (row, col) in cells.items():
        workbook.define_name(name, f"={sheet}!{cell_name(row, col, absolute=True)}")
