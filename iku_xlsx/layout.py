"""Where every cell of a unit sheet lives: the one place the writer and the reader share.

A unit sheet is the signed IKU table (columns A-F) extended by the measurement part (G-Q).
Each indicator takes a block of rows: the inputs (numerator, and for a ratio the denominator)
and then the realisation, with one column per quarter and one for the year. Target, capaian,
kategori and kendala are merged over the block; the IKU columns are merged as signed (NO and
sasaran over the sasaran's indicators).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from functools import lru_cache
from typing import NamedTuple

from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from iku_xlsx.catalog import QUARTERS, RECORDS_SHEET_PREFIX, Catalog, Indicator, Kind, Unit

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


@lru_cache(maxsize=65536)  # a batch asks for the same few hundred cells thousands of times
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


def layout_key(unit: Unit) -> tuple[tuple[str, Kind], ...]:
    """All that the positions of a unit sheet's cells depend on (see :func:`sheet_layout`):
    its indicators' ids and kinds, in order. Units with equal keys (the same unit of the
    kecamatan of one kabupaten) have their cells in the same places, so a reader works the
    positions out once for all of them."""
    return tuple((indicator.id, indicator.kind) for indicator in unit.indicators)


class Located(NamedTuple):
    """Where a sheet's cells are, as :func:`follow_names` finds them."""

    positions: dict[str, tuple[int, int, str]]  # name -> (row, col, address)
    moved: bool  # a name points elsewhere than the layout: rows or columns were moved
    lost: list[str]  # names that cannot be located (moved, and the name gone), later ones aside


# Names the layout gained after workbooks of its version were handed out: a workbook may lack
# them, and then its cell is read where the layout has it, or (rows moved) not at all.
LATER_NAMES = ("_NOTE",)


def follow_names(
    layout: dict[str, tuple[int, int]], sheet: str, names: Mapping[str, tuple[str, str]]
) -> Located:
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
    lost = [name for name in layout if name not in positions and not name.endswith(LATER_NAMES)]
    return Located(positions, True, lost)


def located(names: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int, str]]:
    """A layout's names with each cell's address added: (row, col, 'J12')."""
    return {name: (row, col, cell_name(row, col)) for name, (row, col) in names.items()}


def quote_sheet(sheet_name: str) -> str:
    """A sheet name as it stands in a formula or a defined name: 'Kasi Ekonomi'."""
    return "'" + sheet_name.replace("'", "''") + "'"


# --- records sheets: a checklist, desa records, the IKM survey ---------------------------------

RECORDS_HEADER_ROW = 4  # rows 0-1: the heading; row 2: a quarter input; row 4: the headers
# The last quarter a checklist's or desa records' counts report (an input): quarters after it
# are not reported yet, so items not yet due do not count as missed.
LAST_QUARTER_CELL = (2, 4)

IKM_UNSUR = (
    "Persyaratan",
    "Sistem, mekanisme dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
)
SURVEY_SHEET = "Survei IKM"
SURVEY_MIN_ROWS = 10  # rows for services: the catalog's, then empty ones up to at least this
SURVEY_SPARE_ROWS = 3


def column_range(sheet: str, col: int, first_row: int, last_row: int) -> str:
    """ "'Rincian PERKEU_1'!$D$6:$D$20": a column's cells over rows, for a formula."""
    top = cell_name(first_row, col, absolute=True)
    return f"{quote_sheet(sheet)}!{top}:{cell_name(last_row, col, absolute=True)}"


class _RecordsSheet:
    """What every records sheet layout shares."""

    sheet_name: str
    # the defined name of its quarter cell (every records sheet has one): found by it when
    # the sheet was renamed
    quarter_name: str

    def absolute(self, cell: tuple[int, int]) -> str:
        """ "'Survei IKM'!$E$3": one cell of this sheet, for a formula on another."""
        return f"{quote_sheet(self.sheet_name)}!{cell_name(*cell, absolute=True)}"


class _IndicatorSheet(_RecordsSheet):
    """A records sheet kept by one indicator (a checklist, desa records): named and found
    by that indicator."""

    indicator: Indicator

    @property
    def sheet_name(self) -> str:
        return self.indicator.records_sheet or ""

    @property
    def quarter_name(self) -> str:
        return f"{self.indicator.id}_LAST_TW"


@dataclass(frozen=True)
class ChecklistLayout(_IndicatorSheet):
    """A checklist indicator's items, one row each: due date (locked) and submission date."""

    indicator: Indicator
    FIRST_ROW = RECORDS_HEADER_ROW + 1
    NO, QUARTER, NAME, DUE, DONE, STATUS, NOTE = range(7)
    LAST_COL = NOTE

    @property
    def items(self) -> int:
        return len(self.indicator.checklist or ())

    def row(self, item: int) -> int:
        """The row of item ``item`` (from 1)."""
        return self.FIRST_ROW + item - 1

    @property
    def last_row(self) -> int:
        return self.row(self.items)

    def column(self, col: int) -> str:
        return column_range(self.sheet_name, col, self.FIRST_ROW, self.last_row)

    @property
    def key(self) -> tuple[object, ...]:
        """All that the positions of this sheet's cells depend on (like :func:`layout_key`)."""
        return ("checklist", self.indicator.id, self.items)

    def names(self) -> dict[str, tuple[int, int]]:
        prefix = self.indicator.id
        names = {self.quarter_name: LAST_QUARTER_CELL}
        for k in range(1, self.items + 1):
            names[f"{prefix}_ITEM{k}_DUE"] = (self.row(k), self.DUE)
            names[f"{prefix}_ITEM{k}_DONE"] = (self.row(k), self.DONE)
            names[f"{prefix}_ITEM{k}_STATUS"] = (self.row(k), self.STATUS)
            names[f"{prefix}_ITEM{k}_NOTE"] = (self.row(k), self.NOTE)
        return names


@dataclass(frozen=True)
class DesaLayout(_IndicatorSheet):
    """Desa records: one row per desa, one date column per document, then whether each desa's
    documents due so far are all in ("lengkap"), per quarter."""

    indicator: Indicator
    desa: tuple[str, ...]  # names, in the catalog's order
    DUE_ROW = RECORDS_HEADER_ROW + 1  # each document's due quarter, locked
    FIRST_ROW = RECORDS_HEADER_ROW + 2
    NO, CODE, DESA = range(3)

    @property
    def documents(self) -> int:
        return len(self.indicator.desa_documents or ())

    def row(self, desa: int) -> int:
        return self.FIRST_ROW + desa - 1

    @property
    def last_row(self) -> int:
        return self.row(len(self.desa))

    def document_col(self, document: int) -> int:
        return self.DESA + document

    def complete_col(self, quarter: int) -> int:
        return self.DESA + self.documents + quarter

    @property
    def last_col(self) -> int:
        return self.complete_col(4)

    def dates(self) -> str:
        """Every date cell, for a formula."""
        first = cell_name(self.FIRST_ROW, self.document_col(1), absolute=True)
        last = cell_name(self.last_row, self.document_col(self.documents), absolute=True)
        return f"{quote_sheet(self.sheet_name)}!{first}:{last}"

    @property
    def key(self) -> tuple[object, ...]:
        """All that the positions of this sheet's cells depend on (like :func:`layout_key`)."""
        return ("desa", self.indicator.id, len(self.desa), self.documents)

    def names(self) -> dict[str, tuple[int, int]]:
        prefix = self.indicator.id
        names = {self.quarter_name: LAST_QUARTER_CELL}
        for j in range(1, self.documents + 1):
            names[f"{prefix}_DOC{j}_DUE"] = (self.DUE_ROW, self.document_col(j))
        for i in range(1, len(self.desa) + 1):
            row = self.row(i)
            names[f"{prefix}_DESA{i}"] = (row, self.DESA)
            for j in range(1, self.documents + 1):
                names[f"{prefix}_DESA{i}_DOC{j}"] = (row, self.document_col(j))
            for q in QUARTERS:
                names[f"{prefix}_DESA{i}_LENGKAP_TW{q}"] = (row, self.complete_col(q))
        return names


@dataclass(frozen=True)
class SurveyLayout(_RecordsSheet):
    """The IKM survey: one row per service (respondents, score sums of the nine unsur, IKM and
    mutu), then the pooled row; the quarter the survey was held sits above the table."""

    services: tuple[str, ...]  # the catalog's service names, typed in the first rows
    QUARTER_CELL = LAST_QUARTER_CELL  # IKM_TRIWULAN: the quarter the survey was held
    FIRST_ROW = RECORDS_HEADER_ROW + 2  # two header rows: the unsur's numbers and names
    NO, NAME, POPULATION, SAMPLE, RESPONDENTS = range(5)
    FIRST_UNSUR = 5
    TOTAL = FIRST_UNSUR + len(IKM_UNSUR)  # the sum of the nine score sums
    IKM = TOTAL + 1
    MUTU = IKM + 1
    LAST_COL = MUTU

    sheet_name = SURVEY_SHEET
    quarter_name = "IKM_TRIWULAN"

    @property
    def rows(self) -> int:
        return max(SURVEY_MIN_ROWS, len(self.services) + SURVEY_SPARE_ROWS)

    def row(self, service: int) -> int:
        return self.FIRST_ROW + service - 1

    @property
    def last_row(self) -> int:
        return self.row(self.rows)

    @property
    def pooled_row(self) -> int:
        return self.last_row + 1

    def unsur_col(self, unsur: int) -> int:
        return self.FIRST_UNSUR + unsur - 1

    def column(self, col: int) -> str:
        return column_range(self.sheet_name, col, self.FIRST_ROW, self.last_row)

    @property
    def key(self) -> tuple[object, ...]:
        """All that the positions of this sheet's cells depend on (like :func:`layout_key`)."""
        return ("survey", self.rows)

    def names(self) -> dict[str, tuple[int, int]]:
        names = {self.quarter_name: self.QUARTER_CELL}
        for n in range(1, self.rows + 1):
            row = self.row(n)
            names[f"IKM_L{n}_NAMA"] = (row, self.NAME)
            names[f"IKM_L{n}_POPULASI"] = (row, self.POPULATION)
            names[f"IKM_L{n}_SAMPEL"] = (row, self.SAMPLE)
            names[f"IKM_L{n}_RESPONDEN"] = (row, self.RESPONDENTS)
            for j in range(1, len(IKM_UNSUR) + 1):
                names[f"IKM_L{n}_U{j}"] = (row, self.unsur_col(j))
            names[f"IKM_L{n}_JUMLAH"] = (row, self.TOTAL)
            names[f"IKM_L{n}_NILAI"] = (row, self.IKM)
            names[f"IKM_L{n}_MUTU"] = (row, self.MUTU)
        names["IKM_RESPONDEN"] = (self.pooled_row, self.RESPONDENTS)
        names["IKM_NILAI"] = (self.pooled_row, self.IKM)
        names["IKM_MUTU"] = (self.pooled_row, self.MUTU)
        return names


RecordsLayout = ChecklistLayout | DesaLayout | SurveyLayout
SURVEY_KEY = "IKM"  # the survey's key among a workbook's records (one survey per workbook)


def records_key(layout: RecordsLayout) -> str:
    """The id of the indicator owning a records sheet; SURVEY_KEY for the survey."""
    return SURVEY_KEY if isinstance(layout, SurveyLayout) else layout.indicator.id


def records_key_of(indicator: Indicator) -> str:
    """The key of the records a recorded indicator counts from (its own, or another's)."""
    if indicator.ikm:
        return SURVEY_KEY
    return indicator.desa_complete or indicator.id


def records_sheet_of(indicator: Indicator) -> str:
    """The name of the sheet a recorded indicator counts from."""
    if indicator.ikm:
        return SURVEY_SHEET
    return f"{RECORDS_SHEET_PREFIX}{records_key_of(indicator)}"


def records_layouts(catalog: Catalog, unit: Unit) -> list[RecordsLayout]:
    """The records sheets that go with a unit's sheet, in order: each checklist and desa
    record of its indicators, then the IKM survey when one of them takes from it."""
    layouts: list[RecordsLayout] = []
    for indicator in unit.indicators:
        if indicator.checklist:
            layouts.append(ChecklistLayout(indicator))
        elif indicator.desa_documents:
            layouts.append(DesaLayout(indicator, tuple(desa.name for desa in catalog.desa)))
    if any(indicator.ikm for indicator in unit.indicators):
        layouts.append(SurveyLayout(tuple(catalog.ikm_services)))
    return layouts
