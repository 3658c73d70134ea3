"""Where every cell of a records sheet lives: a checklist, desa records, the IKM survey.

Records are what some indicators count from rather than have typed: the dates reports were
submitted (a checklist), the dates each desa handed in its documents, the IKM survey's score
sums. Each sheet's layout says where its cells are and names them (:mod:`.names`).
"""

from __future__ import annotations

from dataclasses import dataclass

from iku_xlsx.catalog import QUARTERS, RECORDS_SHEET_PREFIX, Catalog, Indicator, Unit
from iku_xlsx.contract import names
from iku_xlsx.contract.layout import cell_name, quote_sheet
from iku_xlsx.rules import IKM_UNSUR

RECORDS_HEADER_ROW = 4  # rows 0-1: the heading; row 2: a quarter input; row 4: the headers
# The last quarter a checklist's or desa records' counts report (an input): quarters after it
# are not reported yet, so items not yet due do not count as missed.
LAST_QUARTER_CELL = (2, 4)

SURVEY_SHEET = "Survei IKM"
SURVEY_MIN_ROWS = 10  # rows for services: the catalog's, then empty ones up to at least this
SURVEY_SPARE_ROWS = 3


def column_range(sheet: str, col: int, first_row: int, last_row: int) -> str:
    """ "'Rincian PERKEU_1'!$D$6:$D$20": a column's cells over rows, for a formula."""
    top = cell_name(first_row, col, absolute=True)
    return f"{quote_sheet(sheet)}!{top}:{cell_name(last_row, col, absolute=True)}"


class _RecordsSheet:
    """What every records sheet layout shares."""

    @property
    def sheet_name(self) -> str:
        raise NotImplementedError

    @property
    def quarter_name(self) -> str:
        """The defined name of its quarter cell (every records sheet has one): the sheet is
        found by it when it was renamed."""
        raise NotImplementedError

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
        return names.last_quarter(self.indicator.id)


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
        indicator_id = self.indicator.id
        named = {self.quarter_name: LAST_QUARTER_CELL}
        for k in range(1, self.items + 1):
            for field, col in (
                ("DUE", self.DUE),
                ("DONE", self.DONE),
                ("STATUS", self.STATUS),
                ("NOTE", self.NOTE),
            ):
                named[names.item(indicator_id, k, field)] = (self.row(k), col)
        return named


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
        indicator_id = self.indicator.id
        named = {self.quarter_name: LAST_QUARTER_CELL}
        for j in range(1, self.documents + 1):
            named[names.document_due(indicator_id, j)] = (self.DUE_ROW, self.document_col(j))
        for i in range(1, len(self.desa) + 1):
            row = self.row(i)
            named[names.desa(indicator_id, i)] = (row, self.DESA)
            for j in range(1, self.documents + 1):
                named[names.desa_document(indicator_id, i, j)] = (row, self.document_col(j))
            for q in QUARTERS:
                named[names.desa_complete(indicator_id, i, q)] = (row, self.complete_col(q))
        return named


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

    @property
    def sheet_name(self) -> str:
        return SURVEY_SHEET

    @property
    def quarter_name(self) -> str:
        return names.SURVEY_QUARTER

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
        named = {self.quarter_name: self.QUARTER_CELL}
        for n in range(1, self.rows + 1):
            row = self.row(n)
            for field, col in (
                ("NAMA", self.NAME),
                ("POPULASI", self.POPULATION),
                ("SAMPEL", self.SAMPLE),
                ("RESPONDEN", self.RESPONDENTS),
            ):
                named[names.service(n, field)] = (row, col)
            for j in range(1, len(IKM_UNSUR) + 1):
                named[names.service_score(n, j)] = (row, self.unsur_col(j))
            for field, col in (("JUMLAH", self.TOTAL), ("NILAI", self.IKM), ("MUTU", self.MUTU)):
                named[names.service(n, field)] = (row, col)
        named[names.POOLED_RESPONDENTS] = (self.pooled_row, self.RESPONDENTS)
        named[names.POOLED_IKM] = (self.pooled_row, self.IKM)
        named[names.POOLED_MUTU] = (self.pooled_row, self.MUTU)
        return named


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
