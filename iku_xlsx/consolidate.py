"""Consolidation: the filled unit workbooks of a kecamatan (or of many) into one result.

Rules of collection:
- Every file is identified by its metadata; a file that is not a workbook is reported and
  skipped; the rest of the batch carries on.
- The year is the one asked for, or else the year most workbooks have; a workbook of another
  year, or of an unknown catalog version, is rejected.
- A workbook with an error is rejected as a whole: a number that failed its check never
  reaches a report the Camat signs. Warnings do not reject.
- Two accepted workbooks for the same unit (same kecamatan and year) are a conflict: both are
  named and neither is used (never summed, never chosen silently), unless ``newest`` chooses
  the one saved last.
- A unit without a workbook is listed as missing; its indicators stay empty.
- Cascades (``derived_from``) are summed across the units' workbooks, then everything is
  recomputed from the inputs (compute.py).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from iku_xlsx.catalog import QUARTERS, Catalog, Kind, Unit, load_catalog
from iku_xlsx.check import find_workbooks
from iku_xlsx.compute import DEN, NUM, PERIODS, TIDY_COLUMNS, compute, tidy_table
from iku_xlsx.fileio import atomic_output
from iku_xlsx.layout import RecordsLayout, records_key, records_layouts
from iku_xlsx.problems import Problem, Severity
from iku_xlsx.reader import WorkbookReading, iter_workbooks
from iku_xlsx.records import Records, records_inputs

DERIVED_SOURCE = "(dihitung dari unit lain)"


@dataclass
class SourceFile:
    """One input file and what became of it (the Sumber sheet)."""

    path: Path
    sha256: str
    units: tuple[str, ...] = ()
    kecamatan: str = ""
    year: int | None = None
    saved: str = ""
    layout_version: int | None = None
    status: str = "ditolak"  # dipakai, ditolak, konflik, diganti, dilewati


@dataclass
class KecamatanResult:
    """One kecamatan's consolidated inputs and results, one row per catalog indicator."""

    catalog: Catalog
    inputs: pd.DataFrame  # kecamatan, year, unit_id, indicator_id, num1.., den1.., target, ...
    results: pd.DataFrame  # compute()'s output, same index
    missing: list[str]  # unit ids without a workbook
    kendala: dict[str, str]  # indicator id -> kendala text from the unit's workbook
    # the records sheets of the chosen workbooks (by owning indicator) and their inputs
    records: dict[str, Records] = field(default_factory=dict)
    record_values: dict[str, object] = field(default_factory=dict)

    @property
    def table(self) -> pd.DataFrame:
        return tidy_table(self.inputs, self.results)


@dataclass
class Consolidation:
    """The result of :func:`consolidate`."""

    year: int | None
    kecamatan: list[KecamatanResult] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    usage_error: bool = False  # the call itself was wrong (an output that is an input)

    @property
    def table(self) -> pd.DataFrame:
        """The tidy table of every kecamatan (interfaces.md)."""
        if not self.kecamatan:
            return pd.DataFrame(columns=TIDY_COLUMNS)
        # one table over every kecamatan's rows, rather than one per kecamatan then a copy
        return tidy_table(
            pd.concat([k.inputs for k in self.kecamatan], ignore_index=True),
            pd.concat([k.results for k in self.kecamatan], ignore_index=True),
        )

    @property
    def exit_code(self) -> int:
        """2 misuse; 1 when a file was rejected or a unit is in conflict; else 0."""
        if self.usage_error:
            return 2
        return 1 if any(problem.is_error for problem in self.problems) else 0


def consolidate(
    inputs: Sequence[str | Path],
    catalogs: Catalog | Iterable[Catalog] | None = None,
    *,
    year: int | None = None,
    newest: bool = False,
    out: str | Path | None = None,
    csv: str | Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> Consolidation:
    """Consolidate filled workbooks (files or folders) into one result.

    With ``out`` the consolidated workbook is written (kecamatan or, for several kecamatan,
    kabupaten), with ``csv`` the tidy table; both atomically. ``progress(done, total)`` is
    called as files are read. ``jobs``: processes reading the files (None: every core; a
    small batch is read in this one).
    """
    catalog_list = (
        [load_catalog()]
        if catalogs is None
        else ([catalogs] if isinstance(catalogs, Catalog) else list(catalogs))
    )
    files = find_workbooks(inputs)
    result = Consolidation(year)
    outputs = [Path(p).resolve() for p in (out, csv) if p is not None]
    clash = [f for f in files if f.resolve() in outputs]
    if clash:
        result.usage_error = True
        result.problems.append(
            Problem(
                str(clash[0]),
                "output-is-input",
                "the output file is one of the inputs; choose another",
            )
        )
        return result

    readings: list[_Read] = []  # each file's reading, its tidy table reduced to its figures
    for done, reading in enumerate(iter_workbooks(files, catalog_list, jobs=jobs), start=1):
        result.sources.append(_source(reading))
        readings.append(_Read(reading, _figures(reading)))
        reading.batch_table = None  # let the batch's table go: memory stays at one batch
        if progress is not None:
            progress(done, len(files))
    result.year = year if year is not None else _usual_year([r.reading for r in readings])
    by_kecamatan: dict[str, dict[str, _Read]] = {}
    for (kecamatan, unit_id), read in _collect(readings, result, newest).items():
        by_kecamatan.setdefault(kecamatan, {})[unit_id] = read
    gathered = [  # the kecamatan with workbooks; every one when none has any (all empty)
        _gather(catalog, result.year, by_kecamatan.get(catalog.kecamatan.name, {}), result)
        for catalog in catalog_list
        if catalog.kecamatan.name in by_kecamatan or not by_kecamatan
    ]
    del readings, by_kecamatan  # what was read is gathered now
    result.kecamatan = _computed(gathered)
    if csv is not None:
        result.written.append(write_csv(result.table, Path(csv)))
    if out is not None:
        from iku_xlsx.report import write_report  # report imports this module

        result.written.append(write_report(result, Path(out)))
    return result


@dataclass
class _Read:
    """A workbook as consolidation keeps it: the reading without its table, whose figures
    are kept by indicator instead (a few numbers, not a DataFrame per file)."""

    reading: WorkbookReading
    figures: _Figures | None


def _source(reading: WorkbookReading) -> SourceFile:
    digest = reading.sha256
    if not digest and reading.path.is_file():  # refused before it was read whole (too large)
        hashed = hashlib.sha256()
        try:
            with reading.path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    hashed.update(block)
            digest = hashed.hexdigest()
        except OSError:
            digest = ""
    identity = reading.identity
    source = SourceFile(reading.path, digest, saved=reading.saved or "")
    if identity is not None:
        source.units, source.kecamatan = identity.units, identity.kecamatan
        source.year, source.layout_version = identity.year, identity.layout_version
    if reading.skipped:
        source.status = "dilewati"
    return source


def _usual_year(readings: list[WorkbookReading]) -> int | None:
    years = Counter(r.identity.year for r in readings if r.catalog is not None)
    if not years:
        return None
    top = max(years.values())
    return max(y for y, n in years.items() if n == top)  # a tie goes to the later year


def _collect(
    readings: list[_Read], result: Consolidation, newest: bool
) -> dict[tuple[str, str], _Read]:
    """The workbook used for each (kecamatan, unit); problems say what was not used and why."""
    candidates: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, reading in enumerate(r.reading for r in readings):
        result.problems += reading.problems
        if reading.catalog is None or reading.skipped:
            continue
        if reading.identity.year != result.year:
            result.problems.append(
                Problem(
                    str(reading.path),
                    "wrong-year",
                    f"buku kerja tahun {reading.identity.year}; "
                    f"rekap ini tahun {result.year}: berkas tidak dipakai",
                )
            )
            continue
        if reading.has_errors:
            errors = sum(p.is_error for p in reading.problems)
            result.problems.append(
                Problem(
                    str(reading.path),
                    "file-rejected",
                    f"berkas ditolak karena {errors} kesalahan; "
                    "perbaiki lalu kirim ulang (lihat masalah di atas)",
                )
            )
            continue
        for unit_id in reading.identity.units:
            candidates[(reading.identity.kecamatan, unit_id)].append(index)
    chosen = {}
    for (kecamatan, unit_id), indexes in candidates.items():
        pick = indexes[0]
        if len(indexes) > 1:
            names = ", ".join(readings[i].reading.path.name for i in indexes)
            if not newest:
                result.problems.append(
                    Problem(
                        f"Kecamatan {kecamatan}",
                        "unit-conflict",
                        f"unit {unit_id}: {len(indexes)} berkas untuk unit yang sama ({names}); "
                        "tidak dijumlahkan dan tidak dipilih. Hapus yang tidak berlaku, atau pakai "
                        "--newest untuk memilih yang terakhir disimpan",
                    )
                )
                for i in indexes:
                    result.sources[i].status = "konflik"
                continue
            pick = max(indexes, key=lambda i: _saved_order(readings[i].reading))
            result.problems.append(
                Problem(
                    f"Kecamatan {kecamatan}",
                    "unit-superseded",
                    f"unit {unit_id}: {len(indexes)} berkas ({names}); dipakai yang terakhir "
                    f"disimpan, {readings[pick].reading.path.name}",
                    Severity.WARNING,
                )
            )
            for i in indexes:
                result.sources[i].status = "diganti"
        chosen[(kecamatan, unit_id)] = pick
    for pick in chosen.values():
        result.sources[pick].status = "dipakai"
    return {key: readings[pick] for key, pick in chosen.items()}


def _saved_order(reading: WorkbookReading) -> tuple[str, str]:
    return reading.saved or "", str(reading.path)


@dataclass
class _Gathered:
    """One kecamatan's inputs as gathered from its chosen workbooks, before computing."""

    catalog: Catalog
    rows: list[dict[str, object]]  # one per catalog indicator: the columns of compute()
    missing: list[str]
    kendala: dict[str, str]
    records: dict[str, Records]
    record_values: dict[str, object]


def _gather(
    catalog: Catalog, year: int | None, chosen: dict[str, _Read], result: Consolidation
) -> _Gathered:
    """One kecamatan's inputs from the chosen workbooks, one row per indicator."""
    rows = []
    kendala: dict[str, str] = {}
    records: dict[str, Records] = {}
    record_values: dict[str, object] = {}
    for unit in catalog.units:
        read = chosen.get(unit.id)
        reading = read.reading if read is not None else None
        table = read.figures.of() if read is not None and read.figures is not None else None
        if reading is not None:
            kendala.update(reading.kendala)
            # a combined workbook holds every unit's records: only this unit's are taken
            own, names = _own_records(catalog, unit)
            records.update({k: v for k, v in reading.records.items() if k in own})
            record_values.update({k: v for k, v in reading.record_values.items() if k in names})
        for indicator in unit.indicators:
            row = {
                "kecamatan": catalog.kecamatan.name,
                "year": year,
                "unit_id": unit.id,
                "indicator_id": indicator.id,
                "kind": indicator.kind.value,
                "aggregation": indicator.aggregation.value,
                "polarity": indicator.polarity.value,
                "source_file": str(reading.path) if reading is not None else "",
                "target": np.nan if indicator.target is None else indicator.target,
            }
            for q in QUARTERS:
                row[NUM[q - 1]] = row[DEN[q - 1]] = np.nan
            if table is not None:
                nums, dens, row["target"] = table[indicator.id]
                row.update(zip(NUM, nums, strict=True))
                row.update(zip(DEN, dens, strict=True))
            rows.append(row)
    missing = [unit.id for unit in catalog.units if unit.id not in chosen]
    for unit_id in missing:
        result.problems.append(
            Problem(
                f"Kecamatan {catalog.kecamatan.name}",
                "unit-missing",
                f"tidak ada buku kerja yang dapat dipakai untuk unit {unit_id} "
                f"({catalog.unit(unit_id).name}) tahun {year}; indikatornya kosong di rekap",
                Severity.WARNING,
            )
        )
    return _Gathered(catalog, rows, missing, kendala, records, record_values)


def _computed(gathered: list[_Gathered]) -> list[KecamatanResult]:
    """Every kecamatan's cascades summed and records counted, then all recomputed at once:
    one frame and one :func:`compute` for the kabupaten rather than one per kecamatan."""
    if not gathered:  # no catalog at all
        return []
    inputs = pd.DataFrame([row for kecamatan in gathered for row in kecamatan.rows])
    nums = inputs[NUM].to_numpy(float, copy=True)
    dens = inputs[DEN].to_numpy(float, copy=True)
    sources = inputs["source_file"].to_numpy(object, copy=True)
    spans, start = [], 0
    for kecamatan in gathered:
        span = slice(start, start + len(kecamatan.rows))
        position = {row["indicator_id"]: k for k, row in enumerate(kecamatan.rows)}
        figures = (nums[span], dens[span], sources[span])  # views: changed in place
        _sum_cascades(kecamatan.catalog, position, *figures)
        _count_records(kecamatan.catalog, position, *figures, kecamatan.records)
        spans.append(span)
        start = span.stop
    inputs[NUM], inputs[DEN], inputs["source_file"] = nums, dens, sources
    results = compute(inputs)
    return [
        KecamatanResult(
            kecamatan.catalog,
            inputs.iloc[span].reset_index(drop=True),
            results.iloc[span].reset_index(drop=True),
            kecamatan.missing,
            kecamatan.kendala,
            kecamatan.records,
            kecamatan.record_values,
        )
        for kecamatan, span in zip(gathered, spans, strict=True)
    ]


@dataclass(frozen=True)
class _Figures:
    """A reading's inputs by indicator, compactly: the quarters' numerators and denominators
    and the target of each indicator in its table's order."""

    ids: list[str]
    nums: np.ndarray  # indicators x quarters
    dens: np.ndarray
    targets: np.ndarray

    def of(self) -> dict[str, tuple[list[float], list[float], float]]:
        """By indicator id: its nums, dens and target."""
        return {
            indicator_id: (self.nums[k].tolist(), self.dens[k].tolist(), float(self.targets[k]))
            for k, indicator_id in enumerate(self.ids)
        }


def _figures(reading: WorkbookReading) -> _Figures | None:
    """A reading's rows of its batch's tidy table, by indicator: they come five by five
    (TW1..TW4, YEAR), so whole columns are reshaped at once rather than looked up cell by
    cell, and without cutting a table per file."""
    table, rows = reading.batch_table, reading.rows
    if table is None or rows is None:
        return None

    def column(name: str, dtype: type = float) -> np.ndarray:
        return table[name].to_numpy(dtype)[rows].reshape(-1, len(PERIODS))

    assert (column("period", object) == PERIODS).all(), "each indicator's periods in order"
    return _Figures(
        column("indicator_id", object)[:, 0].tolist(),
        column("numerator")[:, :-1].copy(),  # copies: not views keeping the batch's alive
        column("denominator")[:, :-1].copy(),
        column("target")[:, -1].copy(),
    )


def _own_records(catalog: Catalog, unit: Unit) -> tuple[set[str], frozenset[str]]:
    """The keys of the records sheets a unit keeps, and the names of their cells: the only
    ones taken from its workbook."""
    layouts = records_layouts(catalog, unit)
    names = frozenset().union(*(_cell_names(layout) for layout in layouts))
    return {records_key(layout) for layout in layouts}, names


_CELL_NAMES: dict[tuple[object, ...], frozenset[str]] = {}


def _cell_names(layout: RecordsLayout) -> frozenset[str]:
    """A records sheet's cell names, worked out once per layout (the same for every
    kecamatan of a kabupaten)."""
    if layout.key not in _CELL_NAMES:
        _CELL_NAMES[layout.key] = frozenset(layout.names())
    return _CELL_NAMES[layout.key]


def _count_records(
    catalog: Catalog,
    position: dict[str, int],
    nums: np.ndarray,
    dens: np.ndarray,
    sources: np.ndarray,
    records: dict[str, Records],
) -> None:
    """Recorded indicators' quarters counted from the records of the chosen workbooks: the
    same counts the reader made, and those of indicators whose records another unit keeps
    (CAMAT_4 from the Kasi Pemerintahan's desa records). ``nums``, ``dens`` and ``sources``
    (the row of each indicator id at ``position``) are changed in place."""
    for indicator in catalog.indicators:
        counted = records_inputs(indicator, records) if indicator.recorded else None
        if counted is None:
            continue
        k = position[indicator.id]
        for q in QUARTERS:
            for part, array in (("NUM", nums), ("DEN", dens)):
                value = counted.get(f"TW{q}_{part}")
                array[k, q - 1] = np.nan if value is None else value
        if indicator.desa_complete:
            sources[k] = DERIVED_SOURCE


def _sum_cascades(
    catalog: Catalog,
    position: dict[str, int],
    nums: np.ndarray,
    dens: np.ndarray,
    sources: np.ndarray,
) -> None:
    """A derived indicator's quarters: the sum of its sources' (NaN where none reported).
    ``nums``, ``dens`` and ``sources`` (the row of each indicator id at ``position``) are
    changed in place."""
    for indicator in catalog.indicators:  # in order: a cascade may feed another
        if not indicator.derived_from:
            continue
        k = position[indicator.id]
        rows = [position[source] for source in indicator.derived_from]
        for array in (nums, dens) if indicator.kind is Kind.RATIO else (nums,):
            values = array[rows]
            array[k] = np.where(np.isnan(values).all(axis=0), np.nan, np.nansum(values, axis=0))
        sources[k] = DERIVED_SOURCE


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """The tidy table as CSV (a dot as decimal separator), written atomically."""
    with atomic_output(path) as temporary:
        table.to_csv(temporary, index=False, float_format="%.10g")
    return path
