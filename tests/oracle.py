"""An independent computation of what an indicator's cells must show, from docs/rules.md.

Written from the rules, not from the package: it imports nothing of iku_xlsx, so a mistake in
the package's formulas cannot hide in a shared helper. Inputs are what a person typed: a
number, a text ("dua belas") or None (empty). Results use None for an empty cell and "-" for
"not computable".
"""

from __future__ import annotations

import calendar
import datetime as dt
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
    """docs/rules.md: higher r/t x 100; lower (2t - r)/t x 100 floored at 0; else '-'."""
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


# --- records: checklists, desa records, the IKM survey (docs/rules.md, docs/contract.md) ------


def quarter_days(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a triwulan."""
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])
    return first, last


def _day(value: object) -> dt.date | None:
    """A typed date as a day; None for anything that is not a date (text, a number, empty)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _reported(values: dict, name: str) -> set[int]:
    """The quarters up to the one typed in the records' quarter cell (none when empty)."""
    last = values.get(name)
    return set(range(1, int(last) + 1)) if is_number(last) and last in (1, 2, 3, 4) else set()


def checklist(indicator, values: dict, year: int) -> tuple[list, list]:
    """docs/contract.md: TW<q>_DEN counts the items due in quarter q, TW<q>_NUM those submitted on
    or before their due date; an item is due on the last day of its quarter unless the
    catalog gives a date."""
    reported = _reported(values, f"{indicator.id}_LAST_TW")
    due_days = []
    for item in indicator.checklist:
        if item.due:
            month, day = map(int, item.due.split("-"))
            due_days.append(dt.date(year, month, day))
        else:
            due_days.append(quarter_days(year, item.quarter)[1])
    nums, dens = [], []
    for q in range(1, 5):
        first, last = quarter_days(year, q)
        due = [k for k, day in enumerate(due_days) if first <= day <= last]
        done = [_day(values.get(f"{indicator.id}_ITEM{k + 1}_DONE")) for k in range(len(due_days))]
        on_time = [k for k in due if done[k] is not None and done[k] <= due_days[k]]
        nums.append(len(on_time) if q in reported else None)
        dens.append(len(due) if q in reported else None)
    return nums, dens


def _desa_dates(indicator, values: dict, desa: int) -> list[list[dt.date | None]]:
    return [
        [
            _day(values.get(f"{indicator.id}_DESA{i}_DOC{j}"))
            for j in range(1, len(indicator.desa_documents) + 1)
        ]
        for i in range(1, desa + 1)
    ]


def desa_count(indicator, values: dict, year: int, desa: int) -> list:
    """Each quarter counts the record dates that fall in it."""
    reported = _reported(values, f"{indicator.id}_LAST_TW")
    days = [day for row in _desa_dates(indicator, values, desa) for day in row if day]
    counts = []
    for q in range(1, 5):
        first, last = quarter_days(year, q)
        counts.append(sum(first <= day <= last for day in days) if q in reported else None)
    return counts


def desa_complete(source, values: dict, year: int, desa: int) -> tuple[list, list]:
    """The rule of the catalog: at a quarter's end, a desa counts when every document due by
    then (its due_quarter) came in on or before that day; over all desa."""
    reported = _reported(values, f"{source.id}_LAST_TW")
    rows = _desa_dates(source, values, desa)
    dues = [document.due_quarter for document in source.desa_documents]
    nums, dens = [], []
    for q in range(1, 5):
        end = quarter_days(year, q)[1]
        complete = sum(
            all(
                day is not None and day <= end
                for day, due in zip(row, dues, strict=True)
                if due <= q
            )
            for row in rows
        )
        nums.append(complete if q in reported else None)
        dens.append(desa if q in reported else None)
    return nums, dens


def service_ikm(respondents: object, sums: list[object]) -> float | None:
    """PermenPAN-RB 14/2017: NRR per unsur = sum / respondents; IKM = sum(NRR x 1/9) x 25."""
    if not is_number(respondents) or respondents <= 0 or not all(is_number(s) for s in sums):
        return None
    return sum(s / respondents * (1 / 9) for s in sums) * 25


def survey(values: dict) -> list[tuple[object, list[object], float | None]]:
    """(respondents, the nine sums, IKM) of every service row typed."""
    rows = []
    n = 1
    while f"IKM_L{n}_RESPONDEN" in values or f"IKM_L{n}_U1" in values:
        respondents = values.get(f"IKM_L{n}_RESPONDEN")
        sums = [values.get(f"IKM_L{n}_U{j}") for j in range(1, 10)]
        rows.append((respondents, sums, service_ikm(respondents, sums)))
        n += 1
    return rows


def survey_inputs(role: str, minimum: float, values: dict) -> tuple[list, list | None]:
    """CAMAT_1 ('index': all respondents pooled, per unsur all sums over all respondents,
    mean x 25) or CAMAT_2 ('share': services with an IKM of at least the minimum over services
    with one), in the quarter the survey was held."""
    held = values.get("IKM_TRIWULAN")
    rated = [(r, sums, value) for r, sums, value in survey(values) if value is not None]
    nums, dens = [None] * 4, [None] * 4
    if is_number(held) and held in (1, 2, 3, 4) and rated:
        q = int(held) - 1
        if role == "index":
            respondents = sum(r for r, _, _ in rated)
            nrr = [sum(sums[j] for _, sums, _ in rated) / respondents for j in range(9)]
            nums[q] = sum(nrr) / 9 * 25
        else:
            nums[q] = sum(value >= minimum for _, _, value in rated)
            dens[q] = len(rated)
    return nums, (dens if role == "share" else None)


def mutu(value: float) -> str:
    """The mutu table, its two-decimal intervals (88.31 - 100.00 is A)."""
    shown = Decimal(f"{value:.15g}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if shown >= Decimal("88.31"):
        return "A"
    if shown >= Decimal("76.61"):
        return "B"
    if shown >= Decimal("65.00"):
        return "C"
    return "D"


def recorded_inputs(catalog, indicator, values: dict, holds: set[str]) -> tuple[list, list | None]:
    """A recorded indicator's quarter inputs from the records typed in ``values``; ``holds``
    are the ids of the indicators whose records sheets the workbook holds (nothing is
    counted from records the workbook does not hold)."""
    year, desa = catalog.year, len(catalog.desa)
    ratio = indicator.kind.value == "ratio"
    none = ([None] * 4, [None] * 4 if ratio else None)
    if indicator.checklist:
        return checklist(indicator, values, year) if indicator.id in holds else none
    if indicator.desa_documents:
        return (desa_count(indicator, values, year, desa), None) if indicator.id in holds else none
    if indicator.desa_complete:
        if indicator.desa_complete not in holds:
            return none
        source = next(i for i in catalog.indicators if i.id == indicator.desa_complete)
        return desa_complete(source, values, year, desa)
    if "IKM" not in holds:
        return none
    return survey_inputs(indicator.ikm.value, indicator.ikm_minimum, values)
