"""The domain's fixed rules as data: capaian categories, the IKM and its mutu, samples.

The Permendagri 86/2017 categories, PermenPAN-RB 14/2017's IKM and Krejcie-Morgan's sample
sizes (docs/rules.md). The writer turns the same tables into the workbook's formulas and
:mod:`iku_xlsx.compute` applies them, so the sheet and the library cannot disagree on a
boundary.
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


Bands = tuple[tuple[float, str], ...]  # (lowest capaian, name), highest first


def category(achievement: float | None, bands: Bands = CATEGORIES) -> str | None:
    """The category of a capaian (Permendagri 86/2017's unless the catalog's ``bands``);
    None where there is no capaian."""
    if achievement is None:
        return None
    compared = round_half_up(achievement)
    for lowest, name in bands:
        if compared >= lowest:
            return name
    raise AssertionError("the last category has no lower bound")


# --- the IKM (PermenPAN-RB 14/2017) -----------------------------------------------------------

# The nine unsur, in the regulation's order (U1 to U9 on the survey sheet).
IKM_UNSUR = (
    "Persyaratan",
    "Sistem, mekanisme dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
)
IKM_UNSUR_COUNT = len(IKM_UNSUR)
SCORE_MIN, SCORE_MAX = 1, 4  # each respondent scores each unsur 1 (tidak baik) to 4 (sangat baik)
IKM_SCALE = 25  # IKM = mean NRR x 25, from 25 to 100

# Mutu pelayanan: (lowest IKM, mutu), highest first. The regulation prints the intervals with
# two decimals (88.31 - 100.00, 76.61 - 88.30, 65.00 - 76.60, 25.00 - 64.99), so the IKM is
# compared rounded to two decimals.
MUTU: tuple[tuple[float, str], ...] = ((88.31, "A"), (76.61, "B"), (65.0, "C"), (-math.inf, "D"))
MUTU_DECIMALS = 2


def ikm(score_sum: float, respondents: float) -> float:
    """The IKM of summed scores: per unsur sum / respondents, mean over the 9 unsur, x 25.

    ``score_sum`` is the sum over the nine unsur of their score sums; the division by 9 is the
    exact 1/9 weight, never 0.111.
    """
    return score_sum / respondents / IKM_UNSUR_COUNT * IKM_SCALE


def mutu(value: float) -> str:
    compared = round_half_up(value, MUTU_DECIMALS)
    return next(name for lowest, name in MUTU if compared >= lowest)


# Krejcie and Morgan (1970): s = X2 N P(1-P) / (d2 (N-1) + X2 P(1-P)), with X2 = 3.841 (chi
# square, 1 degree of freedom, 95 %), P = 0.5 and d = 0.05, rounded to the nearest whole: it
# gives the table's 80 for 100, 132 for 200, 217 for 500, 278 for 1000 and 384 for a million.
KM_CHI_SQUARE, KM_P, KM_MARGIN = 3.841, 0.5, 0.05


def minimum_sample(population: float) -> int:
    spread = KM_CHI_SQUARE * KM_P * (1 - KM_P)
    size = spread * population / (KM_MARGIN**2 * (population - 1) + spread)
    return int(round_half_up(size, 0))
