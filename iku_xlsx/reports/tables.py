"""The Masalah and Sumber sheets: every problem found, every input file with its SHA-256.

Both print landscape, one page wide, their title whole, their header row on every page and
each row as tall as its longest wrapped text."""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.consolidation.result import SourceFile
from iku_xlsx.problems import Problem
from iku_xlsx.writer.printing import row_height, set_page
from iku_xlsx.writer.rows import Cell, write_rows
from iku_xlsx.writer.styles import ERROR_FILL, FONT, WARNING_FILL, Styles

PROBLEMS_SHEET = "Masalah"
SOURCES_SHEET = "Sumber"
STATUS_WORDS = {
    "dipakai": "dipakai",
    "ditolak": "ditolak",
    "konflik": "konflik",
    "diganti": "diganti (ada yang lebih baru)",
    "dilewati": "dilewati (berkas kunci atau sementara, bukan buku kerja)",
}
HEADER_ROW = 2


def _table(
    sheet: Worksheet,
    styles: Styles,
    title: str,
    headers: list[tuple[str, int]],
    rows: list[list[object]],
    footer: str,
    column_styles: dict[int, object] | None = None,
) -> None:
    """A title over the table's width, a header row, a row per item (text wrapped, the row
    as tall as it needs), an autofilter; printed one page wide, the header row repeated."""
    last_col = len(headers) - 1
    widths = [width for _, width in headers]
    sheet.merge_range(0, 0, 0, last_col, None, styles.heading)
    sheet.write_string(0, 0, title, styles.heading)
    sheet.set_row(HEADER_ROW, row_height(headers))
    for col, (header, width) in enumerate(headers):
        sheet.set_column(col, col, width)
        sheet.write_string(HEADER_ROW, col, header, styles.header)
    styled = column_styles or {}
    cells: list[list[Cell]] = []
    heights: list[float | None] = []
    for row in rows:
        texts = [  # the styled columns are not wrapped
            (str(value), width)
            for col, (value, width) in enumerate(zip(row, widths, strict=True))
            if value and col not in styled
        ]
        heights.append(row_height(texts))
        cells.append([_cell(value, styled.get(col, styles.text)) for col, value in enumerate(row)])
    write_rows(sheet, HEADER_ROW + 1, cells, heights)  # a row at a time (writer.rows)
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    last_row = max(HEADER_ROW, HEADER_ROW + len(rows))
    sheet.autofilter(HEADER_ROW, 0, last_row, last_col)
    set_page(
        sheet,
        styles.paper,
        repeat_rows=(HEADER_ROW, HEADER_ROW),
        area=(0, 0, last_row, last_col),
        footer=footer,
    )


def _cell(value: object, style: Any) -> Cell:
    """A value as the table shows it: a number as a number, anything else as its text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value, style
    return "" if value is None else str(value), style


def write_problems_sheet(
    workbook: Workbook, styles: Styles, problems: list[Problem], footer: str = PROBLEMS_SHEET
) -> None:
    sheet = workbook.add_worksheet(PROBLEMS_SHEET)
    words = {"error": "Kesalahan", "warning": "Peringatan"}
    _table(
        sheet,
        styles,
        "MASALAH YANG DITEMUKAN",
        [
            ("No", 5),
            ("Berkas", 32),
            ("Lembar", 18),
            ("Sel", 7),
            ("Tingkat", 11),
            ("Kode", 24),
            ("Keterangan", 60),
        ],
        [
            [n, p.file, p.sheet or "", p.cell or "", words[p.severity.value], p.code, p.message]
            for n, p in enumerate(problems, start=1)
        ],
        footer,
    )
    for name, colour in (
        ("Kesalahan", ERROR_FILL),
        ("Peringatan", WARNING_FILL),
    ):
        sheet.conditional_format(
            3,
            4,
            3 + max(len(problems), 1),
            4,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{name}"',
                "format": workbook.add_format({"bg_color": colour}),
            },
        )


def write_sources_sheet(
    workbook: Workbook, styles: Styles, sources: list[SourceFile], footer: str = SOURCES_SHEET
) -> None:
    sheet = workbook.add_worksheet(SOURCES_SHEET)
    digest = workbook.add_format(  # a SHA-256 on one line: small, never wrapped
        {"font_name": FONT, "font_size": 7, "border": 1, "valign": "top"}
    )
    _table(
        sheet,
        styles,
        "BERKAS MASUKAN",
        [
            ("Berkas", 36),
            ("SHA-256", 47),
            ("Unit", 16),
            ("Kecamatan", 16),
            ("Tahun", 6),
            ("Disimpan", 17),
            ("Versi tata letak", 8),
            ("Status", 22),
        ],
        [
            [
                str(s.path),
                s.sha256,
                ", ".join(s.units),
                s.kecamatan,
                s.year or "",
                s.saved,
                s.layout_version or "",
                STATUS_WORDS[s.status],
            ]
            for s in sources
        ],
        footer,
        {1: digest},
    )
