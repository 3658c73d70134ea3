"""Reading filled IKU workbooks back: identified by metadata, read by name, recomputed.

A workbook is known by its metadata sheet (catalog fingerprint, kecamatan, year, units, layout
version), never by its file name. Cells are found by their defined names (they follow a sheet
that was renamed or rows that were moved) and, where a format keeps no names (.xls, .ods), by
the layout the writer used. Values are read with python-calamine; the cached results of the
formulas are only compared with the library's own recomputation, never used.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
import re
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from python_calamine import CalamineWorkbook

from iku_xlsx.catalog import QUARTERS, Catalog, Indicator, Kind, Unit, load_catalog
from iku_xlsx.checks import (
    FORMULA_NAMES,
    MAX_AMOUNT,
    Cell,
    CellChecker,
    Reading,
    cell_text,
    check_amount,
    check_cached,
    check_quarter_pair,
    check_target,
    format_number,
    input_label,
    shown,
)
from iku_xlsx.compute import DASH, DEN, NUM, PERIODS, VAL, compute, tidy_table
from iku_xlsx.layout import (
    LAYOUT_VERSION,
    META_SHEET,
    Located,
    RecordsLayout,
    follow_names,
    layout_key,
    records_key,
    records_layouts,
    sheet_layout,
)
from iku_xlsx.problems import Problem, Severity
from iku_xlsx.read_records import (
    Position,
    RecordsCells,
    SheetCells,
    read_records,
    records_positions,
)
from iku_xlsx.records import Records, records_inputs
from iku_xlsx.safety import (
    FileKind,
    Refusal,
    defined_names_span,
    inspect_file,
    is_lock_file,
    parsed_workbook,
)

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
_MODIFIED = re.compile(rb"<dcterms:modified[^<>]*>([^<]+)</dcterms:modified>")
# <definedName ... name="X" ...>'Sheet'!$H$12</definedName>, in any attribute order (Excel
# writes name first, LibreOffice after function= and hidden=), its text XML-escaped
# (no "<" inside a tag: each try stops at the next tag, so a search is linear in the text)
_DEFINED_NAME = re.compile(r"<(?:\w+:)?definedName\b([^<>]*)>([^<]*)</(?:\w+:)?definedName>")
_ATTRIBUTE = re.compile(r'(?<![\w:])([\w:]+)="([^"]*)"')  # tried at a name's start only
_NAME_ATTRIBUTE = re.compile(r'\bname="([^"]*)"')
_NAME_TARGET = re.compile(r"^=?(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)$")


@dataclass(frozen=True)
class WorkbookIdentity:
    """What the metadata sheet says a workbook is."""

    catalog_id: str
    fingerprint: str
    kecamatan: str
    year: int
    units: tuple[str, ...]
    sheets: dict[str, str]
    layout_version: int
    generator_version: str

    @classmethod
    def from_rows(cls, rows: list[list[object]]) -> WorkbookIdentity:
        """Parse the metadata sheet; ValueError when it is not one of ours."""
        entries = {str(row[0]): str(row[1]) for row in rows if len(row) >= 2 and row[0]}
        if entries.get("format") != "iku_xlsx":
            raise ValueError("no iku_xlsx metadata")
        try:
            year = _whole(entries["year"])
            if not 2000 <= year <= 2100:
                raise ValueError(f"year {year}")
            return cls(
                catalog_id=entries["catalog_id"],
                fingerprint=entries["catalog_fingerprint"],
                kecamatan=entries["kecamatan"],
                year=year,
                units=tuple(dict.fromkeys(u for u in entries["units"].split(",") if u)),
                sheets={
                    k.removeprefix("sheet:"): v
                    for k, v in entries.items()
                    if k.startswith("sheet:")
                },
                layout_version=_whole(entries["layout_version"]),
                generator_version=entries.get("generator_version", ""),
            )
        except (KeyError, ValueError, OverflowError) as error:
            raise ValueError(f"incomplete metadata: {error}") from None


def _whole(text: str) -> int:
    """A whole number written as text ("2025"; "2025.0" as a spreadsheet may store it)."""
    value = float(text)
    if not value.is_integer():
        raise ValueError(f"{text} is not a whole number")
    return int(value)


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
    # its records sheets (checklists, desa records, the survey), by the owning indicator's id
    records: dict[str, Records] = field(default_factory=dict)
    record_values: dict[str, object] = field(default_factory=dict)  # their inputs, by name
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False  # not a workbook at all (an Excel lock file)
    # this file's rows of its batch's tidy table (cut only when asked for: see `table`)
    batch_table: pd.DataFrame | None = field(default=None, repr=False)
    rows: slice | None = None

    @property
    def has_errors(self) -> bool:
        return any(problem.is_error for problem in self.problems)

    @property
    def table(self) -> pd.DataFrame | None:
        """This workbook's tidy table (interfaces.md); None where nothing could be read."""
        if self.batch_table is None or self.rows is None:
            return None
        return self.batch_table.iloc[self.rows].reset_index(drop=True)


def read_workbook(
    path: str | Path,
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
) -> WorkbookReading:
    """Read and check one filled workbook. Never raises for a bad file: problems say why.

    ``catalogs``: the catalog(s) a workbook may come from (default: the built-in one);
    ``year``: the reporting year expected, if any.
    """
    return read_workbooks([path], catalogs, year=year)[0]


def read_workbooks(
    paths: Iterable[str | Path],
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
    batch_size: int = 256,
    jobs: int | None = 1,
) -> list[WorkbookReading]:
    """Read and check many workbooks; the same as :func:`read_workbook` for each."""
    return list(iter_workbooks(paths, catalogs, year=year, batch_size=batch_size, jobs=jobs))


def iter_workbooks(
    paths: Iterable[str | Path],
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
    batch_size: int = 256,
    jobs: int | None = 1,
) -> Iterator[WorkbookReading]:
    """Read workbooks in batches, yielding each as it is done (memory stays at one batch).

    Each file is parsed and its inputs checked on its own; the recomputation runs once per
    batch over all its indicators, vectorised; then each cached formula result is compared
    with it and the tidy table is cut per file. With ``jobs`` above 1 (None: every core) a
    large batch is read in that many processes, in order; a small one (under
    ``PARALLEL_MIN_FILES`` files per process, for how they start) is not worth starting
    them for. As with any use of :mod:`multiprocessing`, a script that reads in processes
    runs its work under ``if __name__ == "__main__":`` (forked processes would not need it;
    spawned ones, and a fork server's, do).
    """
    reader = _BatchReader(_as_list(catalogs), year)
    paths = [Path(path) for path in paths]
    workers, context = _processes(len(paths), jobs)
    if context is not None:
        yield from _read_in_processes(paths, reader, workers, context)
        return
    batch: list[tuple[WorkbookReading, list[_IndicatorInputs]]] = []
    for path in paths:
        batch.append(reader.parse(Path(path)))
        if len(batch) >= batch_size:
            yield from _finish(batch)
            batch = []
    yield from _finish(batch)


# Files per task sent to a process: large enough to keep the traffic low, small enough to
# keep every core busy to the end and memory flat.
PARALLEL_CHUNK = 64
# Files per process below which a pool is not started, by how processes start: forked ones
# in about a tenth of a second, the time to read some 100 files; from a fork server, or
# spawned, in about a second (each imports pandas), some 600 files (benchmarks/scale.py).
PARALLEL_MIN_FILES = {"fork": 128, "forkserver": 600, "spawn": 600}


def reading_processes(files: int, jobs: int | None) -> int:
    """How many processes :func:`iter_workbooks` would read ``files`` files in, given the
    same ``jobs`` (None: every core), were it called now (see :func:`_process_context`)."""
    return _processes(files, jobs)[0]


def _processes(files: int, jobs: int | None) -> tuple[int, BaseContext | None]:
    """The processes to read ``files`` files in, and how they start (None: in this one)."""
    cores = jobs or os.cpu_count() or 1
    if cores < 2:
        return 1, None
    context = _process_context()
    workers = min(cores, files // PARALLEL_MIN_FILES[context.get_start_method()])
    return (workers, context) if workers > 1 else (1, None)


def _process_context() -> BaseContext:
    """Processes that need not import everything anew. On Linux, while this process runs no
    other thread, a plain fork: each starts in milliseconds, the reader imported and the
    catalogs already in memory. Forking a process that runs other threads can deadlock (a
    lock one of them holds is copied held), so then, and on other POSIX systems, a fork
    server: it imports the reader once, then forks each process from itself (about a second
    in all). On Windows, spawned processes. Only the threads of :mod:`threading` are seen
    (the ones numpy's BLAS starts stop themselves for a fork)."""
    methods = get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        return get_context("fork")
    if "forkserver" in methods:
        context = get_context("forkserver")
        context.set_forkserver_preload([__name__])
        return context
    return get_context("spawn")


def _read_in_processes(
    paths: list[Path], reader: _BatchReader, workers: int, context: BaseContext
) -> Iterator[WorkbookReading]:
    """Chunks of files read in ``workers`` processes, yielded in the files' order, at most
    two chunks per process in flight. Each process gets the reader (the catalogs by their
    fingerprints) once, when it starts; readings come back without their catalog and take
    this process's catalog objects again."""
    by_fingerprint = reader.by_fingerprint
    chunks = [paths[i : i + PARALLEL_CHUNK] for i in range(0, len(paths), PARALLEL_CHUNK)]
    with ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start_process,
        initargs=(reader,),
    ) as pool:
        pending: deque[Future[list[tuple[WorkbookReading, str | None]]]] = deque()

        def done() -> Iterator[WorkbookReading]:
            for reading, fingerprint in pending.popleft().result():
                if fingerprint is not None:
                    reading.catalog = by_fingerprint[fingerprint]
                yield reading

        for chunk in chunks:
            pending.append(pool.submit(_read_chunk, chunk))
            if len(pending) >= 2 * workers:
                yield from done()
        while pending:
            yield from done()


_process_reader: _BatchReader | None = None  # in a reading process: its reader, for every chunk


def _start_process(reader: _BatchReader) -> None:
    global _process_reader
    _process_reader = reader


def _read_chunk(paths: list[Path]) -> list[tuple[WorkbookReading, str | None]]:
    """One process's share: the readings (sharing one tidy table, which travels once), each
    catalog sent back as its fingerprint."""
    assert _process_reader is not None, "_start_process runs first"
    readings = []
    for reading in _finish([_process_reader.parse(path) for path in paths]):
        # a catalog is known by the fingerprint its workbook names (see _identify)
        known = reading.catalog is not None and reading.identity is not None
        fingerprint = reading.identity.fingerprint if known else None  # type: ignore[union-attr]
        reading.catalog = None
        readings.append((reading, fingerprint))
    return readings


def _as_list(catalogs: Catalog | Iterable[Catalog] | None) -> list[Catalog]:
    if catalogs is None:
        return [load_catalog()]
    if isinstance(catalogs, Catalog):
        return [catalogs]
    return list(catalogs)


# --- phase 1: one file, plain Python ------------------------------------------------------


@dataclass
class _IndicatorInputs:
    """One indicator as read from its sheet: its inputs and its formula cells."""

    indicator: Indicator
    unit_id: str
    nums: list[Reading]
    dens: list[Reading]
    target: Reading
    formulas: dict[str, Cell]  # suffix (TW1_VAL .. KATEGORI) -> the cell as read
    kendala: str | None


class _BatchReader:
    """Reads files one by one, with what every file of a batch shares worked out once."""

    def __init__(self, catalogs: list[Catalog], year: int | None):
        self.by_fingerprint = {catalog.fingerprint(): catalog for catalog in catalogs}
        self.year = year
        self._shared: dict[tuple[object, ...], Any] = {}

    def plan(
        self, unit: Unit, sheet: str, names_block: bytes, names: Mapping[str, tuple[str, str]]
    ) -> _SheetPlan:
        """:func:`_sheet_plan` of a unit's sheet, worked out once per layout and names block
        (so once for the same unit of every kecamatan of a kabupaten)."""
        return self.cached(
            (layout_key(unit), sheet, names_block), lambda: _sheet_plan(unit, sheet, names)
        )

    def records_positions(
        self,
        layout: RecordsLayout,
        sheet: str,
        names_block: bytes,
        names: Mapping[str, tuple[str, str]],
    ) -> Located:
        """:func:`records_positions` of a records sheet, worked out once per layout and names
        block."""
        return self.cached(
            (layout.key, sheet, names_block), lambda: records_positions(layout, sheet, names)
        )

    def cached(self, key: tuple[object, ...], work: Callable[[], Any]) -> Any:
        """What the files of a batch share, worked out once per key (a catalog's fingerprint,
        a unit, a sheet, the names block of xl/workbook.xml)."""
        if key not in self._shared:
            if len(self._shared) > 1024:  # a batch of unusually varied files: start over
                self._shared.clear()
            self._shared[key] = work()
        return self._shared[key]

    def parse(self, path: Path) -> tuple[WorkbookReading, list[_IndicatorInputs]]:
        reading = WorkbookReading(path)
        file = str(path)
        if is_lock_file(path):
            reading.skipped = True
            reading.problems.append(
                Problem(
                    file,
                    "lock-file",
                    "berkas kunci Excel (~$...), bukan buku kerja; dilewati",
                    Severity.WARNING,
                )
            )
            return reading, []
        try:
            inspection = inspect_file(path)
            book = parsed_workbook(inspection)
        except Refusal as refusal:
            reading.problems.append(Problem(file, refusal.code, refusal.message))
            return reading, []
        except Exception as error:  # noqa: BLE001 - calamine raises its own error types
            reading.problems.append(
                Problem(
                    file, "unreadable", f"berkas tidak dapat dibaca sebagai buku kerja ({error})"
                )
            )
            return reading, []
        reading.kind = inspection.kind
        reading.sha256 = hashlib.sha256(inspection.data).hexdigest()
        reading.saved = _saved_time(inspection.parts.get("docProps/core.xml"))
        try:
            return reading, self._read_book(
                reading, book, inspection.kind, inspection.parts, inspection.errors
            )
        except Exception as error:  # noqa: BLE001 - one broken file must not stop the batch
            reading.problems.append(
                Problem(
                    file,
                    "unreadable",
                    f"isi buku kerja tidak dapat dibaca ({type(error).__name__}: {error})",
                )
            )
            reading.identity = reading.catalog = None
            return reading, []
        finally:
            book.close()

    def _read_book(
        self,
        reading: WorkbookReading,
        book: CalamineWorkbook,
        kind: FileKind,
        parts: dict[str, bytes],
        error_parts: dict[str, dict[str, str]],
    ) -> list[_IndicatorInputs]:
        file = str(reading.path)
        if kind is not FileKind.XLSX:
            reading.problems.append(
                Problem(
                    file,
                    "legacy-format",
                    f"berkas {kind.value.upper()} dibaca tanpa nama sel; "
                    "sebaiknya simpan sebagai .xlsx",
                    Severity.WARNING,
                )
            )
        if META_SHEET not in book.sheet_names:
            reading.problems.append(
                Problem(
                    file,
                    "not-iku-workbook",
                    "bukan buku kerja IKU yang dibuat iku_xlsx (tidak ada "
                    "lembar metadata); isi blanko yang dibagikan, jangan membuat berkas sendiri",
                )
            )
            return []
        try:
            identity = WorkbookIdentity.from_rows(book.get_sheet_by_name(META_SHEET).to_python())
        except ValueError:
            reading.problems.append(
                Problem(
                    file,
                    "not-iku-workbook",
                    "lembar metadata buku kerja rusak atau tidak lengkap; gunakan blanko baru",
                )
            )
            return []
        reading.identity = identity
        catalog = self._identify(reading, identity)
        if catalog is None:
            return []
        reading.catalog = catalog
        errors = _errors_by_sheet(parts, error_parts) if error_parts else {}
        block = _names_block(parts.get("xl/workbook.xml"))
        names = _parse_defined_names(block)
        checker = CellChecker(file, kind is not FileKind.XLS)  # see CellChecker
        units = [catalog.unit(unit_id) for unit_id in identity.units]
        # the records first: indicators of any unit of the file count from them
        for unit in units:
            layouts = self.cached(
                ("records", identity.fingerprint, unit.id),
                lambda unit=unit: records_layouts(catalog, unit),
            )
            for layout in layouts:
                sheet = _find_sheet(
                    checker,
                    book,
                    layout.sheet_name,
                    layout.quarter_name,
                    f"rincian unit {unit.id}",
                    names,
                )
                if sheet is None:
                    continue
                positions, moved, lost = self.records_positions(layout, sheet, block, names)
                if lost:
                    _report_lost(checker, sheet, lost, "isian lembar ini")
                    continue
                if moved:
                    _report_moved(checker, sheet)
                cells = RecordsCells(book, sheet, positions, errors.get(sheet, {}))
                key = records_key(layout)
                reading.records[key], values = read_records(
                    checker, cells, layout, catalog, identity.year
                )
                # the same few hundred names in every file of a batch: kept once
                reading.record_values.update((sys.intern(k), v) for k, v in values.items())
        read: list[_IndicatorInputs] = []
        for unit in units:
            expected = identity.sheets.get(unit.id, unit.sheet)
            probe = f"{unit.indicators[0].id}_TARGET"
            sheet = _find_sheet(checker, book, expected, probe, f"unit {unit.id}", names)
            if sheet is not None:
                plan = self.plan(unit, sheet, block, names)
                cells = _SheetCells(book, sheet, plan, errors.get(sheet, {}))
                for indicator in unit.indicators:
                    if indicator.id in plan.lost:
                        _report_lost(
                            checker, sheet, plan.lost[indicator.id], f"isian {indicator.id}"
                        )
                    else:
                        read.append(
                            _read_indicator(checker, cells, unit.id, indicator, reading.records)
                        )
                if plan.moved:
                    _report_moved(checker, sheet)
        reading.problems += checker.problems
        return read

    def _identify(self, reading: WorkbookReading, identity: WorkbookIdentity) -> Catalog | None:
        """The catalog this workbook was made from, or None with the reason as a problem."""
        file = str(reading.path)
        if identity.layout_version != LAYOUT_VERSION:
            reading.problems.append(
                Problem(
                    file,
                    "unknown-layout",
                    f"tata letak versi {identity.layout_version} tidak "
                    f"dikenal (versi ini membaca {LAYOUT_VERSION}); gunakan blanko dari versi yang "
                    "sama",
                )
            )
            return None
        catalog = self.by_fingerprint.get(identity.fingerprint)
        if catalog is None:
            same_place = [
                (fp, c)
                for fp, c in self.by_fingerprint.items()
                if c.kecamatan.name == identity.kecamatan
            ]
            if same_place:
                reading.problems.append(
                    Problem(
                        file,
                        "wrong-catalog",
                        "buku kerja dibuat dari katalog IKU versi lain "
                        f"(sidik jari {identity.fingerprint[:12]}, yang berlaku "
                        f"{same_place[0][0][:12]}); isi ulang pada blanko terbaru",
                    )
                )
            else:
                expected = ", ".join(
                    sorted({c.kecamatan.name for c in self.by_fingerprint.values()})
                )
                reading.problems.append(
                    Problem(
                        file,
                        "wrong-kecamatan",
                        f"buku kerja untuk Kecamatan {identity.kecamatan}; "
                        f"yang diharapkan Kecamatan {expected}",
                    )
                )
            return None
        if self.year is not None and identity.year != self.year:
            reading.problems.append(
                Problem(
                    file,
                    "wrong-year",
                    f"buku kerja tahun {identity.year}; yang diharapkan tahun {self.year}",
                )
            )
        known = {unit.id for unit in catalog.units}
        unknown = [unit_id for unit_id in identity.units if unit_id not in known]
        if unknown or not identity.units:
            reading.problems.append(
                Problem(
                    file,
                    "not-iku-workbook",
                    "metadata menyebut unit yang tidak ada di katalog: "
                    f"{', '.join(unknown) or '-'}",
                )
            )
            return None
        named = _unit_word(reading.path, catalog)
        if named and len(identity.units) == 1 and named != identity.units[0]:
            reading.problems.append(
                Problem(
                    file,
                    "wrong-unit",
                    f"nama berkas menyebut unit {named}, tetapi isinya unit "
                    f"{identity.units[0]}; periksa apakah berkas tertukar",
                    Severity.WARNING,
                )
            )
        return catalog


def _saved_time(core_xml: bytes | None) -> str | None:
    match = _MODIFIED.search(core_xml or b"")
    return match[1].decode("ascii", errors="replace").strip() if match else None


def _unit_word(path: Path, catalog: Catalog) -> str | None:
    words = set(re.split(r"[-_ .]+", path.stem.upper()))
    found = [unit.id for unit in catalog.units if unit.id in words]
    return found[0] if len(found) == 1 else None


def _errors_by_sheet(
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


def _names_block(workbook_xml: bytes | None) -> bytes:
    """The <definedNames> element of xl/workbook.xml (b"" when there is none).

    Files made from one blank and saved by the same program carry the same block, so a batch
    parses each distinct block once (see :func:`_parse_defined_names`).
    """
    xml = workbook_xml or b""
    start, end = defined_names_span(xml)
    return xml[start:end]


@functools.lru_cache(maxsize=64)
def _parse_defined_names(block: bytes) -> Mapping[str, tuple[str, str]]:
    """Workbook-level defined names pointing at single cells: name -> (sheet, 'J12').

    A regular expression over the machine-written <definedName> elements, several times
    faster than an XML parser here; the safety gate has already refused any DTD in the file.
    Sheet-level names (print titles, print area) carry localSheetId and are left out.
    """
    # LibreOffice escapes every quote around a sheet name: undo the common ones in one pass
    text = block.decode("utf-8", errors="replace").replace("&apos;", "'")
    names = {}
    for attributes, target in _DEFINED_NAME.findall(text):
        name = _NAME_ATTRIBUTE.search(attributes)
        if name is None or "localSheetId" in attributes:
            continue
        match = _NAME_TARGET.match(html.unescape(target).strip() if "&" in target else target)
        if match:
            sheet = match[1].replace("''", "'") if match[1] else match[2]
            key = html.unescape(name[1]) if "&" in name[1] else name[1]
            names[key] = (sheet, f"{match[3]}{match[4]}")
    return MappingProxyType(names)  # shared by the files of a batch: read-only


def _find_sheet(
    checker: CellChecker,
    book: CalamineWorkbook,
    expected: str,
    probe: str,
    what: str,
    names: Mapping[str, tuple[str, str]],
) -> str | None:
    """A sheet as written, or where its names now point (a renamed sheet); ``probe`` is one
    of its defined names, ``what`` says whose sheet it is (for the messages)."""
    if expected in book.sheet_names:
        return expected
    target = names.get(probe)
    if target and target[0] in book.sheet_names:
        checker.add(
            Cell(target[0], "A1", None),
            "sheet-renamed",
            f'lembar "{expected}" ({what}) berganti nama menjadi "{target[0]}"; '
            "isinya tetap dibaca",
            Severity.WARNING,
        )
        return target[0]
    checker.problems.append(
        Problem(
            checker.file,
            "sheet-missing",
            f'lembar "{expected}" ({what}) tidak ada di buku kerja',
            sheet=expected,
        )
    )
    return None


_NOT_REPORTED = Reading(None, None)


class _SheetCells(SheetCells):
    """The cells of one unit sheet, with the plan of where each indicator's cells are."""

    def __init__(
        self, book: CalamineWorkbook, sheet: str, plan: _SheetPlan, errors: dict[str, str]
    ):
        super().__init__(book, sheet, errors)
        self.plan = plan


@dataclass(frozen=True)
class _IndicatorPlan:
    """Where one indicator's cells are: worked out once, used for every file of a batch."""

    nums: tuple[Position, ...]
    dens: tuple[Position, ...]  # ratio indicators only
    target: Position
    formulas: tuple[tuple[str, Position], ...]  # suffix (TW1_VAL .. KATEGORI), position
    kendala: Position


@dataclass(frozen=True)
class _SheetPlan:
    indicators: dict[str, _IndicatorPlan]
    moved: bool  # a defined name points elsewhere than the layout: rows or columns were moved
    lost: dict[str, list[str]]  # indicator id -> its names that cannot be located (moved)


def _sheet_plan(unit: Unit, sheet: str, names: Mapping[str, tuple[str, str]]) -> _SheetPlan:
    positions, moved, missing = follow_names(sheet_layout(unit).names(), sheet, names)
    plans = {}
    lost: dict[str, list[str]] = {}
    for indicator in unit.indicators:
        prefix = indicator.id
        gone = [name for name in missing if name.startswith(f"{prefix}_")]
        if gone:
            lost[prefix] = gone
            continue
        ratio = indicator.kind is Kind.RATIO
        suffixes = (
            [f"TW{q}_VAL" for q in QUARTERS]
            + ["YEAR_NUM", "YEAR_VAL", "CAPAIAN", "KATEGORI"]
            + (["YEAR_DEN"] if ratio else [])
        )
        plans[prefix] = _IndicatorPlan(
            nums=tuple(positions[f"{prefix}_TW{q}_NUM"] for q in QUARTERS),
            dens=tuple(positions[f"{prefix}_TW{q}_DEN"] for q in QUARTERS) if ratio else (),
            target=positions[f"{prefix}_TARGET"],
            formulas=tuple((suffix, positions[f"{prefix}_{suffix}"]) for suffix in suffixes),
            kendala=positions[f"{prefix}_KENDALA"],
        )
    return _SheetPlan(plans, moved, lost)


def _report_moved(checker: CellChecker, sheet: str) -> None:
    checker.add(
        Cell(sheet, "A1", None),
        "layout-moved",
        "baris atau kolom lembar ini telah digeser (proteksi dibuka?); isian dibaca menurut "
        "nama selnya",
        Severity.WARNING,
    )


MAX_LOST_NAMED = 8  # the names a name-missing problem lists; the rest are counted


def _report_lost(checker: CellChecker, sheet: str, lost: list[str], what: str) -> None:
    """Cells that cannot be found: their names are gone from a sheet whose cells moved."""
    listed = ", ".join(lost[:MAX_LOST_NAMED])
    more = f" dan {len(lost) - MAX_LOST_NAMED} lagi" if len(lost) > MAX_LOST_NAMED else ""
    checker.add(
        Cell(sheet, "A1", None),
        "name-missing",
        f"nama sel {listed}{more} hilang atau menunjuk ke lembar lain, padahal baris atau "
        f"kolom lembar ini telah digeser: selnya tidak dapat ditemukan, dan {what} tidak "
        "dibaca. Kembalikan nama selnya (menu Formulas > Name Manager), atau salin isian ke "
        "blanko baru",
    )


def _read_indicator(
    checker: CellChecker,
    cells: _SheetCells,
    unit_id: str,
    indicator: Indicator,
    records: dict[str, Records],
) -> _IndicatorInputs:
    """Read and check one indicator's inputs; keep its formula cells for phase 3."""
    plan = cells.plan.indicators[indicator.id]
    num_cells = [cells.at(position) for position in plan.nums]
    den_cells = [cells.at(position) for position in plan.dens]
    counted = records_inputs(indicator, records) if indicator.recorded else None
    if counted is not None:  # counted from the records: compared, never read
        nums, dens = _counted(checker, indicator, counted, num_cells, den_cells)
    elif indicator.computed_inputs:  # a cascade's sums (or records not read): as they show
        nums = [_shown_amount(c) for c in num_cells]
        dens = [_shown_amount(c) for c in den_cells]
    else:  # typed: each checked, and a ratio's quarters as pairs
        nums = [
            _amount(checker, c, indicator, "num", q)
            for q, c in zip(QUARTERS, num_cells, strict=True)
        ]
        dens = [
            _amount(checker, c, indicator, "den", q)
            for q, c in zip(QUARTERS[: len(den_cells)], den_cells, strict=True)
        ]
        for q in QUARTERS[: len(den_cells)]:
            check_quarter_pair(
                checker,
                indicator,
                q,
                (num_cells[q - 1], nums[q - 1]),
                (den_cells[q - 1], dens[q - 1]),
            )
    dens = dens or [_NOT_REPORTED] * len(QUARTERS)  # a value indicator has no denominators
    target_cell = cells.at(plan.target)
    target = checker.number(target_cell, input_label(indicator, "target"))
    if indicator.target is None:
        check_target(checker, target_cell, target, indicator)
    elif target.meant != indicator.target:  # locked by the catalog, yet changed
        checker.add(
            target_cell,
            "target-changed",
            f"{input_label(indicator, 'target')} "
            f"ditetapkan katalog {format_number(indicator.target)}, tetapi sel berisi "
            f"{'kosong' if target.meant is None else format_number(target.meant)}; "
            "target yang ditandatangani tidak boleh diubah",
        )
        target = Reading(indicator.target, target.seen)  # the table keeps the signed target
    formulas = {suffix: cells.at(position) for suffix, position in plan.formulas}
    kendala = cells.at(plan.kendala).value
    return _IndicatorInputs(
        indicator,
        unit_id,
        nums,
        dens,
        target,
        formulas,
        None if kendala is None else cell_text(kendala),
    )


def _counted(
    checker: CellChecker,
    indicator: Indicator,
    counted: dict[str, float | None],
    num_cells: list[Cell],
    den_cells: list[Cell],
) -> tuple[list[Reading], list[Reading]]:
    """A recorded indicator's quarters as its records give them; each formula cell's cached
    result is compared with them."""
    readings: dict[str, list[Reading]] = {"NUM": [], "DEN": []}
    for part, part_cells in (("NUM", num_cells), ("DEN", den_cells)):
        for q, cell in zip(QUARTERS[: len(part_cells)], part_cells, strict=True):
            value = counted.get(f"TW{q}_{part}")
            label = f"{indicator.id} {'pembilang' if part == 'NUM' else 'penyebut'} TW{q}"
            check_cached(checker, cell, value, label)
            readings[part].append(Reading(value, value))
    return readings["NUM"], readings["DEN"]


def _shown_amount(cell: Cell) -> Reading:
    """A formula's amount (a cascade's sum, a count of records), as its cell shows it."""
    value = cell.value
    number = float(value) if type(value) in (int, float) else None
    return Reading(number, number)


def _amount(
    checker: CellChecker, cell: Cell, indicator: Indicator, role: str, quarter: int
) -> Reading:
    """A typed amount, as meant and as the sheet sees it; checked."""
    value = cell.value
    # The usual cell: empty, or a plain number that passes every check. Only the rest pays
    # for a label and the full checks.
    if value is None:
        return _NOT_REPORTED
    if (
        type(value) is float
        and 0 <= value <= MAX_AMOUNT
        and indicator.valid_range is None
        and (value.is_integer() or not indicator.whole_inputs)
    ):
        return Reading(value, value)
    label = input_label(indicator, role, quarter)
    reading = checker.number(cell, label)
    check_amount(checker, cell, reading, indicator, label)
    return reading


# --- phases 2 and 3: the whole batch --------------------------------------------------------


def _inputs_frame(items: list[_IndicatorInputs], view: str) -> pd.DataFrame:
    """compute()'s input for every indicator of the batch: as meant, or as the sheet sees."""

    def number(reading: Reading) -> float:
        value = reading.meant if view == "meant" else reading.seen
        return np.nan if value is None else value

    frame = pd.DataFrame(
        {
            "kind": [i.indicator.kind.value for i in items],
            "aggregation": [i.indicator.aggregation.value for i in items],
            "polarity": [i.indicator.polarity.value for i in items],
            "target": [number(i.target) for i in items],
        }
    )
    nums = np.array([[number(r) for r in i.nums] for i in items], dtype=float).reshape(-1, 4)
    dens = np.array([[number(r) for r in i.dens] for i in items], dtype=float).reshape(-1, 4)
    for q in range(4):
        frame[NUM[q]] = nums[:, q]
        frame[DEN[q]] = dens[:, q]
    return frame


def _finish(
    batch: list[tuple[WorkbookReading, list[_IndicatorInputs]]],
) -> Iterator[WorkbookReading]:
    readings = [reading for reading, read in batch for _ in read]
    items = [item for _, read in batch for item in read]
    if items:
        meant_inputs = _inputs_frame(items, "meant")
        meant = compute(meant_inputs)
        # what the sheet's formulas see differs only where a number was typed as text
        differs = any(
            r.meant != r.seen for item in items for r in (item.target, *item.nums, *item.dens)
        )
        expected = _shown_results(compute(_inputs_frame(items, "seen")) if differs else meant)
        table = _tidy(items, readings, meant_inputs, meant)
    start = 0
    for reading, read in batch:
        if read:
            end = start + len(read)
            checker = CellChecker(str(reading.path), reading.kind is not FileKind.XLS)
            for k in range(start, end):
                item = items[k]
                for suffix, cell in item.formulas.items():
                    wanted = expected[suffix][k]
                    if cell.value is not None and cell.value != wanted:  # else: nothing to say
                        check_cached(
                            checker, cell, wanted, f"{item.indicator.id} {FORMULA_NAMES[suffix]}"
                        )
            reading.problems += checker.problems
            reading.kendala = {
                items[k].indicator.id: items[k].kendala
                for k in range(start, end)
                if items[k].kendala
            }
            reading.batch_table = table
            reading.rows = slice(start * len(PERIODS), end * len(PERIODS))
            start = end
        yield reading


def _shown_results(results: pd.DataFrame) -> dict[str, list[object]]:
    """What each formula cell shows (see :func:`shown`), by suffix, for every indicator."""
    columns = results.to_dict("list")
    expected = {
        f"TW{q}_VAL": [
            shown(value, dash)
            for value, dash in zip(columns[VAL[q - 1]], columns[DASH[q - 1]], strict=True)
        ]
        for q in QUARTERS
    }
    expected["YEAR_NUM"] = [shown(value) for value in columns["year_num"]]
    expected["YEAR_DEN"] = [shown(value) for value in columns["year_den"]]
    expected["YEAR_VAL"] = [
        shown(value, dash)
        for value, dash in zip(columns["year_val"], columns["year_dash"], strict=True)
    ]
    expected["CAPAIAN"] = [shown(value, empty="-") for value in columns["capaian"]]
    expected["KATEGORI"] = [kategori or "-" for kategori in columns["kategori"]]
    return expected


def _tidy(
    items: list[_IndicatorInputs],
    readings: list[WorkbookReading],
    inputs: pd.DataFrame,
    results: pd.DataFrame,
) -> pd.DataFrame:
    """The batch's tidy table: the inputs as meant, with who and where they come from."""
    inputs = inputs.assign(
        kecamatan=[r.identity.kecamatan for r in readings],
        year=[r.identity.year for r in readings],
        unit_id=[i.unit_id for i in items],
        indicator_id=[i.indicator.id for i in items],
        source_file=[str(r.path) for r in readings],
    )
    return tidy_table(inputs, results)
