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
from dataclasses import dataclass, field
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
    # to date (s.d. TW q): None until quarter q is reported
    to_date: list[object] = field(default_factory=lambda: [None] * 4)
    target_to_date: list[object] = field(default_factory=lambda: [None] * 4)
    capaian_to_date: list[object] = field(default_factory=lambda: [None] * 4)


@dataclass(frozen=True)
class Rules:
    """What a catalog may say of its rules; the defaults are the regulations'."""

    lower: str = "2t-r"  # or "t/r"
    zero: str = "not-computable"  # or "100-if-zero"
    bands: tuple[tuple[float, str], ...] = (
        (91, "Sangat Tinggi"),
        (76, "Tinggi"),
        (66, "Sedang"),
        (51, "Rendah"),
    )  # the lowest: "Sangat Rendah", below the last
    lowest: str = "Sangat Rendah"


def _ratio(num: float, den: float, scale: float = 100) -> object:
    if den == 0:
        return DASH
    value = num / den * scale
    return value if math.isfinite(value) else None  # an overflow: not computable


def expected(
    kind: str,
    aggregation: str,
    polarity: str,
    nums: list[object],
    dens: list[object] | None,
    target: object,
    *,
    scale: float = 100,
    to_date_amounts: bool = False,
    quarter_targets: list[object] | None = None,
    rules: Rules = Rules(),
) -> Expected:
    """What an indicator's cells show, from what was typed. ``to_date_amounts``: a
    cumulative ratio's amounts typed s.d. triwulan; ``quarter_targets``: the targets to date
    (given, or typed; None where there are none)."""
    if kind == "ratio":
        assert dens is not None
        reported = [q for q in range(4) if is_number(nums[q]) and is_number(dens[q])]
    else:
        reported = [q for q in range(4) if is_number(nums[q])]
    quarters = [
        _quarter(kind, aggregation, nums, dens, q, scale, to_date_amounts)
        if q in reported
        else None
        for q in range(4)
    ]
    if not reported:
        year_num = year_den = year_value = None
    else:
        year_num, year_den, year_value = _up_to(
            kind, aggregation, nums, dens, reported, scale, to_date_amounts
        )
    achieved = capaian(year_value, target, polarity, rules)
    result = Expected(quarters, year_num, year_den, year_value, achieved, kategori(achieved, rules))
    for q in range(4):
        goal = (quarter_targets or [None] * 4)[q]
        if not is_number(goal):  # no target to date: the annual one, but a count has none
            goal = target if kind != "count" and is_number(target) else None
        result.target_to_date[q] = goal
        if q not in reported:
            continue
        earlier = [k for k in reported if k <= q]
        result.to_date[q] = _up_to(kind, aggregation, nums, dens, earlier, scale, to_date_amounts)[
            2
        ]
        result.capaian_to_date[q] = capaian(result.to_date[q], goal, polarity, rules)
    return result


def _quarter(kind, aggregation, nums, dens, q, scale, to_date_amounts) -> object:
    """Quarter q's own realisation: its figure; a ratio's numerator over denominator, a
    cumulative ratio's amounts summed to date unless typed to date."""
    if kind != "ratio":
        return nums[q]
    numbers = [n if is_number(n) else 0 for n in nums]  # SUM skips what is not a number
    if aggregation == "cumulative" and not to_date_amounts:
        return _ratio(sum(numbers[: q + 1]), dens[q], scale)
    return _ratio(nums[q], dens[q], scale)


def _up_to(kind, aggregation, nums, dens, reported, scale, to_date_amounts):
    """(numerator, denominator, realisation) over the ``reported`` quarters: a flow sums
    them, a position takes the latest, a cumulative ratio the realisation to date over the
    latest annual amount."""
    latest = reported[-1]
    if kind != "ratio":
        value = sum(nums[q] for q in reported) if aggregation == "flow" else nums[latest]
        return value, None, value
    numbers = [n if is_number(n) else 0 for n in nums]
    if aggregation == "flow":  # sum of numerators / sum of denominators
        num, den = sum(nums[q] for q in reported), sum(dens[q] for q in reported)
    elif aggregation == "stock" or to_date_amounts:  # the latest reported quarter
        num, den = nums[latest], dens[latest]
    else:  # cumulative: realisation to date / the latest annual amount
        num, den = sum(numbers[: latest + 1]), dens[latest]
    return num, den, _ratio(num, den, scale)


def capaian(value: object, target: object, polarity: str, rules: Rules = Rules()) -> object:
    """docs/rules.md: higher r/t x 100; lower (2t - r)/t x 100 floored at 0, or t/r x 100;
    a target of 0 '-' (a lower-is-better 0 met by 0 is 100 where the rules say so)."""
    if not is_number(value) or not is_number(target):
        return DASH
    if target == 0:
        if polarity == "lower" and rules.zero == "100-if-zero":
            return 100.0 if value == 0 else 0.0
        return DASH
    if polarity == "lower" and rules.lower == "t/r":
        if value == 0:
            return DASH
        achieved = target / value * 100
    elif polarity == "lower":
        achieved = max(0.0, (2 * target - value) / target * 100)
    else:
        achieved = value / target * 100
    return achieved if math.isfinite(achieved) else DASH


def kategori(achieved: object, rules: Rules = Rules()) -> object:
    """Permendagri 86/2017 ("76 to < 91" is Tinggi) unless the catalog's bands, compared at
    10 decimals of the value's 15 significant digits, so floating-point noise
    (56.99999999999999 for 57) does not count."""
    if not is_number(achieved):
        return DASH
    shown = Decimal(f"{achieved:.15g}").quantize(
        Decimal("1e-10"), rounding=ROUND_HALF_UP, context=Context(prec=400)
    )
    for lowest, name in rules.bands:
        if shown >= Decimal(str(lowest)):
            return name
    return rules.lowest


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


# --- the annual report: the Renstra and the Evaluasi hasil Renja (docs/rules.md) ---------------


def progress(value: object, baseline: object, end: object) -> object:
    """The share of the way from the Renstra's baseline to its end target that the year's
    realisation covered, in percent: (R - B) / (E - B) x 100, whichever way is better; '-'
    unless all three are numbers and the end target is not the baseline."""
    if not all(is_number(x) for x in (value, baseline, end)) or end == baseline:
        return DASH
    return (value - baseline) / (end - baseline) * 100


def _spent(realised: list) -> object:
    """A year's spending: its quarters given, summed; None when none is."""
    amounts = [amount for amount in realised if is_number(amount)]
    return sum(amounts) if amounts else None


def _percent(part: object, whole: object) -> object:
    return part / whole * 100 if is_number(part) and is_number(whole) and whole != 0 else DASH


def budget(plan: dict, year: int) -> dict[str, object]:
    """The rupiah of the Evaluasi hasil Renja for ``year``, from a catalog's budget as written
    in YAML ({year: amount, or {amount, realised: [TW I .. TW IV]}}): the Renstra's total is
    every year listed; what was spent in the Renstra before is the years listed before this
    one ('-' when one of them gives no spending); this year's spending, its share of its
    budget, the Renstra to date and its share of the total. None: nothing reported yet."""
    years = {y: (b if isinstance(b, dict) else {"amount": b}) for y, b in plan.items()}
    renstra = sum(b["amount"] for b in years.values())
    earlier = [_spent(b.get("realised") or []) for y, b in years.items() if y < year]
    before = DASH if None in earlier else sum(earlier)
    this = years.get(year)
    pagu = this["amount"] if this else DASH
    realised = (this or {}).get("realised") or []
    quarters = [realised[q] if q < len(realised) else None for q in range(4)]
    spent = _spent(realised)
    to_date = None if spent is None else (before + spent if is_number(before) else DASH)
    return {
        "RENSTRA": renstra,
        "BEFORE": before,
        "PAGU": pagu,
        **{f"TW{q + 1}": quarters[q] for q in range(4)},
        "YEAR": spent,
        "CAPAIAN": None if spent is None else _percent(spent, pagu),
        "TODATE": to_date,
        "RENSTRA_CAPAIAN": None if to_date is None else _percent(to_date, renstra),
    }
