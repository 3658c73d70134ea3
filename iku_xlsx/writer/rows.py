"""Many plain cells at once: rows of numbers and text with no format of their own.

:func:`write_rows` writes the same workbook as ``write_string`` and ``write_number`` called
cell by cell. In a streamed worksheet (xlsxwriter's ``constant_memory``) it is several times
faster: each row's XML is written to the sheet's row file in one piece, as xlsxwriter's own
``_write_single_row`` would write it, instead of going through xlsxwriter's checks, its cell
table and its XML writer cell by cell (about 4 us a cell: the 100,000 cells of the Data
sheet of a 40-kecamatan kabupaten took 0.3 s, a sixth of the whole consolidation).

What goes into that XML is not guessed: a text's cell is rendered once, by xlsxwriter itself
(its escaping, ``xml:space``, control characters), and reused; a number's is checked against
xlsxwriter's own rendering of a few numbers before the first row. A row the quick way cannot
write exactly as xlsxwriter would (a value of another type, an empty or very long text, a
number that is not finite, a row with its own height or format, a sheet that is not streamed)
is written cell by cell, through the public calls, so nothing depends on the quick way
covering every case. tests/test_workbook.py holds the two ways to the same bytes.
"""

from __future__ import annotations

import io
import math
from collections import namedtuple
from collections.abc import Iterable, Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

Cell = str | float | None

# Numbers xlsxwriter's rendering is compared with before a sheet is written the quick way.
PROBES = (0.1 + 0.2, 2025, -0.0, 1e-7, 123456.789, 1e21, -3.5, 10**17 + 1)
ROWS_PER_WRITE = 256  # rows joined into one write to the row file
# A cell as xlsxwriter's table holds it (its XML writer goes by the type's name), to render
Number = namedtuple("Number", "number, format")
String = namedtuple("String", "string, format")


def write_rows(sheet: Worksheet, first_row: int, rows: Iterable[Sequence[Cell]]) -> None:
    """``rows`` from ``first_row`` on, each cell from the first column on: a ``str`` as
    ``write_string`` writes it, an ``int`` or ``float`` as ``write_number``, None no cell;
    no format."""
    quick = _Quick.of(sheet, first_row)
    for row, cells in enumerate(rows, start=first_row):
        if quick is not None:
            if quick.row(row, cells):
                continue
            quick.flush()  # the rows before it go out first
        _write_slowly(sheet, row, cells)
    if quick is not None:
        quick.flush()


def _write_slowly(sheet: Worksheet, row: int, cells: Sequence[Cell]) -> None:
    for col, value in enumerate(cells):
        if value is None:
            continue
        if isinstance(value, str):
            sheet.write_string(row, col, value)
        else:
            sheet.write_number(row, col, value)


class _Quick:
    """A streamed sheet's rows rendered as xlsxwriter renders them."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.starts: list[str] = []  # per column: '<c r="' and its letters
        self.texts: dict[str, str] = {}  # a text's cell after its reference
        self.pending: list[str] = []  # rows rendered, not yet written
        self.longest = sheet.xls_strmax // 2  # a longer text may be cut: left to xlsxwriter
        self.last_row = sheet.xls_rowmax - 1
        self.columns_checked = 0  # columns checked: those in starts, and one that failed

    @classmethod
    def of(cls, sheet: Any, first_row: int) -> _Quick | None:
        """The quick way for ``sheet``'s rows from ``first_row`` on, or None when it would not
        write what xlsxwriter writes: a sheet not streamed, a row with a height or format of
        its own, a row tag rendered otherwise."""
        try:
            if not sheet.constant_memory or first_row <= sheet.previous_row:
                return None
            if any(row >= first_row for row in (*sheet.row_info, *sheet.comments)):
                return None
            if _render(sheet, "_write_row", first_row, None) != f'<row r="{first_row + 1}">':
                return None
        except (AttributeError, TypeError, ValueError):  # another xlsxwriter
            return None
        return cls(sheet)

    def row(self, row: int, cells: Sequence[Cell]) -> bool:
        """Row ``row`` rendered (to be written by :meth:`flush`); False when it is to be
        written cell by cell."""
        if row > self.last_row:
            return False
        if len(cells) > len(self.starts) and not self._columns(row, len(cells)):
            return False
        number = str(row + 1)
        parts = [f'<row r="{number}">']
        first = last = -1
        starts, texts = self.starts, self.texts
        for col, value in enumerate(cells):
            kind = value.__class__
            if kind is float or kind is int:
                if kind is float and not math.isfinite(value):  # type: ignore[arg-type]
                    return False
                parts.append(f'{starts[col]}{number}"><v>{value:.16G}</v></c>')
            elif kind is str:
                tail = texts.get(value) or self._text(row, value)  # type: ignore[arg-type]
                if tail is None:
                    return False
                parts.append(f"{starts[col]}{number}{tail}")
            elif value is None:
                continue
            else:  # bool, numpy's scalars, Fraction...: as xlsxwriter takes them
                return False
            if first < 0:
                first = col
            last = col
        if first < 0:  # no cell: xlsxwriter writes no row
            return True
        # what writing the row's first cell does first: the row before goes out (one written
        # cell by cell, when it was: nothing is pending then), this row becomes the one being
        # written, and the sheet's extent takes in its cells
        sheet = self.sheet
        sheet._write_single_row(row)
        sheet._check_dimensions(row, first)
        sheet._check_dimensions(row, last)
        parts.append("</row>")
        self.pending.append("".join(parts))
        if len(self.pending) >= ROWS_PER_WRITE:
            self.flush()
        return True

    def _columns(self, row: int, count: int) -> bool:
        """The cells' starts up to ``count`` columns, when the column has no format (a
        format is numbered when first written: rendering one here would number it early)
        and xlsxwriter renders a number in it (in ``row``, which has no format of its own)
        with the same digits as this class. False when not."""
        sheet = self.sheet
        while self.columns_checked == len(self.starts) < min(count, sheet.xls_colmax):
            col = self.columns_checked
            self.columns_checked += 1
            if col in sheet.col_info and getattr(sheet.col_info[col], "column_format", True):
                return False  # a format, or another xlsxwriter's column record: not known
            start = f'<c r="{xl_col_to_name(col)}'
            for number in PROBES:
                cell = Number(number, None)
                rendered = _render(sheet, "_write_cell", row, col, cell)
                if rendered != f'{start}{row + 1}"><v>{number:.16G}</v></c>':
                    return False
            self.starts.append(start)
        return len(self.starts) >= count

    def _text(self, row: int, text: str) -> str | None:
        """A text's cell after its reference, rendered by xlsxwriter (in ``row``, which has
        no format of its own, and the first column, which has none either: see
        :meth:`_columns`); None for a text it would not write as it is (empty, or long
        enough to be cut)."""
        if not text or len(text) > self.longest:
            return None
        sheet = self.sheet
        start = f'<c r="A{row + 1}"'
        rendered = _render(sheet, "_write_cell", row, 0, String(text, None))
        if not rendered.startswith(start):
            return None
        tail = self.texts[text] = '"' + rendered[len(start) :]
        return tail

    def flush(self) -> None:
        """The rows rendered, written to the sheet's row file."""
        if self.pending:
            self.sheet.fh.write("".join(self.pending))
            self.pending.clear()


def _render(sheet: Any, method: str, *args: object) -> str:
    """What ``sheet``'s XML writer ``method`` writes, caught rather than written."""
    written, caught = sheet.fh, io.StringIO()
    sheet.fh = caught
    try:
        getattr(sheet, method)(*args)
    finally:
        sheet.fh = written
    return caught.getvalue()
