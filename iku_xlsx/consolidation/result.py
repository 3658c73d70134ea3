"""What a consolidation gives: every kecamatan's inputs and results, the files, the problems.

These types are all the consolidated workbook (:mod:`iku_xlsx.reports`) needs to know of a
consolidation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from iku_xlsx.catalog import Catalog
from iku_xlsx.compute import TIDY_COLUMNS, tidy_table
from iku_xlsx.compute.records import Records
from iku_xlsx.problems import Problem

# Where a unit's row came from when it is computed rather than read (a cascade's sums, a
# count over another unit's records).
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


@dataclass(frozen=True)
class EarlierYear:
    """One kecamatan's figures of one earlier year (``--previous``), recomputed from what its
    file holds: by indicator id, its realisation (value), target, capaian (achievement) and
    kategori (category); NaN (None for a kategori) where there is none."""

    kecamatan: str
    year: int
    source: Path
    figures: pd.DataFrame


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
    earlier: list[EarlierYear] = field(default_factory=list)  # the earlier years, in order

    @property
    def table(self) -> pd.DataFrame:
        return tidy_table(self.inputs, self.results)

    @property
    def year(self) -> int | None:
        """The reporting year (None when no usable workbook said it)."""
        if "year" not in self.inputs:
            return None
        years = self.inputs["year"].dropna()
        return int(years.iloc[0]) if len(years) else None

    def previous(self) -> EarlierYear | None:
        """Last year, when it was given."""
        year = self.year
        return next((e for e in self.earlier if year is not None and e.year == year - 1), None)


@dataclass
class Consolidation:
    """The result of :func:`iku_xlsx.consolidate`."""

    year: int | None
    kecamatan: list[KecamatanResult] = field(default_factory=list)
    sources: list[SourceFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    usage_error: bool = False  # the call itself was wrong (an output that is an input)

    @property
    def table(self) -> pd.DataFrame:
        """The tidy table of every kecamatan (docs/contract.md)."""
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
