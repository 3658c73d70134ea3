"""The library's domain rules against the independent oracle and the regulation's table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iku_xlsx.catalog import Polarity
from iku_xlsx.rules import capaian, category

from . import oracle

NUMBERS = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@pytest.mark.parametrize(
    ("achievement", "expected"),
    [
        (100, "Sangat Tinggi"),
        (91, "Sangat Tinggi"),
        (90.995, "Sangat Tinggi"),  # shown as 91,00
        (90.994, "Tinggi"),
        (76, "Tinggi"),
        (75.99, "Sedang"),
        (66, "Sedang"),
        (65.99, "Rendah"),
        (51, "Rendah"),
        (50.99, "Sangat Rendah"),
        (0, "Sangat Rendah"),
        (250, "Sangat Tinggi"),
        (None, None),
    ],
)
def test_permendagri_86_2017_categories(achievement, expected):
    assert category(achievement) == expected


@pytest.mark.parametrize(
    ("realisation", "target", "polarity", "expected"),
    [
        (80, 100, Polarity.HIGHER, 80.0),
        (120, 100, Polarity.HIGHER, 120.0),  # not capped
        (5, 10, Polarity.LOWER, 150.0),  # half the tolerated level
        (20, 10, Polarity.LOWER, 0.0),
        (35, 10, Polarity.LOWER, 0.0),  # floored at 0
        (50, 0, Polarity.HIGHER, None),  # target 0: not computable, not 0
        (None, 100, Polarity.HIGHER, None),
        (50, None, Polarity.HIGHER, None),
    ],
)
def test_capaian(realisation, target, polarity, expected):
    assert capaian(realisation, target, polarity) == expected


@given(realisation=NUMBERS, target=NUMBERS, lower=st.booleans())
def test_capaian_and_category_agree_with_oracle(realisation, target, lower):
    polarity = Polarity.LOWER if lower else Polarity.HIGHER
    mine = capaian(realisation, target, polarity)
    theirs = oracle.capaian(realisation, target, polarity.value)
    assert (mine is None) == (theirs == oracle.DASH)
    if mine is not None:
        assert mine == pytest.approx(theirs)
        assert category(mine) == oracle.kategori(theirs)
