"""The tidy table as the last sheet of a consolidated workbook, "Data".

The same columns and rows as the CSV (docs/contract.md), but every number a typed number, so
that it reads the same in an Excel or LibreOffice set to any language (a CSV's decimals depend
on the reader's locale). A header row with an autofilter, frozen. The sheet is hidden, so the
report prints without it (Excel: right-click a sheet tab, Unhide); unhidden, it prints one page
wide with its header row on every page.
"""

from __future__ import annotations

import math

import pandas as pd
from xlsxwriter.workbook import Workbook

from iku_xlsx.contract.metadata import DATA_SHEET
from iku_xlsx.writer.printing import row_height, set_page
from iku_xlsx.writer.rows import write_rows
from iku_xlsx.writer.styles import Styles

__all__ = ["DATA_SHEET", "write_data_sheet"]
WIDTHS = {"kecamatan": 20, "unit_id": 14, "indicator_id": 16, "category": 13, "source_file": 40}
WIDTH = 11  # every other column


def write_data_sheet(
    workbook: Workbook, styles: Styles, table: pd.DataFrame, footer: str = DATA_SHEET
) -> None:
    """``table`` (the tidy table) as a hidden sheet: header row, then one row a record."""
    sheet = workbook.add_worksheet(DATA_SHEET)
    columns = list(table.columns)
    widths = [WIDTHS.get(column, WIDTH) for column in columns]
    sheet.set_row(0, row_height(list(zip(columns, widths, strict=True))))
    for col, (column, width) in enumerate(zip(columns, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, column, styles.header)
    records = table.to_numpy(dtype=object).tolist()
    # a kabupaten's is 100,000 cells: written a row at a time (writer.rows), not cell by cell
    write_rows(sheet, 1, ([_cell(value) for value in record] for record in records))
    last_row = max(1, len(table))
    sheet.autofilter(0, 0, last_row, len(columns) - 1)
    sheet.freeze_panes(1, 0)
    # no print area: LibreOffice prints a hidden sheet that has one
    set_page(sheet, styles.paper, repeat_rows=(0, 0), footer=footer)
    sheet.hide()


def _cell(value: object) -> str | float | None:
    """What a value of the table is in the sheet: a number, a text, or no cell (None, a
    boolean, an empty text, NaN, NA)."""
    kind = value.__class__
    if kind is str:
        return value or None  # type: ignore[return-value]
    if kind is float:
        return value if math.isfinite(value) else None  # type: ignore[arg-type,return-value]
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) else None
    if (isinstance(value, str) and value == "") or pd.isna(value):
        return None
    return str(value)
