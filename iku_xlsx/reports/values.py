"""A kecamatan's consolidated figures as cells show them, and as the unit sheets carry them.

A consolidated kecamatan workbook is itself an IKU workbook: its unit sheets carry the
collected inputs and the same live formulas as a blank, each formula with the library's
computed value as its cached result (:func:`cell_values`), so that programs that do not
recalculate show the right numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pandas as pd

from iku_xlsx.catalog import QUARTERS, Indicator, Kind
from iku_xlsx.compute import (
    CAPAIAN_TO_DATE,
    DASH,
    DEN,
    NUM,
    QUARTER_TARGET,
    REPORTED,
    TO_DATE,
    TO_DATE_DASH,
    VAL,
)
from iku_xlsx.consolidation.result import KecamatanResult
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part
from iku_xlsx.rules import NOT_COMPUTABLE


def number(value: float | None) -> float | None:
    """A figure, or None where there is none (NaN)."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def shown(value: float | None, dash: bool = False, empty: str = "") -> object:
    """A computed figure as the formula shows it: a number, "-" or ""."""
    if dash:
        return NOT_COMPUTABLE
    figure = number(value)
    return empty if figure is None else figure


def rows(kecamatan: KecamatanResult) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each indicator's inputs and results, as plain dicts (far cheaper than iterrows)."""
    return zip(_records(kecamatan.inputs), _records(kecamatan.results), strict=True)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A small frame's rows as dicts of Python values: to_dict("records") without the
    per-cell work pandas does for it (one array of objects, rather than a column at a time,
    which costs twice as long)."""
    columns = list(frame.columns)
    return [dict(zip(columns, row, strict=True)) for row in frame.to_numpy(dtype=object).tolist()]


def cell_values(kecamatan: KecamatanResult) -> tuple[dict[str, object], dict[str, object]]:
    """Input values and cached formula results, by defined name, for the unit sheets."""
    values: dict[str, object] = {}
    cached: dict[str, object] = {}
    indicators = {i.id: i for i in kecamatan.catalog.indicators}
    for row, result in rows(kecamatan):
        indicator = indicators[row["indicator_id"]]
        indicator_id, year = indicator.id, row["year"]  # None: no usable file said it
        target = row["target"] if indicator.target_for(year) is None else None
        for name, value in (
            (names.target(indicator_id), number(target)),
            (names.kendala(indicator_id), kecamatan.kendala.get(indicator_id)),
        ):
            if value is not None:
                values[name] = value
        parts = (
            ((Part.NUM, NUM), (Part.DEN, DEN))
            if indicator.kind is Kind.RATIO
            else ((Part.NUM, NUM),)
        )
        for part, columns in parts:
            for q in QUARTERS:
                name = names.quarter(indicator_id, q, part)
                if indicator.computed_inputs:
                    cached[name] = shown(row[columns[q - 1]])
                elif number(row[columns[q - 1]]) is not None:
                    values[name] = row[columns[q - 1]]
        cached.update(_formula_results(indicator_id, indicator.kind, result))
        values.update(_typed_targets_to_date(indicator, year, row))
        cached.update(_to_date_results(indicator_id, result, row["target"]))
    values.update(kecamatan.record_values)  # the records sheets, as the units kept them
    for records in kecamatan.records.values():
        cached.update(records.computed())
    return values, cached


def _typed_targets_to_date(indicator: Indicator, year: int | None, row: dict[str, Any]) -> dict:
    """The targets to date the unit typed (where the annual target is its to type)."""
    if indicator.target_for(year) is not None or indicator.quarter_targets_for(year):
        return {}
    return {
        names.quarter(indicator.id, q, Part.TARGET): figure
        for q in QUARTERS
        if (figure := number(row[QUARTER_TARGET[q - 1]])) is not None
    }


def _to_date_results(
    indicator_id: str, result: dict[str, Any], annual: float | None
) -> dict[str, object]:
    """The quarter-to-date formula cells, by name: the realisation and capaian to date
    ("" until the quarter is reported), and a target to date that is the annual target."""
    cached: dict[str, object] = {}
    for q in QUARTERS:
        cached[names.quarter(indicator_id, q, Part.TARGET)] = shown(annual)
        cached[names.quarter(indicator_id, q, Part.TODATE)] = shown(
            result[TO_DATE[q - 1]], result[TO_DATE_DASH[q - 1]]
        )
        reported = result[REPORTED[q - 1]]
        capaian = result[CAPAIAN_TO_DATE[q - 1]]
        cached[names.quarter(indicator_id, q, Part.CAPAIAN)] = (
            shown(capaian, empty=NOT_COMPUTABLE) if reported else ""
        )
    return cached


def _formula_results(indicator_id: str, kind: Kind, result: dict[str, Any]) -> dict[str, object]:
    """An indicator's formula cells, by name, as the library computed them."""
    cached: dict[str, object] = {
        names.quarter(indicator_id, q, Part.VAL): shown(result[VAL[q - 1]], result[DASH[q - 1]])
        for q in QUARTERS
    }
    cached[names.year(indicator_id, Part.NUM)] = shown(result["year_num"])
    if kind is Kind.RATIO:
        cached[names.year(indicator_id, Part.DEN)] = shown(result["year_den"])
    cached[names.year(indicator_id, Part.VAL)] = shown(result["year_val"], result["year_dash"])
    cached[names.capaian(indicator_id)] = shown(result["capaian"], empty=NOT_COMPUTABLE)
    cached[names.kategori(indicator_id)] = result["kategori"] or NOT_COMPUTABLE
    return cached
