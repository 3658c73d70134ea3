"""Earlier years (``--previous``): the consolidated workbooks or tidy CSVs of years before this
one, read back and recomputed, so that this year can be set beside them.

- A consolidated workbook (made by this package) is read like any workbook: known by its
  metadata, its unit sheets read by their defined names, every figure recomputed from the
  inputs (a cached formula result that differs is the reader's ``formula-overwritten``). Its
  hidden Data sheet, where it has one, is compared with the recomputation.
- A tidy CSV (the standard layout or ``id``'s) is read by its header; each indicator's year is
  recomputed from its quarters' numerators, denominators and target by the catalog's rules,
  and compared with the CSV's own YEAR row (``previous-differs``).
- Either way a cascade (``derived_from``) is summed again from its sources' quarters: in a
  workbook its own cells are formulas over the unit sheets, whose cached results are not
  taken.
- A file of another kecamatan or catalog, of this year or a later one, with an error or a
  figure that differs, or a second file for a year already given, is not used
  (``previous-rejected``, saying why); the others are.

The figures kept of an earlier year are always the recomputed ones, never the stored ones.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from iku_xlsx.catalog import QUARTERS, Catalog
from iku_xlsx.compute import DEN, NUM, PERIODS, compute
from iku_xlsx.compute.indicators import rule_columns
from iku_xlsx.consolidation.cascades import sum_cascades
from iku_xlsx.consolidation.result import Consolidation, EarlierYear, KecamatanResult
from iku_xlsx.contract.layout import cell_name
from iku_xlsx.contract.metadata import CONSOLIDATED, DATA_SHEET, WorkbookIdentity
from iku_xlsx.fileio import os_error_words
from iku_xlsx.gate import Refusal, inspect_file, parsed_workbook
from iku_xlsx.gate.refusal import MAX_FILE_BYTES
from iku_xlsx.problems import Code, Problem
from iku_xlsx.reading import WorkbookReading, iter_workbooks

YEAR = "YEAR"
COMPARED = ("value", "achievement")  # the stored figures compared with the recomputation
NEEDED = ["kecamatan", "year", "indicator_id", "period", "numerator", "denominator", "target"]
NUMBERS = ["year", "numerator", "denominator", "value", "target", "achievement"]
# A CSV keeps 10 significant digits: a figure recomputed from its rounded inputs may differ
# from its rounded value by a few units in the tenth digit, never more.
RELATIVE, ABSOLUTE = 1e-8, 1e-9


def read_earlier_years(
    paths: Sequence[str | Path], catalogs: list[Catalog], result: Consolidation
) -> list[EarlierYear]:
    """Every earlier year the files hold that can be used (before ``result.year``, of one of
    ``catalogs``); the problems of the rest added to ``result``."""
    files = [Path(path) for path in paths]
    if not files:
        return []
    if result.year is None:
        for path in files:
            why = "tahun rekap ini tidak diketahui (tidak ada buku kerja yang dapat dipakai)"
            result.problems.append(_rejected(path, why))
        return []
    found: list[EarlierYear] = []
    for path in files:
        if path.suffix.lower() == ".csv":
            found += _from_csv(path, catalogs, result.year, result.problems)
    workbooks = [path for path in files if path.suffix.lower() != ".csv"]
    for reading in iter_workbooks(workbooks, catalogs, jobs=1):
        earlier = _from_workbook(reading, result.year, result.problems)
        if earlier is not None:
            found.append(earlier)
    return _one_file_a_year(found, result.problems)


def attach_earlier_years(
    kecamatan: KecamatanResult, earlier: list[EarlierYear], given: bool
) -> list[Problem]:
    """Give a kecamatan its earlier years (in order), and last year's realisation and capaian
    to its indicators (``previous_value``, ``previous_achievement``). ``given``: whether any
    earlier file was given at all; then a kecamatan without last year is told so."""
    name = kecamatan.catalog.kecamatan.name
    kecamatan.earlier = sorted((e for e in earlier if e.kecamatan == name), key=lambda e: e.year)
    last = kecamatan.previous()
    ids = kecamatan.inputs["indicator_id"]
    for column, figure in (("previous_value", "value"), ("previous_achievement", "achievement")):
        kecamatan.inputs[column] = (
            ids.map(last.figures[figure]).astype(float) if last is not None else np.nan
        )
    year = kecamatan.year
    if last is not None or not given or year is None:
        return []
    listed = ", ".join(str(e.year) for e in kecamatan.earlier) or "tidak ada"
    return [
        Problem(
            f"Kecamatan {name}",
            Code.PREVIOUS_YEAR_MISSING,
            f"tidak ada data tahun {year - 1} (tahun lalu) di antara berkas tahun sebelumnya "
            f"(tahun yang dipakai: {listed}); kolom tahun lalu dikosongkan",
        )
    ]


def _rejected(path: Path, why: str) -> Problem:
    return Problem(
        str(path), Code.PREVIOUS_REJECTED, f"berkas tahun sebelumnya tidak dipakai: {why}"
    )


def _one_file_a_year(found: list[EarlierYear], problems: list[Problem]) -> list[EarlierYear]:
    """Two files for one kecamatan's year: neither is used (never chosen silently)."""
    counted = Counter((e.kecamatan, e.year) for e in found)
    kept = []
    for earlier in found:
        if counted[(earlier.kecamatan, earlier.year)] == 1:
            kept.append(earlier)
            continue
        others = [
            e.source.name
            for e in found
            if (e.kecamatan, e.year) == (earlier.kecamatan, earlier.year) and e is not earlier
        ]
        problems.append(
            _rejected(
                earlier.source,
                f"tahun {earlier.year} Kecamatan {earlier.kecamatan} juga diberikan dalam "
                f"{', '.join(others)}; berikan satu berkas saja untuk setiap tahun",
            )
        )
    return kept


# --- a consolidated workbook ----------------------------------------------------------------


def _from_workbook(
    reading: WorkbookReading, year: int, problems: list[Problem]
) -> EarlierYear | None:
    """An earlier year from a consolidated workbook as the reader recomputed it, or None
    (with why) when it cannot be used."""
    path, identity = reading.path, reading.identity
    errors = [problem for problem in reading.problems if problem.is_error]
    if reading.skipped:
        problems.append(_rejected(path, "berkas kunci atau sementara, bukan buku kerja"))
        return None
    if reading.catalog is None and identity is not None:
        other = _other_catalog(identity, errors)
        if other is not None:
            problems.append(_rejected(path, other))
            return None
    if reading.catalog is None or identity is None:
        problems += errors
        problems.append(_rejected(path, "bukan buku kerja rekap dari katalog ini (lihat di atas)"))
        return None
    if identity.kind != CONSOLIDATED:
        problems.append(
            _rejected(
                path,
                f"buku kerja jenis {identity.kind or '(tidak disebut)'}, bukan rekap kecamatan; "
                "berikan buku kerja hasil consolidate tahun itu, atau CSV-nya",
            )
        )
        return None
    if identity.year >= year:
        problems.append(_later(path, identity.year, year))
        return None
    if errors:
        problems += errors
        problems.append(_rejected(path, f"{len(errors)} kesalahan di dalamnya (lihat di atas)"))
        return None
    table = reading.table
    assert table is not None, "an identified workbook without errors has its table"
    figures = _recomputed(table, reading.catalog.for_year(identity.year))
    differences = _data_sheet_differences(path, figures)
    if differences:
        problems += differences
        problems.append(
            _rejected(path, f"lembar {DATA_SHEET} tidak sesuai dengan isian lembar unitnya")
        )
        return None
    return EarlierYear(identity.kecamatan, identity.year, path, figures)


def _other_catalog(identity: WorkbookIdentity, errors: list[Problem]) -> str | None:
    """Why the rekap of another kecamatan or catalog version is not compared, and what to
    give instead (the reader's own fix speaks of blanks handed out, not of a rekap); None
    when the reader did not refuse it for its catalog."""
    codes = {problem.code for problem in errors}
    if Code.WRONG_KECAMATAN.value in codes:
        return (
            f"rekap tahun {identity.year} untuk Kecamatan {identity.kecamatan}, bukan kecamatan "
            "ini; berikan rekap tahun sebelumnya kecamatan ini sendiri"
        )
    if Code.WRONG_CATALOG.value not in codes:
        return None
    return (
        f"rekap tahun {identity.year} dibuat dari katalog IKU versi lain (isi katalog atau "
        f"target tahun {identity.year} berbeda); tahun sebelumnya hanya dibandingkan dengan "
        "rekap dari katalog yang sama, atau dengan CSV-nya bila indikatornya sama"
    )


def _later(path: Path, found: int, year: int) -> Problem:
    return _rejected(
        path,
        f"data tahun {found}, padahal rekap ini tahun {year}: yang dibandingkan hanya tahun "
        f"sebelum {year}",
    )


def _data_sheet_differences(path: Path, figures: pd.DataFrame) -> list[Problem]:
    """The Data sheet's YEAR figures that differ from the recomputation, each at its cell
    (none where the workbook has no Data sheet: made before it existed)."""
    try:
        book = parsed_workbook(inspect_file(path))
    except Refusal:  # read a moment ago: it changed since, and the reading stands
        return []
    try:
        if DATA_SHEET not in book.sheet_names:
            return []
        rows = book.get_sheet_by_name(DATA_SHEET).to_python(skip_empty_area=False)
    finally:
        book.close()
    header = [str(value) for value in rows[0]] if rows else []
    if not {"indicator_id", "period", *COMPARED} <= set(header):
        return [
            Problem(
                str(path),
                Code.PREVIOUS_DIFFERS,
                f"judul kolom lembar {DATA_SHEET} telah diubah; tabelnya tidak dapat dibandingkan",
                sheet=DATA_SHEET,
                cell="A1",
            )
        ]
    column = {name: header.index(name) for name in ("indicator_id", "period", *COMPARED)}
    found = []
    for r, row in enumerate(rows[1:], start=1):
        indicator_id = str(row[column["indicator_id"]])
        if str(row[column["period"]]) != YEAR or indicator_id not in figures.index:
            continue
        for name in COMPARED:
            stored, recomputed = row[column[name]], figures.at[indicator_id, name]
            if not _same(stored, recomputed):
                found.append(
                    Problem(
                        str(path),
                        Code.PREVIOUS_DIFFERS,
                        f"{indicator_id} {name} tertulis {_shown(stored)}, padahal isian lembar "
                        f"unitnya memberi {_shown(recomputed)}",
                        sheet=DATA_SHEET,
                        cell=cell_name(r, column[name]),
                    )
                )
    return found


def _same(stored: object, recomputed: object) -> bool:
    """A stored figure (a number, or empty) and a recomputed one (a number, or NaN) agree."""
    stored_number = _number(stored)
    recomputed_number = _number(recomputed)
    if stored_number is None or recomputed_number is None:
        return stored_number is None and recomputed_number is None
    return math.isclose(stored_number, recomputed_number, rel_tol=RELATIVE, abs_tol=ABSOLUTE)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return None if math.isnan(value) else float(value)


def _shown(value: object) -> str:
    number = _number(value)
    return "kosong" if number is None else f"{number:.10g}"


# --- a tidy CSV -----------------------------------------------------------------------------


def _from_csv(
    path: Path, catalogs: list[Catalog], year: int, problems: list[Problem]
) -> list[EarlierYear]:
    """The earlier years of a tidy CSV, each kecamatan's recomputed; none (with why) when the
    file cannot be used."""
    table = _csv_table(path, problems)
    if table is None:
        return []
    by_name = {catalog.kecamatan.name: catalog for catalog in catalogs}
    strangers = sorted(set(table["kecamatan"]) - set(by_name))
    if strangers:
        why = (
            f"tabel untuk Kecamatan {', '.join(strangers)}; rekap ini untuk Kecamatan "
            f"{', '.join(by_name)}"
        )
        problems.append(_rejected(path, why))
        return []
    later = sorted({int(y) for y in table["year"] if y >= year})
    if later:
        problems.append(_later(path, later[0], year))
        return []
    found, differences = [], []
    for (name, earlier_year), rows in table.groupby(["kecamatan", "year"], sort=True):
        catalog = by_name[str(name)]
        fault = _not_of_catalog(rows, catalog)
        if fault:
            problems.append(_rejected(path, fault))
            return []
        figures = _recomputed(rows, catalog.for_year(int(earlier_year)))
        differences += _stored_differences(path, rows, figures, int(earlier_year))
        found.append(EarlierYear(str(name), int(earlier_year), path, figures))
    if differences:
        problems += differences
        problems.append(_rejected(path, "angka tahunannya tidak sesuai dengan isian triwulannya"))
        return []
    return found


def _csv_table(path: Path, problems: list[Problem]) -> pd.DataFrame | None:
    """The CSV as a table (either layout: its header row says which), its numbers numbers;
    None (with why) when it is not a tidy table."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1024**2
            problems.append(_rejected(path, f"berkas terlalu besar (batasnya {limit} MB)"))
            return None
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        problems.append(_rejected(path, f"berkas tidak dapat dibaca: {os_error_words(error)}"))
        return None
    except UnicodeDecodeError:
        problems.append(_rejected(path, "bukan teks UTF-8; simpan ulang CSV sebagai UTF-8"))
        return None
    header = text.split("\n", 1)[0]
    separator = ";" if header.count(";") > header.count(",") else ","
    try:
        table = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            dtype=str,
            keep_default_na=False,
        )
    except (ValueError, pd.errors.ParserError) as error:
        problems.append(_rejected(path, f"bukan tabel CSV yang dapat dibaca ({error})"))
        return None
    missing = [column for column in NEEDED if column not in table.columns]
    if missing:
        why = f"bukan tabel rapi iku_xlsx: kolom {', '.join(missing)} tidak ada"
        problems.append(_rejected(path, why))
        return None
    decimal = "," if separator == ";" else "."
    for column in (c for c in NUMBERS if c in table.columns):
        text_values = table[column].str.strip()
        if decimal == ",":
            text_values = text_values.str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(text_values.replace("", np.nan), errors="coerce")
        wrong = numbers.isna() & text_values.ne("")
        if wrong.any():
            row = int(wrong.to_numpy().argmax()) + 2  # the header is line 1
            why = f"kolom {column} baris {row} bukan angka ({table[column].iloc[row - 2]!r})"
            problems.append(_rejected(path, why))
            return None
        table[column] = numbers
    if table["year"].isna().any() or (table["year"] % 1 != 0).any():
        problems.append(_rejected(path, "kolom year harus berisi tahun di setiap baris"))
        return None
    table["line"] = np.arange(2, len(table) + 2)
    return table


def _not_of_catalog(rows: pd.DataFrame, catalog: Catalog) -> str | None:
    """Why a kecamatan's rows cannot be of its catalog (None when they can)."""
    known = {indicator.id for indicator in catalog.indicators}
    strangers = sorted(set(rows["indicator_id"]) - known)
    if strangers:
        listed = ", ".join(strangers[:5]) + (" ..." if len(strangers) > 5 else "")
        return f"indikator {listed} tidak ada di katalog (tabel dari katalog lain?)"
    periods = set(rows["period"]) - set(PERIODS)
    if periods:
        return f"periode {', '.join(sorted(periods))} tidak dikenal (TW1 s.d. TW4 atau YEAR)"
    if rows.duplicated(["indicator_id", "period"]).any():
        return "satu indikator dan periode tertulis dua kali"
    return None


def _recomputed(rows: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """A kecamatan's year recomputed from its quarters' rows (tidy, by indicator and period):
    each indicator's numerators, denominators and target, a cascade's summed again from its
    sources' (never its own cells as they showed). Every indicator of the catalog, NaN where
    the rows have none."""
    indexed = rows.set_index(["indicator_id", "period"])

    def cell(indicator_id: str, period: str, column: str) -> float:
        key = (indicator_id, period)
        return float(indexed.at[key, column]) if key in indexed.index else np.nan

    indicators = catalog.indicators
    inputs = pd.DataFrame(
        [
            {
                **rule_columns(indicator, catalog.rules),
                "target": cell(indicator.id, YEAR, "target"),
                **{NUM[q - 1]: cell(indicator.id, f"TW{q}", "numerator") for q in QUARTERS},
                **{DEN[q - 1]: cell(indicator.id, f"TW{q}", "denominator") for q in QUARTERS},
            }
            for indicator in indicators
        ]
    )
    nums, dens = inputs[NUM].to_numpy(float, copy=True), inputs[DEN].to_numpy(float, copy=True)
    position = {indicator.id: k for k, indicator in enumerate(indicators)}
    sum_cascades(catalog, position, nums, dens, np.full(len(indicators), "", dtype=object))
    inputs[NUM], inputs[DEN] = nums, dens
    results = compute(inputs)
    return pd.DataFrame(
        {
            "value": results["year_val"].to_numpy(float),
            "target": inputs["target"].to_numpy(float),
            "achievement": results["capaian"].to_numpy(float),
            "category": results["kategori"].to_numpy(object),
        },
        index=pd.Index([indicator.id for indicator in indicators], name="indicator_id"),
    )


def _stored_differences(
    path: Path, rows: pd.DataFrame, figures: pd.DataFrame, year: int
) -> list[Problem]:
    """Where a CSV's own YEAR rows say otherwise than the recomputation, by line."""
    differences = []
    stored = rows[rows["period"] == YEAR].set_index("indicator_id")
    for indicator_id, row in stored.iterrows():
        for column in (c for c in COMPARED if c in stored.columns):
            recomputed = figures.at[indicator_id, column]
            if not _same(row[column], recomputed):
                differences.append(
                    Problem(
                        str(path),
                        Code.PREVIOUS_DIFFERS,
                        f"{indicator_id} {column} tahun {year} tertulis "
                        f"{_shown(row[column])}, padahal pembilang, penyebut dan target "
                        f"triwulannya memberi {_shown(recomputed)}",
                        location=f"baris {int(row['line'])}, kolom {column}",
                    )
                )
    return differences
