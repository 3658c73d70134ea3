"""The library's category rule against the regulation's table and the independent oracle."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iku_xlsx.rules import category

from . import oracle


@pytest.mark.parametrize(
    ("achievement", "expected"),
    [
        (100, "Sangat Tinggi"),
        (91, "Sangat Tinggi"),
        (90.995, "Tinggi"),  # "76 to < 91"
        (90.99999999999999, "Sangat Tinggi"),  # 91 with floating-point noise
        (76, "Tinggi"),
        (75.99, "Sedang"),
        (66, "Sedang"),
        (65.99, "Rendah"),
        (57 / 100 * 100, "Rendah"),
        (51, "Rendah"),
        (50.99, "Sangat Rendah"),
        (0, "Sangat Rendah"),
        (250, "Sangat Tinggi"),
        (None, None),
    ],
)
def test_permendagri_86_2017_categories(achievement, expected):
    assert category(achievement) == expected


BOUNDARIES = [b + d for b in (91, 76, 66, 51) for d in (-0.005, -1e-9, -1e-14, 0, 1e-14, 0.005)]


@given(st.sampled_from(BOUNDARIES) | st.floats(min_value=0, max_value=1e300, allow_nan=False))
def test_category_agrees_with_oracle(achievement):
    assert category(achievement) == oracle.kategori(achievement)
