"""What the annual report says of each indicator: this year, last year, the Renstra and every
earlier year given, as the cells show them.

One computation for the consolidated workbook's Capaian Tahunan, Tren Tahunan and Evaluasi
Renja sheets and for the LKjIP document, so the two can never disagree. A figure is a number,
"-" where it cannot be computed or was not given, or "" where nothing is reported yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

import pandas as pd

from iku_xlsx.catalog import QUARTERS, Indicator, Sasaran, Unit
from iku_xlsx.compute import DASH, VAL
from iku_xlsx.consolidation.result import KecamatanResult
from iku_xlsx.reports.values import number, rows, shown
from iku_xlsx.rules import NOT_COMPUTABLE


@dataclass(frozen=True)
class YearShown:
    """One year of an indicator in the trend: its realisation and capaian."""

    year: int
    value: object
    capaian: object


@dataclass(frozen=True)
class IndicatorYear:
    """One indicator in the annual report."""

    number: int  # 1, 2, ... in the catalog's order: the "No" of every table
    unit: Unit
    sasaran: Sasaran
    indicator: Indicator
    target: object  # "" where none was given or typed
    quarters: tuple[object, ...]  # each quarter's realisation, TW I to TW IV
    value: object  # the year's realisation
    capaian: object
    kategori: str  # or "-"
    previous_value: object  # last year's realisation ("-" when last year was not given)
    previous_capaian: object
    end_target: object  # the Renstra's end-of-period target
    end_capaian: object  # the realisation against it
    baseline_year: int | None
    baseline: object
    progress: object  # the share of the way from the baseline to the end target covered
    standard: object  # a national or provincial standard ("-" where none is given)
    standard_source: str  # whose standard ("" where none is given)
    standard_capaian: object  # the realisation against the standard
    trend: tuple[YearShown, ...]  # every earlier year given, then this year
    kendala: str  # kendala / tindak lanjut as the unit typed it ("" when none)


def indicator_years(kecamatan: KecamatanResult, year: int) -> list[IndicatorYear]:
    """Every indicator of a kecamatan in ``year``'s annual report, in the catalog's order."""
    catalog = kecamatan.catalog
    homes = {
        indicator.id: (unit, sasaran)
        for unit in catalog.units
        for sasaran in unit.sasaran
        for indicator in sasaran.indicators
    }
    indicators = {indicator.id: indicator for indicator in catalog.indicators}
    previous = kecamatan.previous()
    found = []
    for k, (inputs, result) in enumerate(rows(kecamatan)):
        indicator = indicators[inputs["indicator_id"]]
        unit, sasaran = homes[indicator.id]
        value = shown(result["year_val"], result["year_dash"])
        capaian = shown(result["capaian"], empty=NOT_COMPUTABLE)
        earlier = tuple(
            YearShown(e.year, *_figures(e.figures, indicator.id)) for e in kecamatan.earlier
        )
        last = _figures(previous.figures, indicator.id) if previous else (NOT_COMPUTABLE,) * 2
        found.append(
            IndicatorYear(
                number=k + 1,
                unit=unit,
                sasaran=sasaran,
                indicator=indicator,
                target=shown(inputs["target"]),
                quarters=tuple(shown(result[VAL[q - 1]], result[DASH[q - 1]]) for q in QUARTERS),
                value=value,
                capaian=capaian,
                kategori=result["kategori"] or NOT_COMPUTABLE,
                previous_value=last[0],
                previous_capaian=last[1],
                end_target=_given(indicator.end_target),
                end_capaian=shown(result["end_capaian"], empty=NOT_COMPUTABLE),
                baseline_year=indicator.baseline.year if indicator.baseline else None,
                baseline=_given(indicator.baseline.value if indicator.baseline else None),
                progress=shown(result["progress"], empty=NOT_COMPUTABLE),
                standard=_given(indicator.standard.value if indicator.standard else None),
                standard_source=indicator.standard.source if indicator.standard else "",
                standard_capaian=shown(result["standard_capaian"], empty=NOT_COMPUTABLE),
                trend=(*earlier, YearShown(year, value, capaian)),
                kendala=kecamatan.kendala.get(indicator.id, ""),
            )
        )
    return found


def _figures(figures: pd.DataFrame, indicator_id: str) -> tuple[object, object]:
    """An earlier year's realisation and capaian of one indicator: "-" where it has none."""
    if indicator_id not in figures.index:
        return NOT_COMPUTABLE, NOT_COMPUTABLE
    row = figures.loc[indicator_id]
    return (
        shown(row["value"], empty=NOT_COMPUTABLE),
        shown(row["achievement"], empty=NOT_COMPUTABLE),
    )


def _given(value: float | None) -> object:
    """A figure the catalog gives, or "-"."""
    figure = number(value)
    return NOT_COMPUTABLE if figure is None else figure


def is_figure(value: object) -> TypeGuard[float]:
    """Whether a shown figure is a number (not "-" or "")."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def sasaran_runs(indicators: Sequence[IndicatorYear]) -> list[tuple[int, int]]:
    """The runs of consecutive indicators of one sasaran: (first, last) positions."""
    runs: list[tuple[int, int]] = []
    for k, item in enumerate(indicators):
        if runs and indicators[runs[-1][0]].sasaran is item.sasaran:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs
