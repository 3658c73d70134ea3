"""The domain rules that numbers obey, as data and small pure functions.

Capaian (achievement against target) and the Permendagri 86/2017 categories. The writer turns
the same table into the workbook's formulas, so the sheet and the library cannot disagree on a
boundary.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from iku_xlsx.catalog import Polarity

# Permendagri 86/2017, "skala nilai peringkat kinerja": (lowest capaian, category), highest
# first. The regulation prints 91-100, 76-90, 66-75, 51-65, <=50; these bounds close its gaps.
CATEGORIES: tuple[tuple[float, str], ...] = (
    (91, "Sangat Tinggi"),
    (76, "Tinggi"),
    (66, "Sedang"),
    (51, "Rendah"),
    (-math.inf, "Sangat Rendah"),
)

# Capaian is shown with two decimals and categorised as shown, so that a capaian printed as
# "91,00" is never "Tinggi". Rounding is half away from zero, as the spreadsheet's ROUND.
CATEGORY_DECIMALS = 2

# What a cell shows where a figure cannot be computed (target 0, denominator 0).
NOT_COMPUTABLE = "-"


def capaian(realisation: float | None, target: float | None, polarity: Polarity) -> float | None:
    """Achievement in percent points; None where it cannot be computed (no data, target 0).

    Higher is better: realisation / target x 100. Lower is better: (2 x target - realisation) /
    target x 100, floored at 0.
    """
    if realisation is None or target is None or target == 0:
        return None
    if polarity is Polarity.LOWER:
        achieved = max(0.0, (2 * target - realisation) / target * 100)
    else:
        achieved = realisation / target * 100
    return achieved if math.isfinite(achieved) else None  # overflow, as a spreadsheet's #NUM!


# Wide enough for any float (up to 1e308) quantized to a few decimals.
_WIDE = Context(prec=400)


def round_half_up(value: float, decimals: int = CATEGORY_DECIMALS) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE))


def category(achievement: float | None) -> str | None:
    """The Permendagri 86/2017 category of a capaian; None where there is no capaian."""
    if achievement is None:
        return None
    shown = round_half_up(achievement)
    for lowest, name in CATEGORIES:
        if shown >= lowest:
            return name
    raise AssertionError("the last category has no lower bound")
