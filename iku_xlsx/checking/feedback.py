"""Feedback copies: a filled workbook with its faulty cells marked, ready to send back.

The copy gets a first sheet "Catatan Pemeriksaan" listing every problem in Bahasa Indonesia
with a link to its cell, and each faulty cell a red fill and a comment. The original file is
only read; the copy is written beside nothing it could replace (its name ends in -catatan).

The notes print landscape, one page wide, the header row on every page, each message wrapped
in a row as tall as it needs (spreadsheet programs do not always grow a row for wrapped
text); every visible sheet of the copy prints on the paper chosen (A4 or F4).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.utility import xl_cell_to_rowcol

from iku_xlsx.fileio import atomic_output
from iku_xlsx.problems import Problem, Severity
from iku_xlsx.writer.printing import (
    DEFAULT_PAPER,
    FOOTER_SIZE,
    MARGINS,
    PAGE_NUMBER,
    footer_left,
    paper_index,
    row_height,
)

NOTES_SHEET = "Catatan Pemeriksaan"
SUFFIX = "-catatan"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
SEVERITY_WORDS = {Severity.ERROR: "Kesalahan", Severity.WARNING: "Peringatan"}
COLUMNS = (("No", 5), ("Lembar", 20), ("Sel", 8), ("Tingkat", 11), ("Kode", 24), ("Keterangan", 62))
HEADER_ROW = 4  # 1-based: the title, the summary, a gap, the headers
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
NOTES_LINE_HEIGHT = 15.0  # points per line of the sheet's 11-point default font
NOTES_FONT_WIDTH = 0.85  # its characters are wider than 9-point Arial's (printing.row_height)


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


def annotate(
    source: Path, problems: list[Problem], target: str | Path, paper: str = DEFAULT_PAPER
) -> Path:
    """Write the feedback copy of the workbook at ``source`` with its ``problems`` at
    ``target``, every sheet printing on ``paper`` ("A4" or "F4"); return its path. The
    source is only read."""
    target = Path(target)
    index = paper_index(paper)
    workbook = openpyxl.load_workbook(source)
    ordered = sorted(problems, key=_place)
    _mark_cells(workbook, ordered)
    _notes_sheet(workbook, source, ordered)
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            sheet.page_setup.paperSize = index
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
    _format_notes(notes, source)


def _format_notes(notes: Worksheet, source: Path) -> None:
    """Widths, the title and summary over the table's width, wrapped messages in rows tall
    enough, and the printing: landscape, one page wide, the header row repeated."""
    last = get_column_letter(len(COLUMNS))
    widths = [width * NOTES_FONT_WIDTH for _, width in COLUMNS]  # in 9-point Arial's terms
    total = sum(widths)
    notes["A1"].font = Font(bold=True, size=12)
    for row in (1, 2):
        notes.merge_cells(f"A{row}:{last}{row}")
        notes.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    notes.row_dimensions[1].height = row_height(
        [(str(notes["A1"].value), total * 0.7)], line=NOTES_LINE_HEIGHT + 2
    )
    notes.row_dimensions[2].height = row_height(
        [(str(notes["A2"].value), total)], line=NOTES_LINE_HEIGHT
    )
    for col, (_, width) in enumerate(COLUMNS, start=1):
        notes.column_dimensions[get_column_letter(col)].width = width
        header = notes.cell(HEADER_ROW, col)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="center")
    notes.row_dimensions[HEADER_ROW].height = NOTES_LINE_HEIGHT + 5
    for row in notes.iter_rows(min_row=HEADER_ROW + 1):
        texts = [
            (str(cell.value), width) for cell, width in zip(row, widths, strict=False) if cell.value
        ]
        notes.row_dimensions[row[0].row].height = row_height(texts, line=NOTES_LINE_HEIGHT)
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a sheet or file named "=..." is text, never a formula
    notes.freeze_panes = f"A{HEADER_ROW + 1}"
    notes.page_setup.orientation = "landscape"
    notes.sheet_properties.pageSetUpPr.fitToPage = True
    notes.page_setup.fitToWidth, notes.page_setup.fitToHeight = 1, 0
    notes.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    notes.print_area = f"A1:{last}{max(notes.max_row, HEADER_ROW)}"
    notes.print_options.horizontalCentered = True
    for side, inches in MARGINS.items():
        setattr(notes.page_margins, side, inches)
    footer = notes.oddFooter
    footer.left.text = footer_left(f"Catatan pemeriksaan {source.name}")
    footer.left.size = FOOTER_SIZE
    footer.right.text, footer.right.size = PAGE_NUMBER, FOOTER_SIZE
