"""Reading one workbook: let through by the gate, identified, its sheets read and checked.

A :class:`BookReader` reads the files of a batch one by one, with what they share (the
catalogs, the cells' positions for each layout and names block) worked out once. What it
returns of a file is its :class:`WorkbookReading` and its indicators' inputs, which the batch
then recomputes (:mod:`.batch`).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from iku_xlsx.catalog import Catalog, Unit
from iku_xlsx.checking.checks import Cell, CellChecker
from iku_xlsx.compute.indicators import rule_columns
from iku_xlsx.compute.records import Records
from iku_xlsx.contract import names
from iku_xlsx.contract.layout import layout_key
from iku_xlsx.contract.metadata import META_SHEET, WorkbookIdentity
from iku_xlsx.contract.records_layout import RecordsLayout, records_key, records_layouts
from iku_xlsx.gate import (
    Book,
    FileKind,
    Inspection,
    Refusal,
    inspect_file,
    parsed_workbook,
)
from iku_xlsx.problems import Code, Problem
from iku_xlsx.reading.cells import NamedCells, errors_by_sheet
from iku_xlsx.reading.defined_names import Located, Names, names_block, parse_defined_names
from iku_xlsx.reading.files import is_temporary
from iku_xlsx.reading.identity import KnownCatalogs, identify, saved_time
from iku_xlsx.reading.records_sheets import read_records, records_positions
from iku_xlsx.reading.unit_sheets import (
    IndicatorInputs,
    SheetPlan,
    UnitSheetCells,
    read_indicator,
    resum_cascades,
    sheet_plan,
)

MAX_LOST_NAMED = 8  # the names a name-missing problem lists; the rest are counted
MAX_SHARED = 1024  # what a batch keeps worked out at most, before it starts over


@dataclass
class WorkbookReading:
    """One workbook read back: what it is, its numbers as a tidy table, and its problems."""

    path: Path
    identity: WorkbookIdentity | None = None
    catalog: Catalog | None = None
    kind: FileKind | None = None  # xlsx, xls or ods, once the file was let through
    saved: str | None = None  # when the file was last saved, as its properties say (ISO 8601)
    sha256: str = ""  # of the bytes read, once the file was let through
    kendala: dict[str, str] = field(default_factory=dict)  # indicator id -> kendala text
    # indicator id -> its targets to date as the unit typed them (where any was typed)
    quarter_targets: dict[str, list[float | None]] = field(default_factory=dict)
    # its records sheets (checklists, desa records, the survey), by the owning indicator's id
    records: dict[str, Records] = field(default_factory=dict)
    record_values: dict[str, object] = field(default_factory=dict)  # their inputs, by name
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False  # not a workbook at all: a lock or temporary file (reading.files)
    # this file's rows of its batch's tidy table (cut only when asked for: see `table`)
    batch_table: pd.DataFrame | None = field(default=None, repr=False)
    rows: slice | None = None

    @property
    def has_errors(self) -> bool:
        return any(problem.is_error for problem in self.problems)

    @property
    def table(self) -> pd.DataFrame | None:
        """This workbook's tidy table (docs/contract.md); None where nothing could be read."""
        if self.batch_table is None or self.rows is None:
            return None
        return self.batch_table.iloc[self.rows].reset_index(drop=True)


@dataclass
class _Opened:
    """A workbook as the gate let it through and the parser opened it."""

    book: Book
    kind: FileKind
    parts: dict[str, bytes]  # xl/workbook.xml, its relationships, docProps/core.xml
    errors: dict[str, dict[str, str]]  # the error-value cells the gate found, by sheet part
    names_block: bytes  # the <definedNames> element, shared by files made from one blank
    names: Names


class BookReader:
    """Reads files one by one, with what every file of a batch shares worked out once."""

    def __init__(self, catalogs: list[Catalog], year: int | None):
        self.known = KnownCatalogs(catalogs)
        self.year = year
        self._shared: dict[tuple[object, ...], Any] = {}

    def cached(self, key: tuple[object, ...], work: Callable[[], Any]) -> Any:
        """What the files of a batch share, worked out once per key (a catalog's fingerprint,
        a unit, a sheet, the names block of xl/workbook.xml)."""
        if key not in self._shared:
            if len(self._shared) > MAX_SHARED:  # a batch of unusually varied files: start over
                self._shared.clear()
            self._shared[key] = work()
        return self._shared[key]

    def plan(self, unit: Unit, version: int, sheet: str, opened: _Opened) -> SheetPlan:
        """:func:`sheet_plan` of a unit's sheet, worked out once per layout and names block
        (so once for the same unit of every kecamatan of a kabupaten)."""
        return self.cached(
            (layout_key(unit, version), sheet, opened.names_block),
            lambda: sheet_plan(unit, version, sheet, opened.names),
        )

    def columns(self, catalog: Catalog, fingerprint: str) -> dict[str, dict[str, object]]:
        """What compute() needs of each indicator of a catalog, by id, worked out once."""
        return self.cached(
            ("columns", fingerprint),
            lambda: {i.id: rule_columns(i, catalog.rules) for i in catalog.indicators},
        )

    def records_positions(self, layout: RecordsLayout, sheet: str, opened: _Opened) -> Located:
        """:func:`records_positions` of a records sheet, worked out once per layout and names
        block."""
        return self.cached(
            (layout.key, sheet, opened.names_block),
            lambda: records_positions(layout, sheet, opened.names),
        )

    def parse(self, path: Path) -> tuple[WorkbookReading, list[IndicatorInputs]]:
        """Read one file; never raises for a bad file: its problems say why."""
        reading = WorkbookReading(path)
        if is_temporary(path):  # a lock or temporary file: skipped, not a problem
            reading.skipped = True
            return reading, []
        opened = _open(reading)
        if opened is None:
            return reading, []
        try:
            return reading, self._read_book(reading, opened)
        except Exception as error:  # noqa: BLE001 - one broken file must not stop the batch
            reading.problems.append(
                Problem(
                    str(path),
                    Code.UNREADABLE,
                    f"isi buku kerja tidak dapat dibaca ({type(error).__name__}: {error})",
                )
            )
            reading.identity = reading.catalog = None
            return reading, []
        finally:
            opened.book.close()

    def _read_book(self, reading: WorkbookReading, opened: _Opened) -> list[IndicatorInputs]:
        """A workbook opened: identified by its metadata, its records sheets read first (any
        unit's indicators may count from them), then each unit's sheet."""
        catalog = self._identify(reading, opened)
        if catalog is None:
            return []
        checker = CellChecker(str(reading.path), opened.kind is not FileKind.XLS)
        units = [catalog.unit(unit_id) for unit_id in reading.identity.units]  # type: ignore[union-attr]
        for unit in units:
            self._read_records_sheets(reading, opened, catalog, unit, checker)
        read: list[IndicatorInputs] = []
        for unit in units:
            read += self._read_unit_sheet(reading, opened, unit, checker)
        resum_cascades(read, checker)
        reading.problems += checker.problems
        return read

    def _identify(self, reading: WorkbookReading, opened: _Opened) -> Catalog | None:
        """The catalog the workbook was made from, by its metadata sheet (None, with the
        reason among the reading's problems, when it cannot be told)."""
        file = str(reading.path)
        if opened.kind is not FileKind.XLSX:
            reading.problems.append(
                Problem(
                    file,
                    Code.LEGACY_FORMAT,
                    f"berkas {opened.kind.value.upper()} dibaca tanpa nama sel; "
                    "sebaiknya simpan sebagai .xlsx",
                )
            )
        if META_SHEET not in opened.book.sheet_names:
            reading.problems.append(
                Problem(
                    file,
                    Code.NOT_IKU_WORKBOOK,
                    "bukan buku kerja IKU yang dibuat iku_xlsx (tidak ada lembar metadata); "
                    "isi blanko yang dibagikan, jangan membuat berkas sendiri",
                )
            )
            return None
        try:
            rows = opened.book.get_sheet_by_name(META_SHEET).to_python()
            reading.identity = WorkbookIdentity.from_rows(rows)
        except ValueError:
            reading.problems.append(
                Problem(
                    file,
                    Code.NOT_IKU_WORKBOOK,
                    "lembar metadata buku kerja rusak atau tidak lengkap; gunakan blanko baru",
                )
            )
            return None
        reading.catalog = identify(
            reading.path, reading.identity, self.known, self.year, reading.problems
        )
        return reading.catalog

    def _read_records_sheets(
        self,
        reading: WorkbookReading,
        opened: _Opened,
        catalog: Catalog,
        unit: Unit,
        checker: CellChecker,
    ) -> None:
        """A unit's records sheets into the reading's records and record values."""
        identity = reading.identity
        assert identity is not None, "identified first"
        layouts = self.cached(
            ("records", identity.fingerprint, unit.id), lambda: records_layouts(catalog, unit)
        )
        for layout in layouts:
            sheet = _find_sheet(
                checker, opened, layout.sheet_name, layout.quarter_name, f"rincian unit {unit.id}"
            )
            if sheet is None:
                continue
            positions, moved, lost = self.records_positions(layout, sheet, opened)
            if lost:
                _report_lost(checker, sheet, lost, "isian lembar ini")
                continue
            if moved:
                _report_moved(checker, sheet)
            cells = NamedCells(opened.book, sheet, positions, opened.errors.get(sheet, {}))
            records, values = read_records(checker, cells, layout, catalog, identity.year)
            reading.records[records_key(layout)] = records
            # the same few hundred names in every file of a batch: kept once
            reading.record_values.update((sys.intern(k), v) for k, v in values.items())

    def _read_unit_sheet(
        self, reading: WorkbookReading, opened: _Opened, unit: Unit, checker: CellChecker
    ) -> list[IndicatorInputs]:
        """A unit's sheet: each indicator's inputs, unless its cells cannot be found."""
        identity = reading.identity
        assert identity is not None, "identified first"
        expected = identity.sheets.get(unit.id, unit.sheet)
        probe = names.target(unit.indicators[0].id)
        sheet = _find_sheet(checker, opened, expected, probe, f"unit {unit.id}")
        if sheet is None:
            return []
        plan = self.plan(unit, identity.layout_version, sheet, opened)
        cells = UnitSheetCells(opened.book, sheet, plan, opened.errors.get(sheet, {}))
        columns = self.columns(reading.catalog, identity.fingerprint)  # type: ignore[arg-type]
        read = []
        for indicator in unit.indicators:
            if indicator.id in plan.lost:
                _report_lost(checker, sheet, plan.lost[indicator.id], f"isian {indicator.id}")
                continue
            read.append(
                read_indicator(
                    checker,
                    cells,
                    unit.id,
                    indicator,
                    reading.records,
                    identity.year,
                    columns[indicator.id],
                )
            )
        if plan.moved:
            _report_moved(checker, sheet)
        return read


def _open(reading: WorkbookReading) -> _Opened | None:
    """The file through the gate and opened by the parser; None (a problem said) when it is
    refused or cannot be opened."""
    file = str(reading.path)
    try:
        inspection: Inspection = inspect_file(reading.path)
        book = parsed_workbook(inspection)
    except Refusal as refusal:
        reading.problems.append(Problem(file, refusal.code, refusal.message))
        return None
    except Exception as error:  # noqa: BLE001 - calamine raises its own error types
        reading.problems.append(
            Problem(
                file, Code.UNREADABLE, f"berkas tidak dapat dibaca sebagai buku kerja ({error})"
            )
        )
        return None
    reading.kind = inspection.kind
    reading.sha256 = hashlib.sha256(inspection.data).hexdigest()
    reading.saved = saved_time(inspection.parts.get("docProps/core.xml"))
    parts, error_parts = inspection.parts, inspection.errors
    block = names_block(parts.get("xl/workbook.xml"))
    return _Opened(
        book,
        inspection.kind,
        parts,
        errors_by_sheet(parts, error_parts) if error_parts else {},
        block,
        parse_defined_names(block),
    )


def _find_sheet(
    checker: CellChecker, opened: _Opened, expected: str, probe: str, what: str
) -> str | None:
    """A sheet as written, or where its names now point (a renamed sheet); ``probe`` is one
    of its defined names, ``what`` says whose sheet it is (for the messages)."""
    sheets = opened.book.sheet_names
    if expected in sheets:
        return expected
    target = opened.names.get(probe)
    if target and target[0] in sheets:
        checker.add(
            Cell(target[0], "A1", None),
            Code.SHEET_RENAMED,
            f'lembar "{expected}" ({what}) berganti nama menjadi "{target[0]}"; '
            "isinya tetap dibaca",
        )
        return target[0]
    checker.problems.append(
        Problem(
            checker.file,
            Code.SHEET_MISSING,
            f'lembar "{expected}" ({what}) tidak ada di buku kerja',
            sheet=expected,
        )
    )
    return None


def _report_moved(checker: CellChecker, sheet: str) -> None:
    checker.add(
        Cell(sheet, "A1", None),
        Code.LAYOUT_MOVED,
        "baris atau kolom lembar ini telah digeser (proteksi dibuka?); isian dibaca menurut "
        "nama selnya",
    )


def _report_lost(checker: CellChecker, sheet: str, lost: list[str], what: str) -> None:
    """Cells that cannot be found: their names are gone from a sheet whose cells moved."""
    listed = ", ".join(lost[:MAX_LOST_NAMED])
    more = f" dan {len(lost) - MAX_LOST_NAMED} lagi" if len(lost) > MAX_LOST_NAMED else ""
    checker.add(
        Cell(sheet, "A1", None),
        Code.NAME_MISSING,
        f"nama sel {listed}{more} hilang atau menunjuk ke lembar lain, padahal baris atau "
        f"kolom lembar ini telah digeser: selnya tidak dapat ditemukan, dan {what} tidak "
        "dibaca. Kembalikan nama selnya (menu Formulas > Name Manager), atau salin isian ke "
        "blanko baru",
    )
