"""Reading and checking a unit's sheet: each indicator's inputs, found by name.

Where each indicator's cells are is worked out once per layout and names block (a *plan*),
then used for every file of a batch made from the same blank. Typed inputs are checked and
kept as meant and as the sheet sees them; formula cells are kept for the batch's
recomputation to compare (:mod:`.batch`).
"""

from __future__ import annotations

from dataclasses import dataclass

from iku_xlsx.catalog import QUARTERS, Indicator, Kind, Unit
from iku_xlsx.checking.checks import (
    MAX_AMOUNT,
    Cell,
    CellChecker,
    TypedNumber,
    cell_text,
    check_amount,
    check_cached,
    check_quarter_pair,
    check_target,
    format_number,
    input_label,
)
from iku_xlsx.compute.records import Records, records_inputs
from iku_xlsx.contract import names
from iku_xlsx.contract.layout import sheet_layout
from iku_xlsx.contract.names import Part
from iku_xlsx.problems import Code
from iku_xlsx.reading.cells import Position, SheetCells
from iku_xlsx.reading.defined_names import Names, follow_names
from iku_xlsx.reading.gate import Book


@dataclass
class IndicatorInputs:
    """One indicator as read from its sheet: its inputs and its formula cells."""

    indicator: Indicator
    unit_id: str
    nums: list[TypedNumber]
    dens: list[TypedNumber]
    target: TypedNumber
    formulas: dict[str, Cell]  # suffix (TW1_VAL .. KATEGORI) -> the cell as read
    kendala: str | None


_NOT_REPORTED = TypedNumber(None, None)


class UnitSheetCells(SheetCells):
    """The cells of one unit sheet, with the plan of where each indicator's cells are."""

    def __init__(self, book: Book, sheet: str, plan: SheetPlan, errors: dict[str, str]):
        super().__init__(book, sheet, errors)
        self.plan = plan


@dataclass(frozen=True)
class _IndicatorPlan:
    """Where one indicator's cells are: worked out once, used for every file of a batch."""

    nums: tuple[Position, ...]
    dens: tuple[Position, ...]  # ratio indicators only
    target: Position
    formulas: tuple[tuple[str, Position], ...]  # suffix (TW1_VAL .. KATEGORI), position
    kendala: Position


@dataclass(frozen=True)
class SheetPlan:
    """Where every indicator's cells of a unit's sheet are."""

    indicators: dict[str, _IndicatorPlan]
    moved: bool  # a defined name points elsewhere than the layout: rows or columns were moved
    lost: dict[str, list[str]]  # indicator id -> its names that cannot be located (moved)


def sheet_plan(unit: Unit, sheet: str, defined: Names) -> SheetPlan:
    """Where each indicator's cells of a unit's sheet are, following its defined names."""
    positions, moved, missing = follow_names(sheet_layout(unit).names(), sheet, defined)
    plans = {}
    lost: dict[str, list[str]] = {}
    for indicator in unit.indicators:
        gone = [name for name in missing if name.startswith(names.of(indicator.id, ""))]
        if gone:
            lost[indicator.id] = gone
        else:
            plans[indicator.id] = _indicator_plan(indicator, positions)
    return SheetPlan(plans, moved, lost)


def _indicator_plan(indicator: Indicator, positions: dict[str, Position]) -> _IndicatorPlan:
    def at(suffix: str) -> Position:
        return positions[names.of(indicator.id, suffix)]

    ratio = indicator.kind is Kind.RATIO
    formulas = (
        [names.quarter_suffix(q, Part.VAL) for q in QUARTERS]
        + [names.year_suffix(Part.NUM), names.year_suffix(Part.VAL), names.CAPAIAN, names.KATEGORI]
        + ([names.year_suffix(Part.DEN)] if ratio else [])
    )
    return _IndicatorPlan(
        nums=tuple(at(names.quarter_suffix(q, Part.NUM)) for q in QUARTERS),
        dens=tuple(at(names.quarter_suffix(q, Part.DEN)) for q in QUARTERS) if ratio else (),
        target=at(names.TARGET),
        formulas=tuple((suffix, at(suffix)) for suffix in formulas),
        kendala=at(names.KENDALA),
    )


def read_indicator(
    checker: CellChecker,
    cells: UnitSheetCells,
    unit_id: str,
    indicator: Indicator,
    records: dict[str, Records],
) -> IndicatorInputs:
    """Read and check one indicator's inputs; keep its formula cells for the batch to
    compare with its recomputation."""
    plan = cells.plan.indicators[indicator.id]
    nums, dens = _quarter_inputs(checker, cells, plan, indicator, records)
    target = _target(checker, cells.at(plan.target), indicator)
    formulas = {suffix: cells.at(position) for suffix, position in plan.formulas}
    kendala = cells.at(plan.kendala).value
    return IndicatorInputs(
        indicator,
        unit_id,
        nums,
        dens or [_NOT_REPORTED] * len(QUARTERS),  # a value indicator has no denominators
        target,
        formulas,
        None if kendala is None else cell_text(kendala),
    )


def _quarter_inputs(
    checker: CellChecker,
    cells: UnitSheetCells,
    plan: _IndicatorPlan,
    indicator: Indicator,
    records: dict[str, Records],
) -> tuple[list[TypedNumber], list[TypedNumber]]:
    """The quarters' numerators and denominators: counted from the records (the formula
    cells compared), a cascade's sums as shown, or typed (each checked, a ratio's in pairs)."""
    num_cells = [cells.at(position) for position in plan.nums]
    den_cells = [cells.at(position) for position in plan.dens]
    counted = records_inputs(indicator, records) if indicator.recorded else None
    if counted is not None:  # counted from the records: compared, never read
        return _counted(checker, indicator, counted, num_cells, den_cells)
    if indicator.computed_inputs:  # a cascade's sums (or records not read): as they show
        return [_shown_amount(c) for c in num_cells], [_shown_amount(c) for c in den_cells]
    nums = [
        _amount(checker, c, indicator, "num", q) for q, c in zip(QUARTERS, num_cells, strict=True)
    ]
    dens = [
        _amount(checker, c, indicator, "den", q)
        for q, c in zip(QUARTERS[: len(den_cells)], den_cells, strict=True)
    ]
    for q in QUARTERS[: len(den_cells)]:
        check_quarter_pair(
            checker,
            indicator,
            q,
            (num_cells[q - 1], nums[q - 1]),
            (den_cells[q - 1], dens[q - 1]),
        )
    return nums, dens


def _target(checker: CellChecker, cell: Cell, indicator: Indicator) -> TypedNumber:
    """The annual target: typed (checked), or the catalog's (a changed one reported; the
    table keeps the signed target)."""
    target = checker.number(cell, input_label(indicator, "target"))
    if indicator.target is None:
        check_target(checker, cell, target, indicator)
    elif target.meant != indicator.target:  # locked by the catalog, yet changed
        checker.add(
            cell,
            Code.TARGET_CHANGED,
            f"{input_label(indicator, 'target')} "
            f"ditetapkan katalog {format_number(indicator.target)}, tetapi sel berisi "
            f"{'kosong' if target.meant is None else format_number(target.meant)}; "
            "target yang ditandatangani tidak boleh diubah",
        )
        target = TypedNumber(indicator.target, target.seen)
    return target


def _counted(
    checker: CellChecker,
    indicator: Indicator,
    counted: dict[str, float | None],
    num_cells: list[Cell],
    den_cells: list[Cell],
) -> tuple[list[TypedNumber], list[TypedNumber]]:
    """A recorded indicator's quarters as its records give them; each formula cell's cached
    result is compared with them."""
    readings: dict[Part, list[TypedNumber]] = {Part.NUM: [], Part.DEN: []}
    for part, part_cells in ((Part.NUM, num_cells), (Part.DEN, den_cells)):
        for q, cell in zip(QUARTERS[: len(part_cells)], part_cells, strict=True):
            value = counted.get(names.quarter_suffix(q, part))
            label = f"{indicator.id} {'pembilang' if part is Part.NUM else 'penyebut'} TW{q}"
            check_cached(checker, cell, value, label)
            readings[part].append(TypedNumber(value, value))
    return readings[Part.NUM], readings[Part.DEN]


def _shown_amount(cell: Cell) -> TypedNumber:
    """A formula's amount (a cascade's sum, a count of records), as its cell shows it."""
    value = cell.value
    number = (
        float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    )
    return TypedNumber(number, number)


def _amount(
    checker: CellChecker, cell: Cell, indicator: Indicator, role: str, quarter: int
) -> TypedNumber:
    """A typed amount, as meant and as the sheet sees it; checked."""
    value = cell.value
    # The usual cell: empty, or a plain number that passes every check. Only the rest pays
    # for a label and the full checks.
    if value is None:
        return _NOT_REPORTED
    if (
        type(value) is float
        and 0 <= value <= MAX_AMOUNT
        and indicator.valid_range is None
        and (value.is_integer() or not indicator.whole_inputs)
    ):
        return TypedNumber(value, value)
    label = input_label(indicator, role, quarter)
    reading = checker.number(cell, label)
    check_amount(checker, cell, reading, indicator, label)
    return reading
