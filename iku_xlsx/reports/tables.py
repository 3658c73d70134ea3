"""The Masalah and Sumber sheets: every problem found, every input file with its SHA-256."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.consolidation.result import SourceFile
from iku_xlsx.problems import Problem
from iku_xlsx.writer.styles import ERROR_FILL, WARNING_FILL, Styles

PROBLEMS_SHEET = "Masalah"
SOURCES_SHEET = "Sumber"
STATUS_WORDS = {
    "dipakai": "dipakai",
    "ditolak": "ditolak",
    "konflik": "konflik",
    "diganti": "diganti (ada yang lebih baru)",
    "dilewati": "dilewati",
}


def _table(
    sheet: Worksheet,
    styles: Styles,
    title: str,
    headers: list[tuple[str, int]],
    rows: list[list[object]],
) -> None:
    sheet.write_string(0, 0, title, styles.heading)
    for col, (header, width) in enumerate(headers):
        sheet.set_column(col, col, width)
        sheet.write_string(2, col, header, styles.header)
    for r, row in enumerate(rows, start=3):
        for col, value in enumerate(row):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, col, value, styles.text)
            else:
                sheet.write_string(r, col, "" if value is None else str(value), styles.text)
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, max(2, 2 + len(rows)), len(headers) - 1)


def write_problems_sheet(workbook: Workbook, styles: Styles, problems: list[Problem]) -> None:
    sheet = workbook.add_worksheet(PROBLEMS_SHEET)
    words = {"error": "Kesalahan", "warning": "Peringatan"}
    _table(
        sheet,
        styles,
        "MASALAH YANG DITEMUKAN",
        [
            ("No", 5),
            ("Berkas", 40),
            ("Lembar", 22),
            ("Sel", 8),
            ("Tingkat", 12),
            ("Kode", 26),
            ("Keterangan", 90),
        ],
        [
            [n, p.file, p.sheet or "", p.cell or "", words[p.severity.value], p.code, p.message]
            for n, p in enumerate(problems, start=1)
        ],
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


def write_sources_sheet(workbook: Workbook, styles: Styles, sources: list[SourceFile]) -> None:
    sheet = workbook.add_worksheet(SOURCES_SHEET)
    _table(
        sheet,
        styles,
        "BERKAS MASUKAN",
        [
            ("Berkas", 50),
            ("SHA-256", 66),
            ("Unit", 24),
            ("Kecamatan", 22),
            ("Tahun", 7),
            ("Disimpan", 22),
            ("Versi tata letak", 10),
            ("Status", 26),
        ],
        [
            [
                str(s.path),
                s.sha256,
                ",".join(s.units),
                s.kecamatan,
                s.year or "",
                s.saved,
                s.layout_version or "",
                STATUS_WORDS[s.status],
            ]
            for s in sources
        ],
    )
