"""Gathering: one kecamatan's inputs from the workbooks chosen for its units, then every
kecamatan recomputed at once.

A unit without a workbook is listed as missing; its indicators stay empty. Cascades are
summed across the units' workbooks and records counted (:mod:`.cascades`), then everything is
recomputed from the inputs (:func:`iku_xlsx.compute.compute`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from iku_xlsx.catalog import QUARTERS, Catalog, Indicator, Unit
from iku_xlsx.compute import DEN, NUM, QUARTER_TARGET, compute
from iku_xlsx.compute.indicators import rule_columns
from iku_xlsx.compute.records import Records
from iku_xlsx.consolidation.cascades import count_records, sum_cascades
from iku_xlsx.consolidation.collect import Candidate, Key
from iku_xlsx.consolidation.result import Consolidation, KecamatanResult
from iku_xlsx.contract.records_layout import RecordsLayout, records_key, records_layouts
from iku_xlsx.problems import Code, Problem
from iku_xlsx.reading import WorkbookReading


@dataclass
class Gathered:
    """One kecamatan's inputs as gathered from its chosen workbooks, before computing."""

    catalog: Catalog
    rows: list[dict[str, object]]  # one per catalog indicator: the columns of compute()
    missing: list[str]
    kendala: dict[str, str]
    records: dict[str, Records]
    record_values: dict[str, object]


def kecamatan_results(
    catalogs: list[Catalog],
    year: int | None,
    chosen: dict[Key, Candidate],
    result: Consolidation,
) -> list[KecamatanResult]:
    """Every kecamatan with workbooks (every one when none has any: all empty), gathered
    from its chosen workbooks and recomputed."""
    by_kecamatan: dict[str, dict[str, Candidate]] = {}
    for (kecamatan, unit_id), candidate in chosen.items():
        by_kecamatan.setdefault(kecamatan, {})[unit_id] = candidate
    gathered = [
        gather(catalog, year, by_kecamatan.get(catalog.kecamatan.name, {}), result)
        for catalog in catalogs
        if catalog.kecamatan.name in by_kecamatan or not by_kecamatan
    ]
    return computed(gathered)


def gather(
    catalog: Catalog, year: int | None, chosen: dict[str, Candidate], result: Consolidation
) -> Gathered:
    """One kecamatan's inputs from the chosen workbooks, one row per indicator; its units
    without a workbook reported missing."""
    gathered = Gathered(catalog, [], [], {}, {}, {})
    for unit in catalog.units:
        candidate = chosen.get(unit.id)
        figures, typed = None, {}
        if candidate is not None:
            _take_unit(gathered, unit, candidate.reading)
            figures = candidate.figures.of() if candidate.figures is not None else None
            typed = candidate.reading.quarter_targets
        source = str(candidate.reading.path) if candidate is not None else ""
        gathered.rows += [
            _row(catalog, year, unit, indicator, source, figures, typed.get(indicator.id))
            for indicator in unit.indicators
        ]
    gathered.missing = [unit.id for unit in catalog.units if unit.id not in chosen]
    for unit_id in gathered.missing:
        result.problems.append(
            Problem(
                f"Kecamatan {catalog.kecamatan.name}",
                Code.UNIT_MISSING,
                f"tidak ada buku kerja yang dapat dipakai untuk unit {unit_id} "
                f"({catalog.unit(unit_id).name}){'' if year is None else f' tahun {year}'}; "
                "indikatornya kosong di rekap",
            )
        )
    return gathered


def _take_unit(gathered: Gathered, unit: Unit, reading: WorkbookReading) -> None:
    """What a unit's workbook gives beyond its figures: its kendala, and its own records
    (a combined workbook holds every unit's records: only this unit's are taken)."""
    gathered.kendala.update(reading.kendala)
    own, named = _own_records(gathered.catalog, unit)
    gathered.records.update({k: v for k, v in reading.records.items() if k in own})
    gathered.record_values.update({k: v for k, v in reading.record_values.items() if k in named})


def _row(
    catalog: Catalog,
    year: int | None,
    unit: Unit,
    indicator: Indicator,
    source: str,
    figures: dict[str, tuple[list[float], list[float], float]] | None,
    typed_targets: list[float | None] | None,
) -> dict[str, object]:
    """An indicator's row of compute()'s input; empty quarters where nothing was read. The
    targets are the catalog's for the year, else as the unit typed them."""
    signed = indicator.target_for(year)
    row: dict[str, object] = {
        "kecamatan": catalog.kecamatan.name,
        "year": year,
        "unit_id": unit.id,
        "indicator_id": indicator.id,
        **rule_columns(indicator, catalog.rules),
        "source_file": source,
        "target": np.nan if signed is None else signed,
        # the Renstra's: the year's realisation against its end target, from its baseline
        "end_target": np.nan if indicator.end_target is None else indicator.end_target,
        "baseline": np.nan if indicator.baseline is None else indicator.baseline.value,
        "standard": np.nan if indicator.standard is None else indicator.standard.value,
    }
    quarter_targets = indicator.quarter_targets_for(year) or typed_targets
    for q in QUARTERS:
        row[NUM[q - 1]] = row[DEN[q - 1]] = np.nan
        target = quarter_targets[q - 1] if quarter_targets else None
        row[QUARTER_TARGET[q - 1]] = np.nan if target is None else target
    if figures is not None:
        nums, dens, row["target"] = figures[indicator.id]
        row.update(zip(NUM, nums, strict=True))
        row.update(zip(DEN, dens, strict=True))
    return row


def computed(gathered: list[Gathered]) -> list[KecamatanResult]:
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
        position = {str(row["indicator_id"]): k for k, row in enumerate(kecamatan.rows)}
        figures = (nums[span], dens[span], sources[span])  # views: changed in place
        sum_cascades(kecamatan.catalog, position, *figures)
        count_records(kecamatan.catalog, position, *figures, kecamatan.records)
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


def _own_records(catalog: Catalog, unit: Unit) -> tuple[set[str], frozenset[str]]:
    """The keys of the records sheets a unit keeps, and the names of their cells: the only
    ones taken from its workbook."""
    layouts = records_layouts(catalog, unit)
    named = frozenset().union(*(_cell_names(layout) for layout in layouts))
    return {records_key(layout) for layout in layouts}, named


_CELL_NAMES: dict[tuple[object, ...], frozenset[str]] = {}


def _cell_names(layout: RecordsLayout) -> frozenset[str]:
    """A records sheet's cell names, worked out once per layout (the same for every
    kecamatan of a kabupaten)."""
    if layout.key not in _CELL_NAMES:
        _CELL_NAMES[layout.key] = frozenset(layout.names())
    return _CELL_NAMES[layout.key]
