"""Where every cell of a unit sheet lives: the one place the writer and the reader share.

A unit sheet is the signed IKU table (columns A-F) extended by the measurement part (G-Q).
Each indicator takes a block of rows: the inputs (numerator, and for a ratio the denominator)
and then the realisation, with one column per quarter and one for the year. Target, capaian,
kategori and kendala are merged over the block; the IKU columns are merged as signed (NO and
sasaran over the sasaran's indicators).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, IntEnum

from xlsxwriter.utility import xl_rowcol_to_cell

from iku_xlsx.catalog import QUARTERS, Indicator, Kind, Unit

LAYOUT_VERSION = 1
META_SHEET = "_iku_meta"


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


class Part(str, Enum):
    """A row of an indicator block."""

    NUM = "NUM"  # the numerator (for count and value indicators: the reported figure)
    DEN = "DEN"  # the denominator (ratio only)
    VAL = "VAL"  # the realisation, computed


def quarter_col(quarter: int) -> int:
    return Col.TW1 + quarter - 1


def cell_name(row: int, col: int, absolute: bool = False) -> str:
    """'J12' (or '$J$12') for a 0-based row and column."""
    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


def parts_of(indicator: Indicator) -> tuple[Part, ...]:
    if indicator.kind is Kind.RATIO:
        return (Part.NUM, Part.DEN, Part.VAL)
    return (Part.NUM, Part.VAL)


@dataclass(frozen=True)
class IndicatorBlock:
    """The rows of one indicator on its unit sheet."""

    indicator: Indicator
    first_row: int

    @property
    def parts(self) -> tuple[Part, ...]:
        return parts_of(self.indicator)

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

        The contract's names (interfaces.md) plus YEAR_NUM, YEAR_DEN, KATEGORI and KENDALA.
        """
        prefix = self.indicator.id
        names = {f"{prefix}_TARGET": self.target}
        for part in self.parts:
            for quarter in QUARTERS:
                names[f"{prefix}_TW{quarter}_{part.value}"] = self.quarter(part, quarter)
            names[f"{prefix}_YEAR_{part.value}"] = self.year(part)
        names[f"{prefix}_CAPAIAN"] = self.capaian
        names[f"{prefix}_KATEGORI"] = self.kategori
        names[f"{prefix}_KENDALA"] = self.kendala
        return names


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
        names: dict[str, tuple[int, int]] = {}
        for block in self.indicators:
            names.update(block.names())
        return names


def sheet_layout(unit: Unit) -> SheetLayout:
    """Lay out a unit's sheet: the sasaran in order, each indicator's rows one after another."""
    row = FIRST_DATA_ROW
    sasaran_blocks = []
    for number, sasaran in enumerate(unit.sasaran, start=1):
        blocks = []
        for indicator in sasaran.indicators:
            block = IndicatorBlock(indicator, row)
            blocks.append(block)
            row = block.last_row + 1
        sasaran_blocks.append(SasaranBlock(number, sasaran.name, tuple(blocks)))
    return SheetLayout(unit, tuple(sasaran_blocks))


def quote_sheet(sheet_name: str) -> str:
    """A sheet name as it stands in a formula or a defined name: 'Kasi Ekonomi'."""
    return "'" + sheet_name.replace("'", "''") + "'"
