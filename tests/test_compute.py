"""compute(), the library's recomputation, against the independent oracle."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from iku_xlsx.compute import DEN, NUM, QUARTER_TARGET, compute

from . import oracle

AMOUNT = st.none() | st.integers(-5, 500) | st.floats(0, 1e9, allow_nan=False)
SPECS = st.sampled_from(
    [
        ("ratio", "flow"),
        ("ratio", "stock"),
        ("ratio", "cumulative"),
        ("count", "flow"),
        ("count", "stock"),
        ("value", "flow"),
        ("value", "stock"),
    ]
)


RULES = st.sampled_from(
    [
        oracle.Rules(),
        oracle.Rules("t/r", "100-if-zero", ((90, "Baik"), (70, "Cukup")), "Kurang"),
        oracle.Rules("2t-r", "100-if-zero"),
    ]
)
TARGET = st.none() | st.just(0) | st.floats(0, 1000, allow_nan=False)


@st.composite
def indicators(draw):
    kind, aggregation = draw(SPECS)
    polarity = draw(st.sampled_from(["higher", "lower"]))
    nums = draw(st.lists(AMOUNT, min_size=4, max_size=4))
    dens = draw(st.lists(AMOUNT | st.just(0), min_size=4, max_size=4)) if kind == "ratio" else None
    target = draw(TARGET)
    options = {
        "scale": draw(st.sampled_from([100, 1000, 100_000])) if kind == "ratio" else 100,
        "to_date_amounts": aggregation == "cumulative" and draw(st.booleans()),
        "quarter_targets": draw(st.none() | st.lists(TARGET, min_size=4, max_size=4)),
        "rules": draw(RULES),
    }
    return kind, aggregation, polarity, nums, dens, target, options


def _as_cell(value, dash):
    if dash:
        return oracle.DASH
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def _same(actual, expected):
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and math.isclose(
            actual, expected, rel_tol=1e-9, abs_tol=1e-9
        )
    return actual == expected


def _row(kind, aggregation, polarity, nums, dens, target, options) -> dict:
    rules = options["rules"]
    row = {
        "kind": kind,
        "aggregation": aggregation,
        "polarity": polarity,
        "target": np.nan if target is None else target,
        "scale": float(options["scale"]),
        "amounts": "to_date" if options["to_date_amounts"] else "quarter",
        "lower_rule": rules.lower,
        "zero_rule": rules.zero,
        "bands": (*rules.bands, (-math.inf, rules.lowest)),
    }
    row.update({c: np.nan if v is None else v for c, v in zip(NUM, nums, strict=True)})
    row.update(
        {c: np.nan if v is None else v for c, v in zip(DEN, dens or [None] * 4, strict=True)}
    )
    targets = options["quarter_targets"] or [None] * 4
    row.update(
        {c: np.nan if v is None else v for c, v in zip(QUARTER_TARGET, targets, strict=True)}
    )
    return row


def _no_dash(value):
    return None if value == oracle.DASH else value


@settings(max_examples=300, deadline=None)
@given(st.lists(indicators(), min_size=1, max_size=8))
def test_compute_agrees_with_the_oracle(specs):
    result = compute(pd.DataFrame([_row(*spec) for spec in specs]))
    for (kind, aggregation, polarity, nums, dens, target, options), (_, got) in zip(
        specs, result.iterrows(), strict=True
    ):
        want = oracle.expected(kind, aggregation, polarity, nums, dens, target, **options)
        for q in range(4):
            assert _same(
                _as_cell(got[f"val{q + 1}"], got[f"dash{q + 1}"]), want.quarter_values[q]
            ), (q, nums, dens)
        assert _same(_as_cell(got["year_val"], got["year_dash"]), want.year_value)
        assert _same(_as_cell(got["year_num"], False), want.year_num)
        assert _same(_as_cell(got["year_den"], False), want.year_den)
        assert _same(_as_cell(got["capaian"], False), _no_dash(want.capaian))
        assert (got["kategori"] or oracle.DASH) == want.kategori
        for q in range(4):  # to date: nothing until the quarter is reported
            reported = bool(got[f"reported{q + 1}"])
            figures = [nums[q], *([dens[q]] if dens else [])]
            assert reported == all(oracle.is_number(v) for v in figures), (q, nums, dens)
            todate = _as_cell(got[f"todate{q + 1}"], got[f"todate_dash{q + 1}"])
            assert _same(todate, want.to_date[q]), (q, nums, dens, todate, want.to_date)
            assert _same(_as_cell(got[f"target_todate{q + 1}"], False), want.target_to_date[q])
            if reported:
                achieved = _as_cell(got[f"capaian_todate{q + 1}"], False)
                assert _same(achieved, _no_dash(want.capaian_to_date[q])), (q, achieved)


def test_an_overflow_is_not_computable():
    """1 / 2.2e-309 x 100 overflows: no realisation, so no capaian (not a capaian of 0)."""
    row = {
        "kind": "ratio",
        "aggregation": "flow",
        "polarity": "lower",
        "target": 1.0,
        **dict.fromkeys(NUM, np.nan),
        **dict.fromkeys(DEN, np.nan),
    }
    row.update(num4=1.0, den4=2.225073858507203e-309)
    result = compute(pd.DataFrame([row])).iloc[0]
    assert math.isnan(result["val4"]) and math.isnan(result["year_val"])
    assert math.isnan(result["capaian"]) and result["kategori"] is None
