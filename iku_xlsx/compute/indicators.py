"""The domain rules applied to many indicators at once, in pandas: what every formula computes.

:func:`compute` takes one row per indicator (its kind, aggregation, polarity, the four quarters'
numerators and denominators, the target, the targets to date and the catalog's rules; NaN
where nothing is reported) and returns the realisation of each quarter, to date and of the
year, the capaian of the year and to date, and the kategori; given the Renstra's end target
and baseline, the year's capaian against the end target and the share of the way from the
baseline covered; given a national or provincial standard, the capaian against it. It is the
library's own computation of what the workbook's formulas show, so a reader never has to
trust a cached result. ``*_dash`` columns mark figures that cannot be computed (a zero
denominator), which the workbook shows as "-" and the tidy table leaves empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from iku_xlsx.catalog import QUARTERS, Indicator, Rules
from iku_xlsx.rules import CATEGORIES, category

NUM = [f"num{q}" for q in QUARTERS]
DEN = [f"den{q}" for q in QUARTERS]
VAL = [f"val{q}" for q in QUARTERS]
DASH = [f"dash{q}" for q in QUARTERS]
QUARTER_TARGET = [f"qtarget{q}" for q in QUARTERS]  # the targets to date, given or typed
REPORTED = [f"reported{q}" for q in QUARTERS]
TO_DATE = [f"todate{q}" for q in QUARTERS]
TO_DATE_DASH = [f"todate_dash{q}" for q in QUARTERS]
TARGET_TO_DATE = [f"target_todate{q}" for q in QUARTERS]  # the one capaian is measured with
CAPAIAN_TO_DATE = [f"capaian_todate{q}" for q in QUARTERS]
# Added in version 2 of the contract, after the first twelve columns; the earlier year's
# (given with --previous) last.
PREVIOUS_COLUMNS = ["previous_value", "previous_achievement"]
TIDY_COLUMNS_ADDED = [
    "value_to_date",
    "target_to_date",
    "achievement_to_date",
    "polarity",
    *PREVIOUS_COLUMNS,
]
TIDY_COLUMNS = [  # the tidy table's columns, in the contract's order
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
    *TIDY_COLUMNS_ADDED,
]
PERIODS = [f"TW{q}" for q in QUARTERS] + ["YEAR"]

# What compute() assumes of a row that does not say (the catalog's defaults).
DEFAULTS = {
    "scale": 100.0,
    "amounts": "quarter",
    "lower_rule": "2t-r",
    "zero_rule": "not-computable",
}


RULE_COLUMNS = (
    "kind",
    "aggregation",
    "polarity",
    "scale",
    "amounts",
    "lower_rule",
    "zero_rule",
    "bands",
)


def rule_columns(indicator: Indicator, rules: Rules) -> dict[str, object]:
    """What compute() needs to know of an indicator and its catalog's rules, as columns."""
    return {
        "kind": indicator.kind.value,
        "aggregation": indicator.aggregation.value,
        "polarity": indicator.polarity.value,
        "scale": float(indicator.scale),
        "amounts": indicator.amounts.value,
        "lower_rule": rules.lower_is_better.value,
        "zero_rule": rules.lower_zero_target.value,
        "bands": rules.bands(),
    }


def compute(inputs: pd.DataFrame) -> pd.DataFrame:
    """Quarter, to-date and year realisation, capaian and kategori for each row of
    ``inputs``."""
    rows = _Rows(inputs)
    result = pd.DataFrame(index=inputs.index)
    quarters, zero_den = rows.quarter_values()
    result[VAL] = quarters
    result[DASH] = zero_den
    year_num, year_den, year_value, year_dash = rows.year()
    result["year_num"], result["year_den"] = year_num, year_den
    result["year_val"], result["year_dash"] = year_value, year_dash
    result["capaian"] = achieved = rows.capaian(year_value, rows.target)
    result["kategori"] = pd.Series(  # object: None stays None where there is no category
        [category(_figure(a), bands) for a, bands in zip(achieved, rows.bands, strict=True)],
        index=inputs.index,
        dtype=object,
    )
    to_date, to_date_dash = rows.to_date(quarters, zero_den)
    targets = rows.targets_to_date()
    result[REPORTED] = rows.reported
    result[TO_DATE], result[TO_DATE_DASH] = to_date, to_date_dash
    result[TARGET_TO_DATE] = targets
    result[CAPAIAN_TO_DATE] = np.column_stack(
        [rows.capaian(to_date[:, q], targets[:, q]) for q in range(len(QUARTERS))]
    )
    result["end_capaian"] = rows.capaian(year_value, rows.end_target)
    result["progress"] = rows.progress(year_value)
    result["standard_capaian"] = rows.capaian(year_value, rows.standard)
    return result


def _figure(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


class _Rows:
    """The rows of compute()'s input as arrays, and the rules over them."""

    def __init__(self, inputs: pd.DataFrame):
        self.count = len(inputs)
        self.num = inputs[NUM].to_numpy(dtype=float)
        self.den = inputs[DEN].to_numpy(dtype=float)
        self.target = inputs["target"].to_numpy(dtype=float)
        kind = inputs["kind"].to_numpy()
        self.ratio, self.counted = kind == "ratio", kind == "count"
        self.aggregation = inputs["aggregation"].to_numpy()
        self.lower = inputs["polarity"].to_numpy() == "lower"
        self.scale = self._column(inputs, "scale").astype(float)
        to_date_amounts = self._column(inputs, "amounts") == "to_date"
        # a cumulative ratio whose quarters' own amounts are typed: summed to date
        self.summed = (self.aggregation == "cumulative") & ~to_date_amounts
        self.twice = self._column(inputs, "lower_rule") == "2t-r"
        self.zero_full = self._column(inputs, "zero_rule") == "100-if-zero"
        self.bands = inputs["bands"].tolist() if "bands" in inputs else [CATEGORIES] * self.count
        self.quarter_targets = (
            inputs[QUARTER_TARGET].to_numpy(dtype=float)
            if set(QUARTER_TARGET) <= set(inputs.columns)
            else np.full((self.count, len(QUARTERS)), np.nan)
        )
        # A quarter is reported when all its inputs are numbers.
        self.reported = np.where(
            self.ratio[:, None],
            ~np.isnan(self.num) & ~np.isnan(self.den),
            ~np.isnan(self.num),
        )
        self.summed_num = np.cumsum(np.nan_to_num(self.num), axis=1)  # as SUM skips blanks
        # the Renstra's end-of-period target and baseline, where the catalog gives them
        self.end_target = self._figures(inputs, "end_target")
        self.baseline = self._figures(inputs, "baseline")
        self.standard = self._figures(inputs, "standard")  # national or provincial

    def _figures(self, inputs: pd.DataFrame, name: str) -> np.ndarray:
        if name in inputs:
            return inputs[name].to_numpy(dtype=float)
        return np.full(self.count, np.nan)

    def _column(self, inputs: pd.DataFrame, name: str) -> np.ndarray:
        if name in inputs:
            return inputs[name].to_numpy()
        return np.full(self.count, DEFAULTS[name], dtype=object)

    def quarter_values(self) -> tuple[np.ndarray, np.ndarray]:
        """Each quarter's realisation (NaN where none) and where its denominator is 0."""
        zero_den = self.reported & self.ratio[:, None] & (self.den == 0)
        realised = np.where(self.summed[:, None], self.summed_num, self.num)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            quarter_ratio = realised / self.den * self.scale[:, None]
        value = np.where(self.ratio[:, None], quarter_ratio, self.num)
        # an overflow (a denominator near 0) is not computable, as a spreadsheet's #NUM!
        value = np.where(self.reported & ~zero_den & np.isfinite(value), value, np.nan)
        return value, zero_den

    def year(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The year's numerator, denominator, realisation and whether its denominator is 0:
        flow sums the reported quarters, a position takes the latest, a cumulative ratio the
        realisation to date over the latest annual amount."""
        rows = np.arange(self.count)
        any_reported = self.reported.any(axis=1)
        latest = 3 - np.argmax(self.reported[:, ::-1], axis=1)  # meaningful where reported
        flow = self.aggregation == "flow"
        flow_num = np.where(self.reported, np.nan_to_num(self.num), 0).sum(axis=1)
        flow_den = np.where(self.reported, np.nan_to_num(self.den), 0).sum(axis=1)
        to_date = np.where(self.summed, self.summed_num[rows, latest], self.num[rows, latest])
        year_num = np.select(
            [flow, self.aggregation == "stock"], [flow_num, self.num[rows, latest]], to_date
        )
        year_den = np.where(flow, flow_den, self.den[rows, latest])
        year_num = np.where(any_reported, year_num, np.nan)
        year_den = np.where(any_reported & self.ratio, year_den, np.nan)
        year_dash = self.ratio & any_reported & (year_den == 0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            value = np.where(self.ratio, year_num / year_den * self.scale, year_num)
        value = np.where(any_reported & ~year_dash & np.isfinite(value), value, np.nan)
        return year_num, year_den, value, year_dash

    def to_date(self, quarters: np.ndarray, zero_den: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each quarter's realisation to date (NaN until it is reported) and where it cannot
        be computed: a flow's sums over quarters 1..q (a ratio's over the quarters with both
        figures), else the quarter's own realisation."""
        flow = (self.aggregation == "flow")[:, None]
        summed_num = np.cumsum(np.where(self.reported, np.nan_to_num(self.num), 0), axis=1)
        summed_den = np.cumsum(np.where(self.reported, np.nan_to_num(self.den), 0), axis=1)
        flow_dash = self.ratio[:, None] & (summed_den == 0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            flow_ratio = summed_num / summed_den * self.scale[:, None]
        flow_value = np.where(self.ratio[:, None], flow_ratio, self.summed_num)
        value = np.where(flow, flow_value, quarters)
        dash = self.reported & np.where(flow, flow_dash, zero_den)
        value = np.where(self.reported & ~dash & np.isfinite(value), value, np.nan)
        return value, dash

    def targets_to_date(self) -> np.ndarray:
        """The target each quarter's capaian to date is measured with: its target to date,
        else (a ratio or value) the annual target; a count without one has none."""
        annual = np.where(self.counted, np.nan, self.target)[:, None]
        given = ~np.isnan(self.quarter_targets)
        return np.where(given, self.quarter_targets, annual)

    def progress(self, value: np.ndarray) -> np.ndarray:
        """The share of the way from the baseline to the end target covered, in percent:
        (R - B) / (E - B) x 100, the same whichever way is better (lower is better: both
        differences are negative); not computable where E = B or a figure is missing. Not
        capped: beyond the end target it is above 100, gone backwards it is negative."""
        way = self.end_target - self.baseline
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            share = (value - self.baseline) / way * 100
        return np.where((way != 0) & np.isfinite(share), share, np.nan)

    def capaian(self, value: np.ndarray, target: np.ndarray) -> np.ndarray:
        """Capaian against ``target``: higher is better, value / target x 100; lower is
        better, (2T - R) / T x 100 floored at 0, or T / R x 100, as each row's rules say; a
        target of 0 is not computable unless a lower-is-better 0 met by 0 counts as 100."""
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            higher = value / target * 100
            twice = np.maximum(0, (2 * target - value) / target * 100)
            over = np.where(value == 0, np.nan, target / value * 100)
        lower = np.where(self.twice, twice, over)
        achieved = np.where(self.lower, lower, higher)
        zero = np.where(self.lower & self.zero_full, np.where(value == 0, 100.0, 0.0), np.nan)
        achieved = np.where(target == 0, np.where(np.isnan(value), np.nan, zero), achieved)
        return np.where(np.isfinite(achieved), achieved, np.nan)


def tidy_table(inputs: pd.DataFrame, results: pd.DataFrame) -> pd.DataFrame:
    """The tidy table (docs/contract.md): one row per indicator and period.

    ``inputs`` has one row per indicator with kecamatan, year, unit_id, indicator_id,
    source_file, the quarters' numerators and denominators and the target, and (where an
    earlier year was given) its previous_value and previous_achievement; ``results`` is what
    :func:`compute` made of it. Not computable figures are left empty (NaN).
    """
    periods = len(PERIODS)
    count = len(inputs)

    def per_period(quarters: np.ndarray, year: np.ndarray | None = None) -> np.ndarray:
        last = np.full(count, np.nan) if year is None else year
        return np.column_stack([quarters, last]).ravel()

    def repeated(column: str, dtype: type = object) -> np.ndarray:
        return np.repeat(inputs[column].to_numpy(dtype), periods)

    achievement = np.full((count, periods), np.nan)
    achievement[:, -1] = results["capaian"].to_numpy(float)
    category_ = np.full((count, periods), None, dtype=object)
    category_[:, -1] = results["kategori"].to_numpy(object)
    previous = {
        column: per_period(
            np.full((count, len(QUARTERS)), np.nan),
            inputs[column].to_numpy(float) if column in inputs else None,
        )
        for column in PREVIOUS_COLUMNS
    }
    return pd.DataFrame(
        {
            "kecamatan": repeated("kecamatan"),
            "year": np.repeat(inputs["year"].to_numpy(), periods),
            "unit_id": repeated("unit_id"),
            "indicator_id": repeated("indicator_id"),
            "period": PERIODS * count,
            "numerator": per_period(inputs[NUM].to_numpy(float), results["year_num"].to_numpy()),
            "denominator": per_period(inputs[DEN].to_numpy(float), results["year_den"].to_numpy()),
            "value": per_period(results[VAL].to_numpy(float), results["year_val"].to_numpy()),
            "target": repeated("target", float),
            "achievement": achievement.ravel(),
            "category": category_.ravel(),
            "source_file": repeated("source_file"),
            "value_to_date": per_period(results[TO_DATE].to_numpy(float)),
            "target_to_date": per_period(results[TARGET_TO_DATE].to_numpy(float)),
            "achievement_to_date": per_period(results[CAPAIAN_TO_DATE].to_numpy(float)),
            "polarity": repeated("polarity"),
            **previous,
        },
        columns=TIDY_COLUMNS,
    )
