"""A workbook's defined names, and each layout cell found by its name.

Cells are found by their defined names: they follow a sheet that was renamed, or rows and
columns that were moved. Where a format keeps no names (.xls, .ods), the layout's places are
read.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from xlsxwriter.utility import xl_cell_to_rowcol

from iku_xlsx.contract.layout import located
from iku_xlsx.contract.names import LATER_SUFFIXES
from iku_xlsx.gate import defined_names_span

# <definedName ... name="X" ...>'Sheet'!$H$12</definedName>, in any attribute order (Excel
# writes name first, LibreOffice after function= and hidden=), its text XML-escaped
# (no "<" inside a tag: each try stops at the next tag, so a search is linear in the text)
_DEFINED_NAME = re.compile(r"<(?:\w+:)?definedName\b([^<>]*)>([^<]*)</(?:\w+:)?definedName>")
_NAME_ATTRIBUTE = re.compile(r'\bname="([^"]*)"')
_NAME_TARGET = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)$")

Names = Mapping[str, tuple[str, str]]  # name -> (sheet, 'J12')


def names_block(workbook_xml: bytes | None) -> bytes:
    """The <definedNames> element of xl/workbook.xml (b"" when there is none).

    Files made from one blank and saved by the same program carry the same block, so a batch
    parses each distinct block once (see :func:`parse_defined_names`).
    """
    xml = workbook_xml or b""
    start, end = defined_names_span(xml)
    return xml[start:end]


@functools.lru_cache(maxsize=64)
def parse_defined_names(block: bytes) -> Names:
    """Workbook-level defined names pointing at single cells: name -> (sheet, 'J12').

    A regular expression over the machine-written <definedName> elements, several times
    faster than an XML parser here; the safety gate has already refused any DTD in the file.
    Sheet-level names (print titles, print area) carry localSheetId and are left out.
    """
    # LibreOffice escapes every quote around a sheet name: undo the common ones in one pass
    text = block.decode("utf-8", errors="replace").replace("&apos;", "'")
    found = {}
    for attributes, target in _DEFINED_NAME.findall(text):
        name = _NAME_ATTRIBUTE.search(attributes)
        if name is None or "localSheetId" in attributes:
            continue
        match = _NAME_TARGET.match(html.unescape(target).strip() if "&" in target else target)
        if match:
            sheet = match[1].replace("''", "'") if match[1] else match[2]
            key = html.unescape(name[1]) if "&" in name[1] else name[1]
            found[key] = (sheet, f"{match[3]}{match[4]}")
    return MappingProxyType(found)  # shared by the files of a batch: read-only


class Located(NamedTuple):
    """Where a sheet's cells are, as :func:`follow_names` finds them."""

    positions: dict[str, tuple[int, int, str]]  # name -> (row, col, address)
    moved: bool  # a name points elsewhere than the layout: rows or columns were moved
    lost: list[str]  # names that cannot be located (moved, and the name gone), later ones aside


def follow_names(layout: dict[str, tuple[int, int]], sheet: str, names: Names) -> Located:
    """Each cell of a sheet's ``layout`` (name -> row, col) at its defined name where one
    points into ``sheet``, at the layout's place elsewhere; whether any name points elsewhere
    than the layout (rows or columns were moved, and the names followed them). Once cells have
    moved, a cell whose name the workbook lacks (deleted, or pointing into another sheet)
    cannot be located: it is left out and listed as lost (unless a later name), for the
    reader to say so, never read where the layout had it."""
    positions = layout_positions = located(layout)
    moved = False
    for name, (_, _, address) in layout_positions.items():
        named = names.get(name)
        if named and named[0] == sheet and named[1] != address:
            if not moved:
                positions, moved = dict(layout_positions), True
            row, col = xl_cell_to_rowcol(named[1])
            positions[name] = (row, col, named[1])
    if not moved:
        return Located(positions, False, [])
    positions = {
        name: position
        for name, position in positions.items()
        if name in names and names[name][0] == sheet
    }
    lost = [name for name in layout if name not in positions and not name.endswith(LATER_SUFFIXES)]
    return Located(positions, True, lost)
