"""Reading a catalog workbook back into a :class:`Catalog`, every problem at its sheet and cell.

The file passes the gate (:mod:`iku_xlsx.gate`) before openpyxl opens it (read only, values
as typed). Reading then runs in three passes, as a YAML catalog's loading does:

1. the sheets: every cell read by its column's kind (:mod:`.cells`), the rows assembled into
   the catalog's data, the ids a row names looked up; a fault here stops before the model;
2. the model (pydantic): its errors said in Bahasa Indonesia;
3. the rules that span fields (:mod:`iku_xlsx.catalog.validation`).

While reading, every value's model path is mapped to the cell it came from (``places``), so
that the errors of passes 2 and 3, which carry a model path like ``('units', 5, 'sasaran', 0,
'indicators', 2, 'kind')``, are placed at their cell too.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from iku_xlsx.catalog.messages import PATTERN_HINTS, field_message, in_written_form
from iku_xlsx.catalog.model import Catalog, CatalogError
from iku_xlsx.catalog.validation import semantic_problems
from iku_xlsx.catalog.workbook.cells import CellFault
from iku_xlsx.catalog.workbook.layout import (
    ANGGARAN,
    DESA,
    DOKUMEN,
    INDIKATOR,
    KANTOR,
    KATEGORI,
    LAPORAN,
    LAYANAN,
    PETUNJUK,
    SHEETS,
    TARGET,
    UNIT,
    Column,
    Sheet,
)
from iku_xlsx.gate import FileKind, Refusal, inspect_file
from iku_xlsx.numbers import format_number
from iku_xlsx.problems import Code, Problem

Path_ = tuple[Any, ...]  # a model path: ('units', 5, 'signatory', 'nip')
Grid = list[list[tuple[Any, bool]]]  # a sheet's rows of (value, is an error value)
Grids = dict[str, tuple[str, Grid]]  # folded sheet name -> its name as written, its rows


@dataclass(frozen=True)
class Place:
    """Where a value came from: its sheet, cell and column header."""

    sheet: str
    cell: str | None = None
    header: str | None = None


@dataclass
class Row:
    """One row of a sheet as read."""

    number: int
    anchor: str  # its first cell, for what belongs to the row as a whole
    values: dict[str, Any] = field(default_factory=dict)  # field -> value of each cell read
    cells: dict[str, str] = field(default_factory=dict)  # field -> its cell, filled or not
    faulty: set[str] = field(default_factory=set)  # fields whose cell could not be read


class Reading:
    """The problems found so far, and where each value of the model came from."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.places: dict[Path_, Place] = {(): Place(KANTOR.name)}
        self.unread: set[str] = set()  # sheets missing or with a broken header row

    def fault(self, place: Place, code: Code, message: str) -> None:
        self.problems.append(Problem(self.file, code, message, sheet=place.sheet, cell=place.cell))

    def in_order(self) -> list[Problem]:
        """The problems as the planner meets them: sheet by sheet, row by row."""
        sheets = {sheet.name: k for k, sheet in enumerate(SHEETS)}

        def position(problem: Problem) -> tuple[int, int, int]:
            sheet = sheets.get(problem.sheet or "", -1)  # the file, an unknown sheet: first
            if problem.cell is None:
                return sheet, 0, 0
            letters, row = coordinate_from_string(problem.cell)
            return sheet, row, column_index_from_string(letters)

        return sorted(self.problems, key=position)

    def mark(self, place: Place, *path: Any) -> None:
        """``place`` is where the value at model ``path`` came from."""
        self.places[path] = place

    def place(self, path: Iterable[Any]) -> Place:
        """The place of a model path, or of the nearest thing above it that has one."""
        path = tuple(path)
        while path not in self.places:
            path = path[:-1]
        return self.places[path]

    def record(self, sheet: Sheet, row: Row, path: Path_) -> None:
        """The places of a row's object (its first cell) and of each of its fields."""
        self.places[path] = Place(sheet.name, row.anchor)
        for column in sheet.columns:
            place = Place(sheet.name, row.cells.get(column.field, row.anchor), column.header)
            field = _field_path(column.field)
            self.places[path + field] = place
            for end in range(1, len(field)):  # 'valid_range' at its first cell, 'valid_range.0'
                self.places.setdefault(path + field[:end], place)


def read_catalog_workbook(
    path: str | Path, name: str | None = None
) -> tuple[Catalog | None, list[Problem]]:
    """The catalog of the workbook at ``path`` (None when invalid) and its problems, each
    naming ``name`` (default: the path), its sheet and cell. Raises ``OSError`` when there is
    no such file, as a YAML catalog's loading does."""
    Path(path).stat()
    reading = Reading(str(path) if name is None else name)
    grids = _open(Path(path), reading)
    if grids is None:
        return None, reading.problems
    _unknown_sheets(grids, reading)
    rows = {sheet.name: _read_sheet(sheet, grids, reading) for sheet in SHEETS}
    raw = _assemble(rows, reading)
    if reading.problems:
        return None, reading.in_order()
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as error:
        for detail in in_written_form(error.errors(include_url=False)):
            place = reading.place(detail["loc"])
            reading.fault(place, Code.CATALOG_FIELD, _model_message(detail, place))
        return None, reading.in_order()
    for loc, code, message in semantic_problems(catalog):
        place = reading.place(loc)
        reading.fault(place, code, f"{place.header}: {message}" if place.header else message)
    return (None if reading.problems else catalog), reading.in_order()


def load_catalog_workbook(path: str | Path, *, year: int | None = None) -> Catalog:
    """The catalog of a workbook, for ``year``; :class:`CatalogError` names every fault."""
    catalog, problems = read_catalog_workbook(path)
    if catalog is None:
        raise CatalogError(problems)
    return catalog.for_year(year)


def check_catalog_workbook(path: str | Path) -> list[Problem]:
    """Every problem of the catalog workbook at ``path`` (empty when it is valid)."""
    return read_catalog_workbook(path)[1]


# --- 1. the sheets ---------------------------------------------------------------------------


def _open(path: Path, reading: Reading) -> Grids | None:
    """Every sheet's cells by the sheet's folded name, once the gate let the file through."""
    try:
        inspection = inspect_file(path)
    except Refusal as refusal:
        reading.problems.append(Problem(reading.file, refusal.code, refusal.message))
        return None
    if inspection.kind is not FileKind.XLSX:
        message = (
            f"katalog dibaca dari buku kerja Excel (.xlsx), bukan {inspection.kind.value}: "
            "buka di Excel atau LibreOffice lalu simpan sebagai Buku Kerja Excel (.xlsx)"
        )
        reading.problems.append(Problem(reading.file, Code.CATALOG_WORKBOOK, message))
        return None
    try:
        book = openpyxl.load_workbook(io.BytesIO(inspection.data), read_only=True, data_only=True)
        try:
            return {_folded(sheet.title): (sheet.title, _grid(sheet)) for sheet in book.worksheets}
        finally:
            book.close()
    except Exception as error:  # noqa: BLE001 - whatever openpyxl finds, the file is damaged
        message = (
            f"berkas rusak atau bukan buku kerja ({type(error).__name__}); buka di Excel lalu "
            "simpan ulang sebagai Buku Kerja Excel (.xlsx)"
        )
        reading.problems.append(Problem(reading.file, Code.CORRUPT, message))
        return None


def _grid(sheet: Any) -> Grid:
    sheet.reset_dimensions()  # some writers give no or a wrong extent: read every row
    return [[(cell.value, cell.data_type == "e") for cell in row] for row in sheet.iter_rows()]


def _unknown_sheets(grids: Grids, reading: Reading) -> None:
    """A sheet no table reads is refused: a renamed sheet would be lost silently."""
    known = {_folded(sheet.name) for sheet in SHEETS} | {_folded(PETUNJUK)}
    for title in sorted(grids[name][0] for name in set(grids) - known):
        message = (
            f"lembar '{title}' tidak dikenal; lembar katalog: "
            f"{', '.join(sheet.name for sheet in SHEETS)}: perbaiki namanya atau hapus lembarnya"
        )
        reading.fault(Place(title), Code.CATALOG_WORKBOOK, message)


def _read_sheet(sheet: Sheet, grids: Grids, reading: Reading) -> list[Row]:
    """The rows of one sheet ([] when an optional sheet is left out)."""
    _, grid = grids.get(_folded(sheet.name), (sheet.name, None))
    if grid is None:
        if sheet.required:
            message = f"lembar '{sheet.name}' tidak ada: katalog memerlukannya ({sheet.purpose})"
            reading.fault(Place(sheet.name), Code.CATALOG_WORKBOOK, message)
            reading.unread.add(sheet.name)
        return []
    return (
        _read_vertical(sheet, grid, reading)
        if sheet.vertical
        else _read_table(sheet, grid, reading)
    )


def _read_table(sheet: Sheet, grid: Grid, reading: Reading) -> list[Row]:
    """A horizontal sheet: its columns found by their headers, then its rows."""
    columns = _columns(sheet, grid[0] if grid else [], reading)
    if columns is None:
        reading.unread.add(sheet.name)
        return []
    letters = {index: get_column_letter(index + 1) for index in columns}
    rows: list[Row] = []
    for number, cells in enumerate(grid[1:], start=2):
        row = Row(number, f"{letters[min(columns)]}{number}")
        row.cells = {column.field: f"{letters[i]}{number}" for i, column in columns.items()}
        for index, (value, error) in enumerate(cells):
            if not _empty(value):
                address = f"{get_column_letter(index + 1)}{number}"
                _read_cell(sheet, columns.get(index), row, address, value, error, reading)
        if row.values or row.faulty:
            _complete(sheet, row, rows[-1] if rows else None, reading)
            rows.append(row)
    return rows


def _complete(sheet: Sheet, row: Row, above: Row | None, reading: Reading) -> None:
    """A filled row's empty cells: carried down from the row above, or wanted."""
    for column in sheet.columns:
        if column.field in row.values or column.field in row.faulty:
            continue
        if column.carried and above is not None and column.field in above.values:
            row.values[column.field] = above.values[column.field]
        elif column.required:
            reading.fault(
                _cell(sheet, row, column.field), Code.CATALOG_FIELD, f"{column.header}: wajib diisi"
            )
            row.faulty.add(column.field)


def _columns(
    sheet: Sheet, header: list[tuple[Any, bool]], reading: Reading
) -> dict[int, Column] | None:
    """The column each header names; None (problems said) for an unknown, repeated or missing
    header."""
    columns: dict[int, Column] = {}
    before = len(reading.problems)
    for index, (value, _) in enumerate(header):
        if _empty(value):
            continue
        place = Place(sheet.name, f"{get_column_letter(index + 1)}1")
        column = _by_header(sheet, value)
        if column is None:
            message = (
                f"kolom '{value}' tidak dikenal; judul kolom lembar ini: "
                f"{', '.join(c.header for c in sheet.columns)}: perbaiki judulnya atau hapus "
                "kolomnya"
            )
            reading.fault(place, Code.CATALOG_WORKBOOK, message)
        elif column in columns.values():
            reading.fault(place, Code.CATALOG_WORKBOOK, f"kolom '{column.header}' ada dua kali")
        else:
            columns[index] = column
    for column in sheet.columns:
        if column.required and column not in columns.values():
            message = f"kolom wajib '{column.header}' tidak ada di baris judul (baris 1)"
            reading.fault(Place(sheet.name, "A1"), Code.CATALOG_WORKBOOK, message)
    return None if len(reading.problems) > before or not columns else columns


def _read_vertical(sheet: Sheet, grid: Grid, reading: Reading) -> list[Row]:
    """The Kantor sheet: each row a field, found by its label, its value beside it."""
    row = Row(1, "B2")
    for number, cells in enumerate(grid[1:], start=2):
        label, value, error = cells[0][0] if cells else None, None, False
        if len(cells) > 1:
            value, error = cells[1]
        if _empty(label):
            continue
        place = Place(sheet.name, f"A{number}")
        column = _by_header(sheet, label)
        if column is None:
            known = ", ".join(c.header for c in sheet.columns)
            message = f"isian '{label}' tidak dikenal; isian lembar ini: {known}"
            reading.fault(place, Code.CATALOG_WORKBOOK, message)
            continue
        if column.field in row.cells:
            message = f"isian '{column.header}' ada dua kali (juga di {row.cells[column.field]})"
            reading.fault(place, Code.CATALOG_DUPLICATE_KEY, message)
            continue
        row.cells[column.field] = f"B{number}"
        if not _empty(value):
            _read_cell(sheet, column, row, f"B{number}", value, error, reading)
    for column in sheet.columns:
        if column.required and column.field not in row.cells:
            message = f"baris '{column.header}' tidak ada; tambahkan dengan nilainya di kolom B"
            reading.fault(Place(sheet.name), Code.CATALOG_WORKBOOK, message)
            row.faulty.add(column.field)
    _complete(sheet, row, None, reading)
    return [row]


def _read_cell(
    sheet: Sheet,
    column: Column | None,
    row: Row,
    address: str,
    value: Any,
    error: bool,
    reading: Reading,
) -> None:
    """One filled cell into ``row``, or its problem."""
    place = Place(sheet.name, address, column.header if column else None)
    if column is None:
        message = "sel ini berisi isian di kolom tanpa judul: pindahkan ke kolomnya atau hapus"
        reading.fault(place, Code.CATALOG_WORKBOOK, message)
        row.faulty.add(address)
        return
    try:
        if error:
            raise CellFault(f"berisi nilai galat {value}; ketik isiannya")
        row.values[column.field] = column.kind.read(value)
    except CellFault as fault:
        reading.fault(place, Code.CATALOG_FIELD, f"{column.header}: {fault}")
        row.faulty.add(column.field)


# --- the rows into the catalog's data --------------------------------------------------------


def _assemble(rows: dict[str, list[Row]], reading: Reading) -> dict[str, Any]:
    """The catalog's data, as a YAML file would give it, from every sheet's rows."""
    raw: dict[str, Any] = {}
    for office in rows[KANTOR.name]:
        _fill(raw, office, KANTOR, (), reading)
        if not any(name.startswith("head.") for name in office.values.keys() | office.faulty):
            raw.pop("head", None)  # no head of office: the CAMAT unit's signatory signs
    units = _units(raw, rows[UNIT.name], reading)
    indicators = _indicators(raw, units, rows[INDIKATOR.name], reading)
    _targets(indicators, rows[TARGET.name], reading)
    _budgets(indicators, rows[ANGGARAN.name], reading)
    _records(indicators, rows[LAPORAN.name], LAPORAN, "checklist", reading)
    _records(indicators, rows[DOKUMEN.name], DOKUMEN, "desa_documents", reading)
    _listed(raw, rows[KATEGORI.name], KATEGORI, ("rules", "categories"), reading)
    _listed(raw, rows[DESA.name], DESA, ("desa",), reading)
    services = rows[LAYANAN.name]
    if services:
        raw["ikm_services"] = [row.values.get("@service") for row in services]
        for k, row in enumerate(services):
            reading.record(LAYANAN, row, ("ikm_services", k))
    return raw


def _fill(target: dict[str, Any], row: Row, sheet: Sheet, path: Path_, reading: Reading) -> None:
    """The row's model fields into ``target`` (an empty cell as its column says), its places
    recorded under ``path``."""
    reading.record(sheet, row, path)
    for column in sheet.columns:
        if column.field.startswith("@") or column.field in row.faulty:
            continue
        value = row.values.get(column.field, column.empty)
        if value is not None:
            _put(target, column.field, value)


def _units(raw: dict[str, Any], rows: list[Row], reading: Reading) -> dict[str, int]:
    """The units, each by its id -> its position."""
    raw["units"] = []
    reading.mark(Place(UNIT.name, "A2", UNIT.columns[0].header), "units")
    positions: dict[str, int] = {}
    for row in rows:
        unit: dict[str, Any] = {"sasaran": []}
        _fill(unit, row, UNIT, ("units", len(raw["units"])), reading)
        unit_id = unit.get("id")
        if unit_id in positions:
            first = raw["units"][positions[unit_id]]
            message = (
                f"ID unit {unit_id} sudah dipakai unit {first.get('name')}; setiap unit satu ID"
            )
            reading.fault(
                reading.place(("units", len(raw["units"]), "id")),
                Code.CATALOG_DUPLICATE_ID,
                message,
            )
        elif isinstance(unit_id, str):
            positions[unit_id] = len(raw["units"])
        raw["units"].append(unit)
    if not rows and UNIT.name not in reading.unread:
        reading.fault(
            reading.place(("units",)), Code.CATALOG_FIELD, "belum ada unit: isi lembar Unit"
        )
    return positions


Found = dict[str, tuple[Path_, dict[str, Any]]]  # indicator id -> its path and data


def _indicators(
    raw: dict[str, Any], units: dict[str, int], rows: list[Row], reading: Reading
) -> Found:
    """Each unit's sasaran and indicators, in the order of its rows; a run of rows with one
    sasaran (an empty cell: the one above) is one sasaran."""
    found: Found = {}
    rows_of: dict[str, int] = {}  # indicator id -> its first row
    counts: dict[str, int] = {}
    for row in rows:
        unit_id = row.values.get("@unit")
        if unit_id is None:  # its problem said
            continue
        if unit_id not in units:
            known = ", ".join(units) or "belum ada"
            message = (
                f"unit '{unit_id}' tidak ada di lembar Unit (ID unit: {known}); pilih dari daftar"
            )
            reading.fault(_cell(INDIKATOR, row, "@unit"), Code.CATALOG_REFERENCE, message)
            continue
        u = units[unit_id]
        sasaran = raw["units"][u]["sasaran"]
        name = row.values.get("@sasaran")
        if name is None:  # its problem said
            continue
        if not sasaran or sasaran[-1]["name"] != name:
            sasaran.append({"name": name, "indicators": []})
            place = _cell(INDIKATOR, row, "@sasaran")
            reading.mark(place, "units", u, "sasaran", len(sasaran) - 1)
            reading.mark(place, "units", u, "sasaran", len(sasaran) - 1, "name")
        counts[unit_id] = counts.get(unit_id, 0) + 1
        indicators = sasaran[-1]["indicators"]
        path = ("units", u, "sasaran", len(sasaran) - 1, "indicators", len(indicators))
        indicator: dict[str, Any] = {}
        _fill(indicator, row, INDIKATOR, path, reading)
        indicator.setdefault("id", f"{unit_id}_{counts[unit_id]}")  # as a YAML catalog may
        if indicator["id"] in rows_of and "id" in row.values:
            message = (
                f"ID indikator {indicator['id']} sudah dipakai di baris "
                f"{rows_of[indicator['id']]}; setiap indikator satu ID"
            )
            reading.fault(_cell(INDIKATOR, row, "id"), Code.CATALOG_DUPLICATE_ID, message)
        rows_of.setdefault(indicator["id"], row.number)
        found.setdefault(indicator["id"], (path, indicator))
        indicators.append(indicator)
    for unit_id, u in units.items():
        if not raw["units"][u]["sasaran"] and INDIKATOR.name not in reading.unread:
            message = (
                f"unit {unit_id} belum punya indikator: tambahkan barisnya di lembar Indikator "
                "dengan ID unit ini"
            )
            reading.fault(reading.place(("units", u, "id")), Code.CATALOG_FIELD, message)
    return found


def _yearly(
    found: Found, rows: list[Row], sheet: Sheet, reading: Reading
) -> Iterator[tuple[Row, Path_, dict[str, Any], int]]:
    """Each row of an indicator's year (its targets, its budget): the row, the indicator's
    path and data, the year; a row naming no indicator, or a year given twice, said."""
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        located = _indicator(found, sheet, row, reading)
        year = row.values.get("@year")
        if located is None or year is None:
            continue
        path, indicator = located
        key = (indicator["id"], year)
        if key in seen:
            message = f"{key[0]} tahun {year} sudah diisi di baris {seen[key]} lembar ini"
            reading.fault(_cell(sheet, row, "@year"), Code.CATALOG_DUPLICATE_KEY, message)
            continue
        seen[key] = row.number
        yield row, path, indicator, year


def _targets(found: Found, rows: list[Row], reading: Reading) -> None:
    """Each row: an indicator's annual target of a year and its four targets to date."""
    for row, path, indicator, year in _yearly(found, rows, TARGET, reading):
        annual, year_cell = _cell(TARGET, row, "target"), _cell(TARGET, row, "@year")
        for way in ("targets", "quarter_targets"):
            reading.mark(annual, *path, way, year)
            reading.mark(year_cell, *path, way, year, "[key]")
        if "target" in row.values:
            indicator.setdefault("targets", {})[year] = row.values["target"]
        fields = [f"quarter.{k}" for k in range(4)]
        for k, name in enumerate(fields):
            reading.mark(_cell(TARGET, row, name), *path, "quarter_targets", year, k)
        given = [row.values.get(name) for name in fields]
        if any(name in row.faulty for name in fields) or all(v is None for v in given):
            continue
        if None in given:
            message = (
                f"target s.d. triwulan tahun {year}: isi keempatnya (s.d. TW I, II, III dan IV), "
                "atau kosongkan semuanya"
            )
            reading.fault(
                _cell(TARGET, row, fields[given.index(None)]), Code.CATALOG_FIELD, message
            )
            continue
        indicator.setdefault("quarter_targets", {})[year] = given


def _budgets(found: Found, rows: list[Row], reading: Reading) -> None:
    """Each row: an indicator's budget of a year, with what was spent each quarter (none: the
    amount alone, as YAML writes it; quarters after the last given are left out)."""
    for row, path, indicator, year in _yearly(found, rows, ANGGARAN, reading):
        budget: dict[str, Any] = {}
        _fill(budget, row, ANGGARAN, (*path, "budget", year), reading)
        reading.mark(_cell(ANGGARAN, row, "@year"), *path, "budget", year, "[key]")
        reading.mark(_cell(ANGGARAN, row, "amount"), *path, "budget", year)
        spent = budget.pop("realised", [])
        while spent and spent[-1] is None:
            spent.pop()
        given = (
            {"amount": budget.get("amount"), "realised": spent} if spent else budget.get("amount")
        )
        indicator.setdefault("budget", {})[year] = given


def _records(found: Found, rows: list[Row], sheet: Sheet, way: str, reading: Reading) -> None:
    """Each row: one record item (a report of a checklist, a desa document) of an indicator."""
    for row in rows:
        located = _indicator(found, sheet, row, reading)
        if located is None:
            continue
        path, indicator = located
        items = indicator.setdefault(way, [])
        if not items:
            reading.mark(Place(sheet.name, row.anchor), *path, way)
        item: dict[str, Any] = {}
        _fill(item, row, sheet, (*path, way, len(items)), reading)
        items.append(item)


def _listed(
    raw: dict[str, Any], rows: list[Row], sheet: Sheet, path: Path_, reading: Reading
) -> None:
    """A list of rows (desa, categories) at ``path``; none given: the model's default."""
    if not rows:
        return
    items: list[dict[str, Any]] = []
    reading.mark(Place(sheet.name, rows[0].anchor), *path)
    for k, row in enumerate(rows):
        item: dict[str, Any] = {}
        _fill(item, row, sheet, (*path, k), reading)
        items.append(item)
    _put(raw, ".".join(path), items)


def _indicator(
    found: Found, sheet: Sheet, row: Row, reading: Reading
) -> tuple[Path_, dict[str, Any]] | None:
    """The indicator a row names, or None (its problem said)."""
    indicator_id = row.values.get("@indicator")
    if indicator_id is None:  # its problem said
        return None
    if indicator_id not in found:
        message = f"indikator '{indicator_id}' tidak ada di lembar Indikator; pilih ID dari daftar"
        reading.fault(_cell(sheet, row, "@indicator"), Code.CATALOG_REFERENCE, message)
        return None
    return found[indicator_id]


def _cell(sheet: Sheet, row: Row, name: str) -> Place:
    return Place(sheet.name, row.cells.get(name, row.anchor), sheet.column(name).header)


# --- 2. the model's errors, in Bahasa Indonesia ------------------------------------------------

# What a text must look like, by its field: as in YAML, but a cell needs no quotes
PATTERNS = PATTERN_HINTS | {"nip": "angka dan spasi saja, misalnya 19860206 200412 2 001"}
BOUNDS = {
    "greater_than_equal": ("ge", "paling kecil"),
    "less_than_equal": ("le", "paling besar"),
    "greater_than": ("gt", "harus lebih dari"),
    "less_than": ("lt", "harus kurang dari"),
}


def _model_message(detail: ErrorDetails, place: Place) -> str:
    """A pydantic error as a planner reads it: the column, and what to type."""
    loc = [key for key in detail["loc"] if key != "[key]"]
    field_name = next((key for key in reversed(loc) if isinstance(key, str)), "")
    header = place.header or field_name
    kind = detail["type"]
    if kind == "too_short" and field_name == "categories":  # units, sasaran: said on reading
        return "kategori capaian paling sedikit dua, yang terakhir tanpa batas bawah"
    if kind in ("missing", "string_too_short") or detail.get("input") is None:
        return f"{header}: wajib diisi"
    if kind == "string_pattern_mismatch" and field_name in PATTERNS:
        return (
            f'{header}: "{detail["input"]}" tidak dapat dipakai; yang boleh: {PATTERNS[field_name]}'
        )
    if kind in BOUNDS:
        key, words = BOUNDS[kind]
        bound = (detail.get("ctx") or {}).get(key)
        shown = format_number(bound) if isinstance(bound, float) else bound  # a year: 2000
        return f"{header}: {words} {shown}"
    return f"{header}: {field_message(detail)}"  # as YAML's, naming the field


# --- helpers ---------------------------------------------------------------------------------


def _field_path(name: str) -> Path_:
    """'signatory.nip' -> ('signatory', 'nip'); 'valid_range.0' -> ('valid_range', 0)."""
    return tuple(int(part) if part.isdigit() else part for part in name.split("."))


def _put(target: dict[str, Any], name: str, value: Any) -> None:
    """Set the value at a dotted path, making the dicts on the way (and the list of a
    'valid_range.0')."""
    *parents, last = _field_path(name)
    container: Any = target
    for k, part in enumerate(parents):
        listed = isinstance(last, int) and k == len(parents) - 1
        container = container.setdefault(part, [] if listed else {})
    if isinstance(last, int):
        container.extend([None] * (last + 1 - len(container)))
    container[last] = value


def _by_header(sheet: Sheet, text: Any) -> Column | None:
    """The column a header names: its words, with or without the * of a required column (or
    the model's field name, as a YAML catalog writes it)."""
    folded = _folded(str(text).rstrip("*"))
    for column in sheet.columns:
        if folded in (_folded(column.header), _folded(column.field)):
            return column
    return None


def _folded(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def _empty(value: Any) -> bool:
    """An empty cell, or one of spaces only."""
    return value is None or (isinstance(value, str) and not value.strip())
