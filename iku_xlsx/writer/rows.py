"""Many cells at once: rows of numbers, texts and formulas, each with its format or none.

:func:`write_rows` writes the same workbook as xlsxwriter's ``set_row``, ``write_string``,
``write_number`` and ``write_formula`` called row by row, cell by cell. In a streamed
worksheet (xlsxwriter's ``constant_memory``) it is several times faster: each row's XML is
written to the sheet's row file in one piece, as xlsxwriter's own ``_write_single_row``
would write it, instead of going through xlsxwriter's checks, its cell table and its XML
writer cell by cell (about 4 us a cell: the 100,000 cells of the Data sheet of a
40-kecamatan kabupaten took 0.3 s, a sixth of the whole consolidation).

What goes into that XML is not guessed: a row's tag and a text's cell are rendered by
xlsxwriter itself (a text once, then reused: its escaping, ``xml:space``, control
characters); a number's cell and a format's attribute are checked against xlsxwriter's own
rendering the first time (once a process: the same code renders every column and format).
A format is numbered when its first cell is rendered, as xlsxwriter numbers it. A row the
quick way cannot write exactly as xlsxwriter would is written cell by cell, through the
public calls: a formula, a value of another type (a boolean, numpy's), a very long text, a
number that is not finite, a row with no cell, a format of its own or a comment, a column
with a format; the last row of each call (xlsxwriter writes it out only when the sheet
goes on, or at the end, and numbers its formats then); every row of a sheet that is not
streamed. tests/test_workbook.py holds the two ways to the same bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet


class Formula(NamedTuple):
    """A formula and its cached result, as ``write_formula`` takes them."""

    formula: str
    value: object = 0


Value = str | float | Formula | None
Cell = Value | tuple[Value, Format | None]  # a value, or a value and its format

# Numbers xlsxwriter's rendering is compared with before a column is written the quick way.
PROBES = (0.1 + 0.2, 2025, -0.0, 1e-7, 123456.789, 1e21, -3.5, 10**17 + 1)
ROWS_PER_WRITE = 256  # rows joined into one write to the row file
MAX_TEXTS = 4_096  # texts whose cells are kept rendered (some 400 bytes each, text included)
# What of xlsxwriter's worksheet the quick way uses (xlsxwriter 3: checked, not assumed)
XLSXWRITER_NAMES = (
    *("constant_memory", "previous_row", "row_info", "col_info", "comments", "table", "fh"),
    *("xls_rowmax", "xls_colmax", "xls_strmax"),
    *("_write_single_row", "_check_dimensions", "_write_row", "_write_cell"),
)


# A cell as xlsxwriter's table holds it (its XML writer goes by the type's name), to render
class Number(NamedTuple):
    number: float
    format: Format | None


class String(NamedTuple):
    string: str
    format: Format | None


def write_rows(
    sheet: Worksheet,
    first_row: int,
    rows: Iterable[Sequence[Cell]],
    heights: Sequence[float | None] | None = None,
) -> None:
    """``rows`` from ``first_row`` on, each from the first column on, as xlsxwriter writes
    them called row by row: ``set_row(row, height)`` first where ``heights`` gives one,
    then each cell in column order: a ``str`` as ``write_string``, an ``int`` or ``float`` as
    ``write_number``, a :class:`Formula` as ``write_formula``, each with its format where the
    cell is a (value, format) pair; None is no cell (with a format: ``write_blank``)."""
    quick = _Quick.of(sheet, first_row)
    for k, (row, cells, last) in enumerate(_with_last(enumerate(rows, start=first_row))):
        if heights is not None and heights[k] is not None:
            sheet.set_row(row, heights[k])
        if quick is not None:
            if not last and quick.row(row, cells):
                continue
            quick.flush()  # the rows before it go out first
        _write_slowly(sheet, row, cells)
    if quick is not None:
        quick.flush()


def _with_last(rows: Iterator[tuple[int, Sequence[Cell]]]) -> Iterator[tuple[int, Any, bool]]:
    """Each row and whether it is the last."""
    previous = None
    for item in rows:
        if previous is not None:
            yield (*previous, False)
        previous = item
    if previous is not None:
        yield (*previous, True)


def _write_slowly(sheet: Worksheet, row: int, cells: Sequence[Cell]) -> None:
    for col, cell in enumerate(cells):
        value, style = cell if cell.__class__ is tuple else (cell, None)
        if value is None:
            if style is not None:
                sheet.write_blank(row, col, None, style)
        elif isinstance(value, Formula):
            sheet.write_formula(row, col, value.formula, style, value.value)
        elif isinstance(value, str):
            sheet.write_string(row, col, value, style)
        else:
            sheet.write_number(row, col, value, style)


class _Quick:
    """A streamed sheet's rows rendered as xlsxwriter renders them."""

    def __init__(self, sheet: Any, plain: bool) -> None:
        self.sheet = sheet
        self.plain = plain  # a row of no height or format of its own: <row r="N">
        self.starts: list[str] = []  # per column: '<c r="' and its letters
        self.texts = _known.texts  # a text's cell after its reference and format
        self.styles: dict[Format, str | None] = {}  # a format's attribute (None: not known)
        self.pending: list[str] = []  # rows rendered, not yet written
        self.longest = sheet.xls_strmax // 2  # a longer text may be cut: left to xlsxwriter
        self.last_row = sheet.xls_rowmax - 1
        self.columns_checked = 0  # columns checked: those in starts, and one that failed

    @classmethod
    def of(cls, sheet: Any, first_row: int) -> _Quick | None:
        """The quick way for ``sheet``'s rows from ``first_row`` on, or None when the sheet
        is not streamed, or is another xlsxwriter's (no such attributes)."""
        if not all(hasattr(sheet, name) for name in XLSXWRITER_NAMES):
            return None
        if not sheet.constant_memory or first_row <= sheet.previous_row:
            return None
        plain = _render(sheet, "_write_row", first_row, None) == f'<row r="{first_row + 1}">'
        return cls(sheet, plain)

    def row(self, row: int, cells: Sequence[Cell]) -> bool:
        """Row ``row`` rendered (to be written by :meth:`flush`); False when it is to be
        written cell by cell."""
        sheet = self.sheet
        if row > self.last_row or row <= sheet.previous_row or row in sheet.comments:
            return False
        info = sheet.row_info.get(row)
        if info is not None and getattr(info, "row_format", True) is not None:
            return False  # a row format (or another xlsxwriter's row record)
        if len(cells) > len(self.starts) and not self._columns(row, len(cells)):
            return False
        first = last = -1
        for col, cell in enumerate(cells):  # first, whether every cell can be written so
            value = cell[0] if cell.__class__ is tuple else cell
            kind = value.__class__
            if kind is float:
                if not math.isfinite(value):  # type: ignore[arg-type]
                    return False
            elif kind is str:
                if len(value) > self.longest:  # type: ignore[arg-type]
                    return False
            elif kind is not int and value is not None:
                return False  # bool, numpy's scalars, Fraction, a formula...
            elif value is None and cell.__class__ is tuple and cell[1] is not None:
                return False  # a blank with a format
            if value is not None:
                if first < 0:
                    first = col
                last = col
        if first < 0:  # no cell: as xlsxwriter leaves it (a height alone is not written)
            return False
        # what writing the row's first cell does first: the row before goes out (one written
        # cell by cell, when it was: nothing is pending then), this row becomes the one being
        # written, the sheet's extent takes in its cells
        sheet._write_single_row(row)
        sheet._check_dimensions(row, first)
        sheet._check_dimensions(row, last)
        number = str(row + 1)
        if info is None and self.plain:
            parts = [f'<row r="{number}">']
        else:
            parts = [_render(sheet, "_write_row", row, None, info)]
        starts, texts, styles = self.starts, self.texts, self.styles
        for col, cell in enumerate(cells):  # then the XML, a format numbered where first met
            if cell.__class__ is tuple:
                value, style = cell
                if value is None:
                    continue
                attribute = "" if style is None else styles.get(style, False)
                if attribute is False:
                    attribute = self._style(row, col, style)
                if attribute is None:  # rendered otherwise: the cell as xlsxwriter renders it
                    kind = String if value.__class__ is str else Number
                    xml = _render(sheet, "_write_cell", row, col, kind(value, style))  # type: ignore[arg-type]
                    parts.append(xml)
                    continue
            elif cell is None:
                continue
            else:
                value, attribute = cell, ""
            if value.__class__ is str:
                tail = texts.get(value) or self._text(row, value)
                parts.append(f'{starts[col]}{number}"{attribute}{tail}')
            else:
                parts.append(f'{starts[col]}{number}"{attribute}><v>{value:.16G}</v></c>')
        parts.append("</row>")
        if info is not None:  # written: xlsxwriter is not to write it again
            del sheet.row_info[row]
        self.pending.append("".join(parts))
        if len(self.pending) >= ROWS_PER_WRITE:
            self.flush()
        return True

    def _columns(self, row: int, count: int) -> bool:
        """The cells' starts up to ``count`` columns, when the column has no format (a
        format is numbered when first written: rendering one here would number it early)
        and xlsxwriter renders a number's cell as this class does (its digits: checked on
        a few numbers, in ``row``, which has no format of its own, the first time in the
        process). False when not."""
        sheet = self.sheet
        while self.columns_checked == len(self.starts) < min(count, sheet.xls_colmax):
            col = self.columns_checked
            self.columns_checked += 1
            if col in sheet.col_info and getattr(sheet.col_info[col], "column_format", True):
                return False  # a format, or another xlsxwriter's column record: not known
            start = f'<c r="{xl_col_to_name(col)}'
            for number in () if _known.numbers else PROBES:
                rendered = _render(sheet, "_write_cell", row, col, Number(number, None))
                if rendered != f'{start}{row + 1}"><v>{number:.16G}</v></c>':
                    return False
            _known.numbers = True
            self.starts.append(start)
        return len(self.starts) >= count

    def _style(self, row: int, col: int, style: Format) -> str | None:
        """A format's attribute in a cell's tag, numbered now as xlsxwriter numbers a format
        when it first renders a cell of it; None when xlsxwriter renders it otherwise."""
        if _known.styles:
            attribute: str | None = f' s="{style._get_xf_index()}"'
        else:
            rendered = _render(self.sheet, "_write_cell", row, col, Number(1.5, style))
            attribute = f' s="{style._get_xf_index()}"'
            if rendered != f'{self.starts[col]}{row + 1}"{attribute}><v>1.5</v></c>':
                attribute = None
            _known.styles = attribute is not None
        self.styles[style] = attribute
        return attribute

    def _text(self, row: int, text: str) -> str:
        """A text's cell after its reference and format, rendered by xlsxwriter (in
        ``row``, which has no format of its own, and the first column, which has none
        either: see :meth:`_columns`)."""
        start = f'<c r="A{row + 1}"'
        rendered = _render(self.sheet, "_write_cell", row, 0, String(text, None))
        if not rendered.startswith(start):
            raise ValueError(f"xlsxwriter renders a text's cell otherwise: {rendered[:40]}")
        if len(self.texts) >= MAX_TEXTS:
            self.texts.clear()
        tail = self.texts[text] = rendered[len(start) :]
        return tail

    def flush(self) -> None:
        """The rows rendered, written to the sheet's row file."""
        if self.pending:
            self.sheet.fh.write("".join(self.pending))
            self.pending.clear()


class _Known:
    """What xlsxwriter was seen to render, for every sheet of the process: a text's cell
    (the same in every streamed sheet, as long as neither the row nor the column has a
    format), whether it renders a number's cell (its digits) and a format's attribute as
    this module does (once seen, in every column, for every format)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.numbers = False
        self.styles = False


_known = _Known()


def _render(sheet: Any, method: str, *args: object) -> str:
    """What ``sheet``'s XML writer ``method`` writes, caught rather than written."""
    written, caught = sheet.fh, io.StringIO()
    sheet.fh = caught
    try:
        getattr(sheet, method)(*args)
    finally:
        sheet.fh = written
    return caught.getvalue()
