"""An OpenDocument sheet's extent, counted before the parser expands its repeats."""

from __future__ import annotations

import re

from iku_xlsx.gate.refusal import (
    MAX_COLUMN,
    MAX_COLUMNS,
    MAX_EXPANDED_BYTES,
    MAX_ROWS,
    Refusal,
)
from iku_xlsx.problems import Code

# An OpenDocument sheet has no cell addresses: rows and cells count on from the one before,
# and one element may stand for many (table:number-rows-repeated, -columns-repeated). A cell
# with content repeated a million times over a million rows would be a grid of a trillion
# cells, in a file of a few hundred bytes. LibreOffice fills a sheet's empty remainder with
# such repeats of empty cells, which python-calamine does not expand: only cells with content
# (a value type, or any child element) count. Attribute values are skipped whole (a ">" may
# stand in one), in either quotes.
_ODS_NAME = rb"table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
ODS_ELEMENT = re.compile(rb"<(/?)" + _ODS_NAME + rb"((?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*)>")
ODS_ELEMENT_START = re.compile(rb"<" + _ODS_NAME)  # every opening, read or not
ODS_REPEATED = re.compile(rb"table:number-(?:rows|columns)-repeated\s*=\s*(\"[^\"]*\"|'[^']*')")
TEXT_SPACES = re.compile(rb"text:c\s*=\s*(\"[^\"]*\"|'[^']*')")  # <text:s text:c="N"/>


def check_ods_extent(content: bytes) -> None:
    """Refuse an OpenDocument sheet whose cells with content reach beyond MAX_ROWS rows or
    MAX_COLUMNS columns, counting the repeats (comments left out; a table nested in a cell
    refused), or whose repeated content would expand beyond
    MAX_EXPANDED_BYTES (the parser copies a cell into each of its repeats)."""
    xml = _without_comments(content)
    next_row = next_col = 0  # where the next row and the next cell of the row begin
    row_count = 1  # the repeats of the current row
    open_cells: list[tuple[int, int]] = []  # (where its content starts, its repeats)
    expanded = elements = 0
    for match in ODS_ELEMENT.finditer(xml):
        closing, element, attributes = match.groups()
        if closing:
            if element != b"table" and element != b"table-row" and open_cells:
                start, repeats = open_cells.pop()
                spaces = sum(
                    _ods_number(value) for value in TEXT_SPACES.findall(xml, start, match.start())
                )  # <text:s text:c="N"/>: N spaces written out
                expanded += (match.start() - start + spaces) * repeats
        else:
            elements += 1
            closed = attributes.rstrip().endswith(b"/")
            count = _ods_count(attributes)
            if element == b"table":
                if open_cells:  # the parser reads past it: it would restart the counts here
                    raise Refusal(
                        Code.TOO_LARGE,
                        "lembar OpenDocument memuat tabel di dalam sel, yang ukurannya tidak "
                        "dapat dibatasi; simpan ulang sebagai .xlsx",
                    )
                next_row = 0
            elif element == b"table-row":
                next_row, next_col, row_count = next_row + count, 0, count
            else:
                next_col += count
                # any value attribute (office:value, -value-type, date-value...) or a
                # formula is content, as is anything inside the cell
                has_content = not closed or b"value" in attributes or b"formula" in attributes
                if has_content and (next_row > MAX_ROWS or next_col > MAX_COLUMNS):
                    raise Refusal(
                        Code.TOO_LARGE,
                        f"lembar OpenDocument memuat isi yang diulang sampai baris "
                        f"{next_row:,} atau kolom {next_col:,}; buku kerja IKU tidak melewati "
                        f"baris {MAX_ROWS} dan kolom {MAX_COLUMN}",
                    )
                if has_content:
                    expanded += len(attributes) * count * row_count
                if not closed:  # a cell or a covered cell: its content measured at its end
                    open_cells.append((match.end(), count * row_count))
        if expanded > MAX_EXPANDED_BYTES:
            raise Refusal(
                Code.TOO_LARGE,
                f"lembar OpenDocument mengulang isi sel sampai lebih dari "
                f"{MAX_EXPANDED_BYTES // 1024**2} MB; simpan ulang sebagai .xlsx",
            )
    if elements != sum(1 for _ in ODS_ELEMENT_START.finditer(xml)):
        raise Refusal(  # an element the search above could not read (a "<" in a value)
            Code.CORRUPT,
            "isi lembar OpenDocument tidak dapat diperiksa (tag yang tidak lazim); "
            "simpan ulang di LibreOffice",
        )


def _ods_count(attributes: bytes) -> int:
    """An element's repeat count (1 when none)."""
    repeated = ODS_REPEATED.search(attributes)
    return 1 if repeated is None else _ods_number(repeated[1])


def _ods_number(quoted: bytes) -> int:
    """A count in quotes; one written otherwise than in digits (a character reference)
    counts as too many."""
    text = quoted[1:-1].strip().lstrip(b"+")
    return int(text) if text.isdigit() else MAX_EXPANDED_BYTES + 1


def _without_comments(xml: bytes) -> bytes:
    """The XML without its comments (an unclosed one runs to the end), in one pass."""
    if b"<!--" not in xml:
        return xml
    kept, position = [], 0
    while (start := xml.find(b"<!--", position)) >= 0:
        kept.append(xml[position:start])
        end = xml.find(b"-->", start + 4)
        if end < 0:
            return b"".join(kept)
        position = end + 3
    kept.append(xml[position:])
    return b"".join(kept)
