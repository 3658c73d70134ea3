"""A batch of workbooks recomputed at once: every figure computed from the inputs, each
formula's cached result compared with it, and the batch's tidy table.

Reading a file is plain Python (:mod:`.book`); the recomputation runs once per batch over all
its indicators, vectorised (:func:`iku_xlsx.compute.compute`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from iku_xlsx.catalog import QUARTERS
from iku_xlsx.checking.checks import FORMULA_NAMES, CellChecker, TypedNumber, check_cached, shown
from iku_xlsx.compute import (
    CAPAIAN_TO_DATE,
    DASH,
    DEN,
    NUM,
    PERIODS,
    QUARTER_TARGET,
    REPORTED,
    TO_DATE,
    TO_DATE_DASH,
    VAL,
    compute,
    tidy_table,
)
from iku_xlsx.compute.indicators import RULE_COLUMNS
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part
from iku_xlsx.gate import FileKind
from iku_xlsx.reading.book import WorkbookReading
from iku_xlsx.reading.unit_sheets import IndicatorInputs
from iku_xlsx.rules import NOT_COMPUTABLE

Batch = list[tuple[WorkbookReading, list[IndicatorInputs]]]


def _inputs_frame(items: list[IndicatorInputs], view: str) -> pd.DataFrame:
    """compute()'s input for every indicator of the batch: as meant, or as the sheet sees."""

    def number(reading: TypedNumber) -> float:
        value = reading.meant if view == "meant" else reading.seen
        return np.nan if value is None else value

    def quarters(of: Callable[[IndicatorInputs], list[TypedNumber]]) -> np.ndarray:
        figures = [[number(r) for r in of(item)] for item in items]
        return np.array(figures, dtype=float).reshape(-1, len(QUARTERS))

    frame = pd.DataFrame({key: [i.columns[key] for i in items] for key in RULE_COLUMNS})
    frame["target"] = [number(i.target) for i in items]
    frame[NUM] = quarters(lambda i: i.nums)
    frame[DEN] = quarters(lambda i: i.dens)
    frame[QUARTER_TARGET] = quarters(lambda i: i.quarter_targets)
    return frame


def finish(batch: Batch) -> Iterator[WorkbookReading]:
    """The batch's readings, once its indicators are recomputed: each formula cell compared
    with what its inputs give, each reading given its kendala and its rows of the table."""
    readings = [reading for reading, read in batch for _ in read]
    items = [item for _, read in batch for item in read]
    if items:
        meant_inputs = _inputs_frame(items, "meant")
        meant = compute(meant_inputs)
        # what the sheet's formulas see differs only where a number was typed as text
        differs = any(
            r.meant != r.seen for item in items for r in (item.target, *item.nums, *item.dens)
        )
        seen = _inputs_frame(items, "seen") if differs else meant_inputs
        expected = _shown_results(compute(seen) if differs else meant, seen["target"].tolist())
        table = _tidy(items, readings, meant_inputs, meant)
    start = 0
    for reading, read in batch:
        if read:
            end = start + len(read)
            _compare_cached(reading, items, expected, range(start, end))
            reading.kendala = {
                items[k].indicator.id: kendala
                for k in range(start, end)
                if (kendala := items[k].kendala)
            }
            typed = {items[k].indicator.id: items[k].typed_targets() for k in range(start, end)}
            reading.quarter_targets = {
                indicator_id: targets
                for indicator_id, targets in typed.items()
                if any(value is not None for value in targets)
            }
            reading.batch_table = table
            reading.rows = slice(start * len(PERIODS), end * len(PERIODS))
            start = end
        yield reading


def _compare_cached(
    reading: WorkbookReading,
    items: list[IndicatorInputs],
    expected: dict[str, list[object]],
    indexes: range,
) -> None:
    """Every formula cell of a reading's indicators against what its inputs give."""
    checker = CellChecker(str(reading.path), reading.kind is not FileKind.XLS)
    for k in indexes:
        item = items[k]
        for suffix, cell in item.formulas.items():
            wanted = expected[suffix][k]
            if cell.value is not None and cell.value != wanted:  # else: nothing to say
                check_cached(checker, cell, wanted, f"{item.indicator.id} {FORMULA_NAMES[suffix]}")
    reading.problems += checker.problems


def _shown_results(results: pd.DataFrame, targets: list[float]) -> dict[str, list[object]]:
    """What each formula cell shows (see :func:`shown`), by suffix, for every indicator
    (``targets``: the annual targets, as the sheet sees them)."""
    columns = results.to_dict("list")
    expected = {
        names.quarter_suffix(q, Part.VAL): [
            shown(value, dash)
            for value, dash in zip(columns[VAL[q - 1]], columns[DASH[q - 1]], strict=True)
        ]
        for q in QUARTERS
    }
    expected[names.year_suffix(Part.NUM)] = [shown(value) for value in columns["year_num"]]
    expected[names.year_suffix(Part.DEN)] = [shown(value) for value in columns["year_den"]]
    expected[names.year_suffix(Part.VAL)] = [
        shown(value, dash)
        for value, dash in zip(columns["year_val"], columns["year_dash"], strict=True)
    ]
    expected[names.CAPAIAN] = [shown(value, empty=NOT_COMPUTABLE) for value in columns["capaian"]]
    expected[names.KATEGORI] = [kategori or NOT_COMPUTABLE for kategori in columns["kategori"]]
    for q in QUARTERS:  # to date: nothing until the quarter is reported, then a figure or "-"
        reported = columns[REPORTED[q - 1]]
        expected[names.quarter_suffix(q, Part.TODATE)] = [
            shown(value, dash)
            for value, dash in zip(
                columns[TO_DATE[q - 1]], columns[TO_DATE_DASH[q - 1]], strict=True
            )
        ]
        expected[names.quarter_suffix(q, Part.CAPAIAN)] = [
            shown(value, empty=NOT_COMPUTABLE) if was else None
            for value, was in zip(columns[CAPAIAN_TO_DATE[q - 1]], reported, strict=True)
        ]
        expected[names.quarter_suffix(q, Part.TARGET)] = [  # where a formula: the annual
            shown(value) for value in targets
        ]
    return expected


def _tidy(
    items: list[IndicatorInputs],
    readings: list[WorkbookReading],
    inputs: pd.DataFrame,
    results: pd.DataFrame,
) -> pd.DataFrame:
    """The batch's tidy table: the inputs as meant, with who and where they come from."""
    identities = [r.identity for r in readings]
    assert all(identities), "only identified workbooks have indicators read"
    inputs = inputs.assign(
        kecamatan=[identity.kecamatan for identity in identities],  # type: ignore[union-attr]
        year=[identity.year for identity in identities],  # type: ignore[union-attr]
        unit_id=[i.unit_id for i in items],
        indicator_id=[i.indicator.id for i in items],
        source_file=[str(r.path) for r in readings],
    )
    return tidy_table(inputs, results)
