"""An independent computation of what an indicator's cells must show, from domain-rules.md.

Written from the rules, not from the package: it imports nothing of iku_xlsx, so a mistake in
the package's formulas cannot hide in a shared helper. Inputs are what a person typed: a
number, a text ("dua belas") or None (empty). Results use None for an empty cell and "-" for
"not computable".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

DASH = "-"


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass
class Expected:
    quarter_values: list[object]  # TW1..TW4 realisation
    year_num: object
    year_den: object
    year_value: object
    capaian: object
    kategori: object


def _ratio(num: float, den: float) -> object:
    if den == 0:
        return DASH
    value = num / den * 100
    return value if math.isfinite(value) else None  # an overflow: not computable


def expected(
    kind: str,
    aggregation: str,
    polarity: str,
    nums: list[object],
    dens: list[object] | None,
    target: object,
) -> Expected:
    numbers = [n if is_number(n) else 0 for n in nums]
    if kind == "ratio":
        assert dens is not None
        complete = [is_number(n) and is_number(d) for n, d in zip(nums, dens, strict=True)]
        quarters: list[object] = []
        for q in range(4):
            if not complete[q]:
                quarters.append(None)
            elif aggregation == "cumulative":
                quarters.append(_ratio(sum(numbers[: q + 1]), dens[q]))
            else:
                quarters.append(_ratio(nums[q], dens[q]))
        reported = [q for q in range(4) if complete[q]]
        if not reported:
            year_num = year_den = year_value = None
        else:
            latest = reported[-1]
            if aggregation == "flow":  # sum of numerators / sum of denominators
                year_num = sum(nums[q] for q in reported)
                year_den = sum(dens[q] for q in reported)
            elif aggregation == "stock":  # the latest reported quarter
                year_num, year_den = nums[latest], dens[latest]
            else:  # cumulative: realisation to date / the latest annual amount
                year_num, year_den = sum(numbers[: latest + 1]), dens[latest]
            year_value = _ratio(year_num, year_den)
    else:
        quarters = [n if is_number(n) else None for n in nums]
        reported = [q for q in range(4) if is_number(nums[q])]
        year_den = None
        if not reported:
            year_num = None
        elif aggregation == "flow":
            year_num = sum(nums[q] for q in reported)
        else:
            year_num = nums[reported[-1]]
        year_value = year_num
    achieved = capaian(year_value, target, polarity)
    return Expected(quarters, year_num, year_den, year_value, achieved, kategori(achieved))


def capaian(value: object, target: object, polarity: str) -> object:
    """domain-rules.md: higher r/t x 100; lower (2t - r)/t x 100 floored at 0; else '-'."""
    if not is_number(value) or not is_number(target) or target == 0:
        return DASH
    if polarity == "lower":
        achieved = max(0.0, (2 * target - value) / target * 100)
    else:
        achieved = value / target * 100
    return achieved if math.isfinite(achieved) else DASH


def kategori(achieved: object) -> object:
    """Permendagri 86/2017 ("76 to < 91" is Tinggi), compared at 10 decimals of the value's 15
    significant digits, so floating-point noise (56.99999999999999 for 57) does not count."""
    if not is_number(achieved):
        return DASH
    shown = Decimal(f"{achieved:.15g}").quantize(
        Decimal("1e-10"), rounding=ROUND_HALF_UP, context=Context(prec=400)
    )
    if shown >= 91:
        return "Sangat Tinggi"
    if shown >= 76:
        return "Tinggi"
    if shown >= 66:
        return "Sedang"
    if shown >= 51:
        return "Rendah"
    return "Sangat Rendah"
