"""The Permendagri 86/2017 categories of capaian, as data and one small function.

The writer turns the same table into the workbook's formulas and compute.py applies it, so the
sheet and the library cannot disagree on a boundary.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

# Permendagri 86/2017, "skala nilai peringkat kinerja": (lowest capaian, category), highest
# first. The regulation prints 91-100, 76-90, 66-75, 51-65, <=50; these bounds close its gaps.
CATEGORIES: tuple[tuple[float, str], ...] = (
    (91, "Sangat Tinggi"),
    (76, "Tinggi"),
    (66, "Sedang"),
    (51, "Rendah"),
    (-math.inf, "Sangat Rendah"),
)

# Capaian is compared with the bounds at 10 decimals: enough to remove floating-point noise
# (0.57 x 100 is 56.99999999999999 in binary) without moving a bound, so 90.995 stays below 91
# ("76 to < 91": Tinggi) as the regulation's table says. The workbook's formula uses
# ROUND(capaian, 10) to the same effect; the value is taken at 15 significant digits, as a
# spreadsheet's ROUND sees it.
CATEGORY_DECIMALS = 10

# What a cell shows where a figure cannot be computed (target 0, denominator 0).
NOT_COMPUTABLE = "-"

# Wide enough for any float (up to 1e308) quantized to a few decimals.
_WIDE = Context(prec=400)


def round_half_up(value: float, decimals: int = CATEGORY_DECIMALS) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    shown = Decimal(f"{value:.15g}")
    return float(shown.quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE))


def category(achievement: float | None) -> str | None:
    """The Permendagri 86/2017 category of a capaian; None where there is no capaian."""
    if achievement is None:
        return None
    compared = round_half_up(achievement)
    for lowest, name in CATEGORIES:
        if compared >= lowest:
            return name
    raise AssertionError("the last category has no lower bound")
