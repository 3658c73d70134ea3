"""Collection: which workbook is used for each unit of each kecamatan, and why not the rest.

- A workbook with an error is rejected as a whole: a number that failed its check never
  reaches a report the Camat signs. Warnings do not reject.
- The year is the one asked for, or else the year most workbooks have; a workbook of
  another year is not used.
- Two accepted workbooks for the same unit (same kecamatan and year) are a conflict: both
  are named and neither is used (never summed, never chosen silently), unless ``newest``
  chooses the one saved last.
"""

from __future__ import annotations

import hashlib
import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from iku_xlsx.catalog import Catalog
from iku_xlsx.compute import PERIODS
from iku_xlsx.consolidation.result import Consolidation, SourceFile
from iku_xlsx.problems import Code, Problem
from iku_xlsx.reading import WorkbookReading, iter_workbooks

Key = tuple[str, str]  # (kecamatan, unit id)
# the tidy table's columns a reading's figures are taken from
FIGURE_COLUMNS = {"period": object, "indicator_id": object} | dict.fromkeys(
    ("numerator", "denominator", "target"), float
)


@dataclass(frozen=True)
class Figures:
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


@dataclass
class Candidate:
    """A workbook as consolidation keeps it: the reading without its table, whose figures
    are kept by indicator instead (a few numbers, not a DataFrame per file)."""

    reading: WorkbookReading
    figures: Figures | None


def read_candidates(
    files: list[Path],
    catalogs: list[Catalog],
    result: Consolidation,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
) -> list[Candidate]:
    """Every file read, its source added to ``result``; each batch's table let go as soon as
    its readings' figures are taken (memory stays at one batch)."""
    candidates = []
    columns = _BatchColumns()
    for done, reading in enumerate(iter_workbooks(files, catalogs, jobs=jobs), start=1):
        result.sources.append(source_of(reading))
        candidates.append(Candidate(reading, _figures(reading, columns)))
        reading.batch_table = None
        if progress is not None:
            progress(done, len(files))
    return candidates


class _BatchColumns:
    """The columns of a batch's tidy table that the figures take, as arrays: taken once per
    batch (of up to 256 files) rather than once per file (0.02 s of 40 kecamatan). Copies,
    and the table known by a weak reference, so that a batch's table still goes as soon as
    its last reading is done with."""

    def __init__(self) -> None:
        self.table: weakref.ref[pd.DataFrame] | None = None
        self.arrays: dict[str, np.ndarray] = {}

    def of(self, table: pd.DataFrame) -> dict[str, np.ndarray]:
        if self.table is None or self.table() is not table:
            self.table = weakref.ref(table)
            self.arrays = {
                name: table[name].to_numpy(dtype, copy=True)
                for name, dtype in FIGURE_COLUMNS.items()
            }
        return self.arrays


def _figures(reading: WorkbookReading, columns: _BatchColumns) -> Figures | None:
    """A reading's rows of its batch's tidy table, by indicator: they come five by five
    (TW1..TW4, YEAR), so whole columns are reshaped at once rather than looked up cell by
    cell, and without cutting a table per file."""
    table, rows = reading.batch_table, reading.rows
    if table is None or rows is None:
        return None
    arrays = columns.of(table)

    def column(name: str) -> np.ndarray:
        return arrays[name][rows].reshape(-1, len(PERIODS))

    assert (column("period") == PERIODS).all(), "each indicator's periods in order"
    return Figures(
        column("indicator_id")[:, 0].tolist(),
        column("numerator")[:, :-1].copy(),  # copies: not views keeping the batch's alive
        column("denominator")[:, :-1].copy(),
        column("target")[:, -1].copy(),
    )


def source_of(reading: WorkbookReading) -> SourceFile:
    """The file as the Sumber sheet lists it: its SHA-256 and what its metadata says."""
    digest = reading.sha256
    if not digest and reading.path.is_file():  # refused before it was read whole (too large)
        digest = _sha256_of(reading.path)
    identity = reading.identity
    source = SourceFile(reading.path, digest, saved=reading.saved or "")
    if identity is not None:
        source.units, source.kecamatan = identity.units, identity.kecamatan
        source.year, source.layout_version = identity.year, identity.layout_version
    if reading.skipped:
        source.status = "dilewati"
    return source


def _sha256_of(path: Path) -> str:
    hashed = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hashed.update(block)
    except OSError:
        return ""
    return hashed.hexdigest()


def usual_year(readings: Iterable[WorkbookReading]) -> int | None:
    """The year most identified workbooks have (a tie goes to the later year)."""
    years = Counter(r.identity.year for r in readings if r.catalog and r.identity)
    if not years:
        return None
    top = max(years.values())
    return max(y for y, n in years.items() if n == top)


def choose(
    candidates: list[Candidate], result: Consolidation, newest: bool
) -> dict[Key, Candidate]:
    """The workbook used for each (kecamatan, unit); problems say what was not used and why,
    and each source's status what became of it."""
    usable: dict[Key, list[int]] = defaultdict(list)
    for index, candidate in enumerate(candidates):
        reading = candidate.reading
        result.problems += reading.problems
        if _usable(reading, result):
            for unit_id in reading.identity.units:  # type: ignore[union-attr]
                usable[(reading.identity.kecamatan, unit_id)].append(index)  # type: ignore[union-attr]
    chosen = {}
    for key, indexes in usable.items():
        pick = (
            indexes[0] if len(indexes) == 1 else _one_of(key, indexes, candidates, result, newest)
        )
        if pick is not None:
            chosen[key] = pick
    for pick in chosen.values():
        result.sources[pick].status = "dipakai"
    return {key: candidates[pick] for key, pick in chosen.items()}


def _usable(reading: WorkbookReading, result: Consolidation) -> bool:
    """Identified, of the consolidation's year and without an error (else said why)."""
    if reading.catalog is None or reading.skipped or reading.identity is None:
        return False
    if reading.identity.year != result.year:
        result.problems.append(
            Problem(
                str(reading.path),
                Code.WRONG_YEAR,
                f"buku kerja tahun {reading.identity.year}; "
                f"rekap ini tahun {result.year}: berkas tidak dipakai",
            )
        )
        return False
    if reading.has_errors:
        errors = sum(p.is_error for p in reading.problems)
        result.problems.append(
            Problem(
                str(reading.path),
                Code.FILE_REJECTED,
                f"berkas ditolak karena {errors} kesalahan; "
                "perbaiki lalu kirim ulang (lihat masalah di atas)",
            )
        )
        return False
    return True


def _one_of(
    key: Key, indexes: list[int], candidates: list[Candidate], result: Consolidation, newest: bool
) -> int | None:
    """Of several usable files for one unit: none (a conflict), or with ``newest`` the one
    saved last."""
    kecamatan, unit_id = key
    listed = ", ".join(candidates[i].reading.path.name for i in indexes)
    if not newest:
        result.problems.append(
            Problem(
                f"Kecamatan {kecamatan}",
                Code.UNIT_CONFLICT,
                f"unit {unit_id}: {len(indexes)} berkas untuk unit yang sama ({listed}); "
                "tidak dijumlahkan dan tidak dipilih. Hapus yang tidak berlaku, atau pakai "
                "--newest untuk memilih yang terakhir disimpan",
            )
        )
        for i in indexes:
            result.sources[i].status = "konflik"
        return None
    pick = max(indexes, key=lambda i: _saved_order(candidates[i].reading))
    result.problems.append(
        Problem(
            f"Kecamatan {kecamatan}",
            Code.UNIT_SUPERSEDED,
            f"unit {unit_id}: {len(indexes)} berkas ({listed}); dipakai yang terakhir "
            f"disimpan, {candidates[pick].reading.path.name}",
        )
    )
    for i in indexes:
        result.sources[i].status = "diganti"
    return pick


def _saved_order(reading: WorkbookReading) -> tuple[str, str]:
    return reading.saved or "", str(reading.path)
