"""Feedback copies: a filled workbook with its faulty cells marked, ready to send back.

The copy gets a first sheet "Catatan Pemeriksaan" listing every problem in Bahasa Indonesia
with a link to its cell, and each faulty cell a red fill and a comment. The original file is
only read; the copy is written beside nothing it could replace (its name ends in -catatan).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.utility import xl_cell_to_rowcol

from iku_xlsx.fileio import atomic_output
from iku_xlsx.problems import Problem, Severity

NOTES_SHEET = "Catatan Pemeriksaan"
SUFFIX = "-catatan"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
SEVERITY_WORDS = {Severity.ERROR: "Kesalahan", Severity.WARNING: "Peringatan"}
COLUMNS = (("No", 5), ("Lembar", 24), ("Sel", 8), ("Tingkat", 12), ("Kode", 26), ("Keterangan", 90))


ANNOTATED_SUFFIXES = {".xlsx", ".xlsm"}  # what openpyxl can write marks into


def feedback_path(source: Path, out_dir: Path, taken: set[Path]) -> Path:
    """<name>-catatan.xlsx, or -catatan-2, -3 ... when two inputs share a name."""
    target = out_dir / f"{source.stem}{SUFFIX}.xlsx"
    number = 1
    while target in taken:
        number += 1
        target = out_dir / f"{source.stem}{SUFFIX}-{number}.xlsx"
    taken.add(target)
    return target


def _place(problem: Problem) -> tuple[bool, str, int, int]:
    """Errors first, then by sheet, row and column (K12 before K100)."""
    row, col = xl_cell_to_rowcol(problem.cell) if problem.cell else (0, 0)
    return (not problem.is_error, problem.sheet or "", row, col)


def annotate(source: Path, problems: list[Problem], target: str | Path) -> Path:
    """Write the feedback copy of the workbook at ``source`` with its ``problems`` at
    ``target``; return its path. The source is only read."""
    target = Path(target)
    workbook = openpyxl.load_workbook(source)
    ordered = sorted(problems, key=_place)
    _mark_cells(workbook, ordered)
    _notes_sheet(workbook, source, ordered)
    workbook.active = 0
    for sheet in workbook.worksheets[1:]:
        sheet.sheet_view.tabSelected = False
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(target) as temporary:
        workbook.save(temporary)
    return target


def _located(workbook: Workbook, problem: Problem) -> bool:
    return bool(problem.sheet and problem.cell and problem.sheet in workbook.sheetnames)


def _mark_cells(workbook: Workbook, problems: list[Problem]) -> None:
    """Each faulty cell: red (yellow for a warning only) and a comment per problem."""
    for problem in problems:
        if not _located(workbook, problem):
            continue
        cell = workbook[problem.sheet][problem.cell]
        if problem.is_error or cell.fill != ERROR_FILL:
            cell.fill = ERROR_FILL if problem.is_error else WARNING_FILL
        text = f"{SEVERITY_WORDS[problem.severity]}: {problem.message}"
        previous = cell.comment.text + "\n\n" if cell.comment else ""
        cell.comment = Comment(previous + text, "iku_xlsx", width=320, height=160)


def _notes_sheet(workbook: Workbook, source: Path, problems: list[Problem]) -> None:
    """The first sheet: what was found, one problem a row, each linked to its cell."""
    notes = workbook.create_sheet(NOTES_SHEET, 0)
    notes.append([f"Catatan pemeriksaan berkas {source.name}"])
    notes.append(
        [
            f"Diperiksa {dt.date.today():%d-%m-%Y}: {sum(p.is_error for p in problems)} "
            f"kesalahan, {sum(not p.is_error for p in problems)} peringatan. Perbaiki sel "
            "bertanda merah (kesalahan) dan kuning (peringatan), lalu kirim kembali."
        ]
    )
    notes.append([])
    notes.append([title for title, _ in COLUMNS])
    for number, problem in enumerate(problems, start=1):
        notes.append(
            [
                number,
                problem.sheet or "",
                problem.cell or "",
                SEVERITY_WORDS[problem.severity],
                problem.code,
                problem.message,
            ]
        )
        if _located(workbook, problem):
            link = notes.cell(notes.max_row, 3)
            link.hyperlink = (
                f"#'{(problem.sheet or '').replace(chr(39), chr(39) * 2)}'!{problem.cell}"
            )
            link.font = Font(color="0563C1", underline="single")
    _format_notes(notes)


def _format_notes(notes: Worksheet) -> None:
    notes["A1"].font = Font(bold=True, size=12)
    for col, (_, width) in enumerate(COLUMNS, start=1):
        notes.column_dimensions[openpyxl.utils.get_column_letter(col)].width = width
        notes.cell(4, col).font = Font(bold=True)
    for row in notes.iter_rows(min_row=5):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")
        for cell in row:  # a sheet or file named "=..." is text, never a formula
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    notes.page_setup.orientation = "landscape"
    notes.page_setup.paperSize = notes.PAPERSIZE_A4
    notes.sheet_properties.pageSetUpPr.fitToPage = True
    notes.page_setup.fitToWidth, notes.page_setup.fitToHeight = 1, 0
