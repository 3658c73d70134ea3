"""The rupiah side of the Evaluasi hasil Renja (Permendagri 86/2017), from the catalog's
budgets: what each Rp cell of the form shows.

The years an indicator's ``budget`` lists are the Renstra's funding plan: their amounts sum to
the Renstra's total. The realisation of the Renstra up to last year is what was spent in the
years listed before this one; this year's is what its quarters report. A figure is a number,
"-" where it cannot be computed (a budget of 0, an earlier year without its realisation, no
budget for this year) or None where nothing is reported yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from iku_xlsx.catalog import QUARTERS, Indicator
from iku_xlsx.rules import NOT_COMPUTABLE

Figure = float | str | None  # a number, "-" (not computable) or None (nothing reported)


@dataclass(frozen=True)
class BudgetFigures:
    """One indicator's rupiah in one year's Evaluasi hasil Renja, as its cells show them."""

    renstra: Figure  # the Renstra's total: every year listed
    before: Figure  # spent in the years listed before this one (Renstra up to last year)
    plan: Figure  # this year's budget (the Renja's)
    quarters: tuple[Figure, ...]  # spent in TW I .. TW IV, each quarter's own
    year: Figure  # spent this year: the quarters reported, summed
    capaian: Figure  # this year's spent over its budget, x 100
    to_date: Figure  # the Renstra's realisation up to this year: before + this year's
    renstra_capaian: Figure  # to date over the Renstra's total, x 100


def budget_figures(indicator: Indicator, year: int) -> BudgetFigures | None:
    """The rupiah of ``indicator`` in ``year``'s form; None when the catalog gives it none."""
    if not indicator.budget:
        return None
    budgets = {listed: indicator.budget_for(listed) for listed in indicator.budget}
    renstra = sum(budget.amount for budget in budgets.values() if budget is not None)
    earlier = [budget.total() for listed, budget in budgets.items() if budget and listed < year]
    before: Figure = NOT_COMPUTABLE if None in earlier else sum(e for e in earlier if e)
    this = budgets.get(year)
    plan: Figure = this.amount if this is not None else NOT_COMPUTABLE
    realised = list(this.realised or []) if this is not None else []
    quarters = tuple(realised[q - 1] if q <= len(realised) else None for q in QUARTERS)
    spent = this.total() if this is not None else None
    to_date = None if spent is None else _sum(before, spent)
    return BudgetFigures(
        renstra=renstra,
        before=before,
        plan=plan,
        quarters=quarters,
        year=spent,
        capaian=None if spent is None else share(spent, plan),
        to_date=to_date,
        renstra_capaian=None if to_date is None else share(to_date, renstra),
    )


def share(part: Figure, whole: Figure) -> Figure:
    """``part`` / ``whole`` x 100; "-" where either is not a number or ``whole`` is 0."""
    if not isinstance(part, float | int) or not isinstance(whole, float | int) or whole == 0:
        return NOT_COMPUTABLE
    return part / whole * 100


def _sum(before: Figure, spent: float) -> Figure:
    return before + spent if isinstance(before, float | int) else NOT_COMPUTABLE
