"""A sheet's cells as python-calamine reads them, each at a given position.

python-calamine reads a cell holding an Excel error value (#N/A) as empty; the gate noted
where such cells are (:attr:`Inspection.errors`, by sheet part), and a cell read here says
so, as an :class:`~iku_xlsx.checking.checks.ErrorValue`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from iku_xlsx.checking.checks import Cell, ErrorValue
from iku_xlsx.gate import Book

Position = tuple[int, int, str]  # row, column (0-based) and the address, 'J12'

_ATTRIBUTE = re.compile(r'(?<![\w:])([\w:]+)="([^"]*)"')  # tried at a name's start only


class SheetCells:
    """The cells of one sheet as python-calamine reads them, each at a given position."""

    def __init__(self, book: Book, sheet: str, errors: Mapping[str, str]):
        self.sheet = sheet
        # the whole grid from A1, so that positions need no offset
        self.rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        self.errors = errors  # address -> error value ("#N/A"), which calamine reads as ""

    def value(self, position: Position) -> object:
        """What a cell holds: None when empty, an :class:`ErrorValue` for an error."""
        row, col, address = position
        try:
            value = self.rows[row][col]
        except IndexError:  # beyond the last row or column that holds anything
            return None
        if value == "":
            return ErrorValue(self.errors[address]) if address in self.errors else None
        return value

    def at(self, position: Position) -> Cell:
        return Cell(self.sheet, position[2], self.value(position))


class NamedCells(SheetCells):
    """A sheet's cells by defined name (the positions found for them)."""

    def __init__(
        self,
        book: Book,
        sheet: str,
        positions: dict[str, Position],
        errors: Mapping[str, str],
    ):
        super().__init__(book, sheet, errors)
        self.positions = positions

    def __getitem__(self, name: str) -> Cell:
        return self.at(self.positions[name])

    def value_of(self, name: str) -> object:
        return self.value(self.positions[name])


def errors_by_sheet(
    parts: dict[str, bytes], error_parts: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    """The gate's error cells by sheet part, keyed by sheet name (workbook.xml and its rels)."""

    def tags(part: str, element: str) -> list[dict[str, str]]:
        text = parts.get(part, b"").decode("utf-8", errors="replace")
        return [
            dict(_ATTRIBUTE.findall(tag))
            for tag in re.findall(rf"<(?:\w+:)?{element}\b[^<>]*>", text)
        ]

    part_of = {}  # relationship id -> the part's name in the zip
    for relationship in tags("xl/_rels/workbook.xml.rels", "Relationship"):
        target = relationship.get("Target", "")
        part_of[relationship.get("Id")] = target[1:] if target.startswith("/") else f"xl/{target}"
    by_sheet = {}
    for sheet in tags("xl/workbook.xml", "sheet"):
        part = part_of.get(sheet.get("r:id"))
        if part in error_parts and "name" in sheet:
            by_sheet[html.unescape(sheet["name"])] = error_parts[part]
    return by_sheet
