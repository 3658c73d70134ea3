"""Where every cell of a unit sheet lives: the one place the writer and the reader share.

A unit sheet is the signed IKU table (columns A-F) extended by the measurement part (G-Q).
Each indicator takes a block of rows: the inputs (numerator, and for a ratio the denominator)
and then the realisation, with one column per quarter and one for the year. Target, capaian,
kategori and kendala are merged over the block; the IKU columns are merged as signed (NO and
sasaran over the sasaran's indicators).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from xlsxwriter.utility import xl_rowcol_to_cell

from iku_xlsx.catalog import QUARTERS, Indicator, Kind, Unit
from iku_xlsx.contract import names
from iku_xlsx.contract.names import TO_DATE_PARTS, Part

# What a workbook's metadata says of where its cells are. Version 2 added the quarter-to-date
# rows (target, realisation and capaian s.d. triwulan) under each indicator's realisation; a
# workbook of version 1 is still read, by the version 1 layout.
LAYOUT_VERSION = 2
READABLE_LAYOUTS = (1, 2)


class Col(IntEnum):
    """The columns of a unit sheet (0-based, as xlsxwriter counts)."""

    NO = 0
    SASARAN = 1
    INDIKATOR = 2
    PENJELASAN = 3
    PENANGGUNG_JAWAB = 4
    SUMBER_DATA = 5
    SATUAN = 6
    TARGET = 7
    URAIAN = 8
    TW1 = 9
    TW2 = 10
    TW3 = 11
    TW4 = 12
    TAHUN = 13
    CAPAIAN = 14
    KATEGORI = 15
    KENDALA = 16


LAST_COL = Col.KENDALA

# Rows of the sheet's head (0-based).
LEGEND_ROW = 5
NOTE_ROW = 6
HEADER_TOP_ROW = 8
HEADER_SUB_ROW = 9
NUMBERING_ROW = 10
FIRST_DATA_ROW = 11
SIGNATURE_GAP = 2  # empty rows between the table and the signature block
SIGNATURE_LINES = 7  # place and month, title, three rows to sign in, name, NIP


def quarter_col(quarter: int) -> int:
    return Col.TW1 + quarter - 1


@lru_cache(maxsize=65536)  # a batch asks for the same few hundred cells thousands of times
def cell_name(row: int, col: int, absolute: bool = False) -> str:
    """'J12' (or '$J$12') for a 0-based row and column."""
    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


def parts_of(indicator: Indicator, version: int = LAYOUT_VERSION) -> tuple[Part, ...]:
    """The rows of an indicator's block, in order."""
    parts = (Part.NUM, Part.DEN, Part.VAL) if indicator.kind is Kind.RATIO else (Part.NUM, Part.VAL)
    return parts + TO_DATE_PARTS if version >= 2 else parts


@dataclass(frozen=True)
class IndicatorBlock:
    """The rows of one indicator on its unit sheet."""

    indicator: Indicator
    first_row: int
    version: int = LAYOUT_VERSION

    @property
    def parts(self) -> tuple[Part, ...]:
        return parts_of(self.indicator, self.version)

    @property
    def to_date(self) -> bool:
        """Whether the block has the quarter-to-date rows (layout version 2 on)."""
        return Part.TODATE in self.parts

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.parts) - 1

    def row(self, part: Part) -> int:
        return self.first_row + self.parts.index(part)

    def quarter(self, part: Part, quarter: int) -> tuple[int, int]:
        return self.row(part), quarter_col(quarter)

    def year(self, part: Part) -> tuple[int, int]:
        return self.row(part), Col.TAHUN

    @property
    def target(self) -> tuple[int, int]:
        return self.first_row, Col.TARGET

    @property
    def capaian(self) -> tuple[int, int]:
        return self.first_row, Col.CAPAIAN

    @property
    def kategori(self) -> tuple[int, int]:
        return self.first_row, Col.KATEGORI

    @property
    def kendala(self) -> tuple[int, int]:
        return self.first_row, Col.KENDALA

    def names(self) -> dict[str, tuple[int, int]]:
        """The workbook-level defined names of this indicator and their cells.

        The contract's names (docs/contract.md) plus YEAR_NUM, YEAR_DEN, KATEGORI and KENDALA.
        """
        return {names.of(self.indicator.id, suffix): cell for suffix, cell in self.cells().items()}

    def cells(self) -> dict[str, tuple[int, int]]:
        """The block's named cells by suffix ('TW2_NUM', 'CAPAIAN', ...)."""
        cells = {names.TARGET: self.target}
        for part in self.parts:
            for quarter in QUARTERS:
                cells[names.quarter_suffix(quarter, part)] = self.quarter(part, quarter)
            if part not in TO_DATE_PARTS:
                cells[names.year_suffix(part)] = self.year(part)
        cells[names.CAPAIAN] = self.capaian
        cells[names.KATEGORI] = self.kategori
        cells[names.KENDALA] = self.kendala
        return cells


@dataclass(frozen=True)
class SasaranBlock:
    number: int
    name: str
    indicators: tuple[IndicatorBlock, ...]

    @property
    def first_row(self) -> int:
        return self.indicators[0].first_row

    @property
    def last_row(self) -> int:
        return self.indicators[-1].last_row


@dataclass(frozen=True)
class SheetLayout:
    """Every cell of one unit's sheet."""

    unit: Unit
    sasaran: tuple[SasaranBlock, ...]

    @property
    def sheet_name(self) -> str:
        return self.unit.sheet

    @property
    def indicators(self) -> tuple[IndicatorBlock, ...]:
        return tuple(block for sasaran in self.sasaran for block in sasaran.indicators)

    @property
    def last_table_row(self) -> int:
        return self.sasaran[-1].last_row

    @property
    def signature_row(self) -> int:
        return self.last_table_row + 1 + SIGNATURE_GAP

    @property
    def last_row(self) -> int:
        return self.signature_row + SIGNATURE_LINES - 1

    def names(self) -> dict[str, tuple[int, int]]:
        named: dict[str, tuple[int, int]] = {}
        for block in self.indicators:
            named.update(block.names())
        return named


def sheet_layout(unit: Unit, version: int = LAYOUT_VERSION) -> SheetLayout:
    """Lay out a unit's sheet: the sasaran in order, each indicator's rows one after another
    (as layout ``version`` has them)."""
    row = FIRST_DATA_ROW
    sasaran_blocks = []
    for number, sasaran in enumerate(unit.sasaran, start=1):
        blocks = []
        for indicator in sasaran.indicators:
            block = IndicatorBlock(indicator, row, version)
            blocks.append(block)
            row = block.last_row + 1
        sasaran_blocks.append(SasaranBlock(number, sasaran.name, tuple(blocks)))
    return SheetLayout(unit, tuple(sasaran_blocks))


def layout_key(unit: Unit, version: int = LAYOUT_VERSION) -> tuple[object, ...]:
    """All that the positions of a unit sheet's cells depend on (see :func:`sheet_layout`):
    the layout version and its indicators' ids and kinds, in order. Units with equal keys
    (the same unit of the kecamatan of one kabupaten) have their cells in the same places, so
    a reader works the positions out once for all of them."""
    return (version, *((indicator.id, indicator.kind) for indicator in unit.indicators))


def located(cells: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int, str]]:
    """A layout's named cells with each cell's address added: (row, col, 'J12')."""
    return {name: (row, col, cell_name(row, col)) for name, (row, col) in cells.items()}


def quote_sheet(sheet_name: str) -> str:
    """A sheet name as it stands in a formula or a defined name: 'Kasi Ekonomi'."""
    return "'" + sheet_name.replace("'", "''") + "'"
