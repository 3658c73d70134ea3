"""How every sheet the package writes prints: on A4 or F4, its width fitted to the page, its
head rows repeated, a footer Excel accepts, rows tall enough for their wrapped text.

F4 (215 x 330 mm, the usual paper of Indonesian offices) has no paper index of its own in
Excel's list (ECMA-376 Part 1, 18.3.1.63 ``pageSetup@paperSize``; VBA's ``XlPaperSize``).
The nearest is 14, *Folio* (8.5 x 13 in, 215.9 x 330.2 mm): within a millimetre of F4 each
way, the size Windows printer drivers offer as "Folio" or "F4", and the one LibreOffice
prints as 612 x 936 points. Index 41 (German Legal Fanfold) has the same size but is a
continuous-feed form, which drivers do not map to a cut sheet. A custom size
(``paperWidth``/``paperHeight`` in mm) is newer than Excel 2010 and ignored by older
programs, so it is not used.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

from xlsxwriter.worksheet import Worksheet

Paper = Literal["A4", "F4"]
PAPERS: dict[str, int] = {"A4": 9, "F4": 14}  # Excel's paper size index
PAPER_MM = {"A4": (210.0, 297.0), "F4": (215.9, 330.2)}  # width, height as printed
DEFAULT_PAPER: Paper = "A4"

HEADER_FOOTER_MAX = 255  # Excel's limit for a header or footer, its &-codes included
PAGE_NUMBER = "Halaman &P dari &N"
FOOTER_SIZE = 8  # points
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.6}  # inches

LINE_HEIGHT = 12.0  # points per line of 9-point Arial
DEFAULT_ROW_HEIGHT = 15.0  # points, a row whose height is not set
# The smallest share of its width-fitted size a sheet is shrunk to, to print on one page.
# Generous, because programs size columns differently: LibreOffice prints the unit sheets
# at about three quarters of the scale estimated here (Excel's column widths).
SHRINK_TO_ONE_PAGE = 0.6
HEADING_LINE_HEIGHT = 16.0  # points per line of a 12-point heading
CHARACTERS_PER_WIDTH = 1.2  # characters of 9-point Arial a column of width 1 holds, wrapped


def paper_index(paper: str) -> int:
    """Excel's paper size index of ``paper`` ("A4" or "F4", case ignored)."""
    try:
        return PAPERS[paper.upper()]
    except (KeyError, AttributeError):
        raise ValueError(f"unknown paper {paper!r}; choose one of {', '.join(PAPERS)}") from None


def header_footer(left: str, right: str = PAGE_NUMBER, *, size: int = FOOTER_SIZE) -> str:
    """A header or footer: ``left`` on the left, ``right`` (already in Excel's codes) on the
    right, both at ``size`` points, within Excel's 255 characters (:func:`footer_left`)."""
    return f"&L&{size}{footer_left(left, right, size=size)}&R&{size}{right}"


def footer_left(left: str, right: str = PAGE_NUMBER, *, size: int = FOOTER_SIZE) -> str:
    """``left`` as the left part of a footer whose right part is ``right``: its "&" doubled
    (Excel's escape), shortened and marked "..." when the whole would exceed Excel's 255
    characters, never cut inside an escape. A text starting with a digit is set off by a
    space, or Excel would read the digits as part of the font size code.

    The room counts a space after each size code ("&8 "), as openpyxl writes it again in a
    feedback copy, so the copy stays within the limit too.
    """
    room = HEADER_FOOTER_MAX - len(f"&L&{size} ") - len(f"&R&{size} {right}")
    if left[:1].isdigit():
        left = " " + left
    escaped = left.replace("&", "&&")
    if len(escaped) <= room:
        return escaped
    kept, used = [], 0
    for character in left:
        width = 2 if character == "&" else 1
        if used + width > room - 3:
            break
        kept.append(character)
        used += width
    return "".join(kept).rstrip().replace("&", "&&") + "..."


def set_page(
    sheet: Worksheet,
    paper: str,
    *,
    landscape: bool = True,
    pages_tall: int = 0,
    repeat_rows: tuple[int, int] | None = None,
    area: tuple[int, int, int, int] | None = None,
    footer: str | None = None,
) -> None:
    """Print ``sheet`` on ``paper``: as wide as the page (and ``pages_tall`` pages tall, 0
    for as many as it takes), ``repeat_rows`` (first, last) on every page, ``area`` (first
    row, first col, last row, last col) only, with ``footer`` on the left and the page
    number on the right."""
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(paper_index(paper))
    sheet.fit_to_pages(1, pages_tall)
    if repeat_rows is not None:
        sheet.repeat_rows(*repeat_rows)
    if area is not None:
        sheet.print_area(*area)
    sheet.set_margins(**MARGINS)
    sheet.center_horizontally()
    if footer is not None:
        sheet.set_footer(header_footer(footer))


def printable_pixels(paper: str, *, landscape: bool = True) -> tuple[float, float]:
    """The room inside the margins, in a sheet's pixels (96 to the inch) at 100 %."""
    width, height = PAPER_MM[paper.upper()]
    if landscape:
        width, height = height, width
    inches = (
        width / 25.4 - MARGINS["left"] - MARGINS["right"],
        height / 25.4 - MARGINS["top"] - MARGINS["bottom"],
    )
    return inches[0] * 96, inches[1] * 96


def pages_tall_for(
    column_widths: Iterable[float],
    row_points: Iterable[float],
    paper: str,
    *,
    landscape: bool = True,
    shrink: float = SHRINK_TO_ONE_PAGE,
) -> int:
    """How many pages tall a sheet should print: 1 when, fitted to the page's width, it
    overflows one page by so little that printing it ``shrink`` times smaller keeps it on
    one (a signature alone on a second page helps nobody); 0 (as many as it takes) when
    it is longer than that, so long sheets are never printed too small to read."""
    page_width, page_height = printable_pixels(paper, landscape=landscape)
    scale = min(1.0, page_width / column_pixels(column_widths))
    height = sum(row_points) * 96 / 72 * scale
    return 1 if height * shrink <= page_height else 0


def landscape_for(column_widths: Sequence[float], row_points: Sequence[float], paper: str) -> bool:
    """Whether a sheet prints landscape: yes, unless only portrait puts it on one page (a
    narrow, long table)."""
    if pages_tall_for(column_widths, row_points, paper, landscape=True) == 1:
        return True
    return pages_tall_for(column_widths, row_points, paper, landscape=False) != 1


def column_pixels(widths: Iterable[float]) -> int:
    """The width in pixels of columns of these widths, as Excel sizes them (Calibri 11)."""
    return sum(int(width * 7 + 5) for width in widths)


def wrapped_lines(text: str, width: float) -> int:
    """Estimated lines of ``text`` wrapped in a column ``width`` characters wide (9-point
    Arial): spreadsheet programs do not always grow a row for its wrapped text."""
    per_line = max(1, int(width * CHARACTERS_PER_WIDTH))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(text).split("\n"))


def row_height(
    texts: Sequence[tuple[str, float]], *, line: float = LINE_HEIGHT, minimum: float = 15.0
) -> float:
    """The height (points) of a row whose cells hold ``texts`` (text, column width), wrapped
    in lines ``line`` points tall (9-point Arial's by default)."""
    lines = max((wrapped_lines(text, width) for text, width in texts if text), default=1)
    return max(minimum, lines * line + 3)
