"""The domain rules applied to many indicators at once, in pandas: what every formula computes.

:func:`compute` takes one row per indicator (its kind, aggregation, polarity, the four quarters'
numerators and denominators, the target; NaN where nothing is reported) and returns the
realisation of each quarter and of the year, the capaian and the kategori. It is the library's
own computation of what the workbook's formulas show, so a reader never has to trust a cached
result. ``*_dash`` columns mark figures that cannot be computed (a zero denominator), which the
workbook shows as "-" and the tidy table leaves empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from iku_xlsx.catalog import QUARTERS
from iku_xlsx.rules import category

NUM = [f"num{q}" for q in QUARTERS]
DEN = [f"den{q}" for q in QUARTERS]
VAL = [f"val{q}" for q in QUARTERS]
DASH = [f"dash{q}" for q in QUARTERS]
TIDY_COLUMNS = [
    "kecamatan",
    "year",
    "unit_id",
    "indicator_id",
    "period",
    "numerator",
    "denominator",
    "value",
    "target",
    "achievement",
    "category",
    "source_file",
]
PERIODS = [f"TW{q}" for q in QUARTERS] + ["YEAR"]


def compute(inputs: pd.DataFrame) -> pd.DataFrame:
    """Quarter and year realisation, capaian and kategori for each row of ``inputs``."""
    num = inputs[NUM].to_numpy(dtype=float)
    den = inputs[DEN].to_numpy(dtype=float)
    kind = inputs["kind"].to_numpy()
    aggregation = inputs["aggregation"].to_numpy()
    ratio = kind == "ratio"
    cumulative = aggregation == "cumulative"
    rows = np.arange(len(inputs))

    # A quarter is reported when all its inputs are numbers.
    reported = np.where(ratio[:, None], ~np.isnan(num) & ~np.isnan(den), ~np.isnan(num))
    to_date = np.cumsum(np.nan_to_num(num), axis=1)  # missing amounts count as 0, as SUM does
    zero_den = reported & ratio[:, None] & (den == 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        realised = np.where(cumulative[:, None], to_date, num)
        quarter_ratio = realised / den * 100
    quarter_value = np.where(ratio[:, None], quarter_ratio, num)
    # an overflow (a denominator near 0) is not computable, as a spreadsheet's #NUM!
    quarter_value = np.where(
        reported & ~zero_den & np.isfinite(quarter_value), quarter_value, np.nan
    )

    any_reported = reported.any(axis=1)
    latest = 3 - np.argmax(reported[:, ::-1], axis=1)  # meaningful only where any_reported
    flow_num = np.where(reported, np.nan_to_num(num), 0).sum(axis=1)
    flow_den = np.where(reported, np.nan_to_num(den), 0).sum(axis=1)
    year_num = np.select(
        [aggregation == "flow", aggregation == "stock"],
        [flow_num, num[rows, latest]],
        default=to_date[rows, latest],  # cumulative: realisation to date
    )
    year_den = np.where(aggregation == "flow", flow_den, den[rows, latest])
    year_num = np.where(any_reported, year_num, np.nan)
    year_den = np.where(any_reported & ratio, year_den, np.nan)
    year_dash = ratio & any_reported & (year_den == 0)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        year_value = np.where(ratio, year_num / year_den * 100, year_num)
    year_value = np.where(any_reported & ~year_dash & np.isfinite(year_value), year_value, np.nan)

    target = inputs["target"].to_numpy(dtype=float)
    lower = inputs["polarity"].to_numpy() == "lower"
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        achieved = np.where(
            lower,
            np.maximum(0, (2 * target - year_value) / target * 100),
            year_value / target * 100,
        )
    achieved = np.where(np.isfinite(achieved) & (target != 0), achieved, np.nan)

    result = pd.DataFrame(quarter_value, columns=VAL, index=inputs.index)
    result[DASH] = zero_den
    result["year_num"] = year_num
    result["year_den"] = year_den
    result["year_val"] = year_value
    result["year_dash"] = year_dash
    result["capaian"] = achieved
    result["kategori"] = pd.Series(  # object: None stays None where there is no category
        [category(None if np.isnan(a) else float(a)) for a in achieved],
        index=inputs.index,
        dtype=object,
    )
    return result


def tidy_table(inputs: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """The tidy table (docs/contract.md): one row per indicator and period.

    ``inputs`` has one row per indicator with kecamatan, year, unit_id, indicator_id,
    source_file, the quarters' numerators and denominators and the target; ``results`` is
    what :func:`compute` made of it. Not computable figures are left empty (NaN).
    """
    periods = len(PERIODS)
    count = len(inputs)

    def per_period(quarters: np.ndarray, year: pd.Series) -> np.ndarray:
        return np.column_stack([quarters, year.to_numpy(float)]).ravel()

    achievement = np.full((count, periods), np.nan)
    achievement[:, -1] = results["capaian"].to_numpy(float)
    category = np.full((count, periods), None, dtype=object)
    category[:, -1] = results["kategori"].to_numpy(object)
    return pd.DataFrame(
        {
            "kecamatan": np.repeat(inputs["kecamatan"].to_numpy(object), periods),
            "year": np.repeat(inputs["year"].to_numpy(), periods),
            "unit_id": np.repeat(inputs["unit_id"].to_numpy(object), periods),
            "indicator_id": np.repeat(inputs["indicator_id"].to_numpy(object), periods),
            "period": PERIODS * count,
            "numerator": per_period(inputs[NUM].to_numpy(float), results["year_num"]),
            "denominator": per_period(inputs[DEN].to_numpy(float), results["year_den"]),
            "value": per_period(results[VAL].to_numpy(float), results["year_val"]),
            "target": np.repeat(inputs["target"].to_numpy(float), periods),
            "achievement": achievement.ravel(),
            "category": category.ravel(),
            "source_file": np.repeat(inputs["source_file"].to_numpy(object), periods),
        },
        columns=TIDY_COLUMNS,
    )
