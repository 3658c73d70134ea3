"""Reading and checking a unit's sheet: each indicator's inputs, found by name.

Where each indicator's cells are is worked out once per layout and names block (a *plan*),
then used for every file of a batch made from the same blank. Typed inputs are checked and
kept as meant and as the sheet sees them; formula cells are kept for the batch's
recomputation to compare (:mod:`.batch`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iku_xlsx.catalog import QUARTERS, Aggregation, Indicator, Kind, Unit
from iku_xlsx.checking.checks import (
    MAX_AMOUNT,
    QUARTER_NAMES,
    Cell,
    CellChecker,
    TypedNumber,
    cell_text,
    check_amount,
    check_amounts,
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
from iku_xlsx.gate import Book
from iku_xlsx.problems import Code
from iku_xlsx.reading.cells import Position, SheetCells
from iku_xlsx.reading.defined_names import Names, follow_names

# The quarter-to-date cells that are always formulas (a target to date only sometimes is).
FORMULAS_TO_DATE = (Part.TODATE, Part.CAPAIAN)


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
    quarter_targets: list[TypedNumber]  # the targets to date given or typed (else none)
    columns: dict[str, object]  # what compute() needs of the indicator and its catalog
    year: int
    cascade_cells: list[tuple[Cell, Cell | None]] = field(default_factory=list)  # per quarter

    def typed_targets(self) -> list[float | None]:
        """The targets to date the unit typed (none where the catalog gives them)."""
        if self.indicator.quarter_targets_for(self.year):
            return [None] * len(QUARTERS)
        return [reading.meant for reading in self.quarter_targets]


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
    quarter_targets: tuple[Position, ...]  # layout version 2 on: the targets to date


@dataclass(frozen=True)
class SheetPlan:
    """Where every indicator's cells of a unit's sheet are."""

    indicators: dict[str, _IndicatorPlan]
    moved: bool  # a defined name points elsewhere than the layout: rows or columns were moved
    lost: dict[str, list[str]]  # indicator id -> its names that cannot be located (moved)


def sheet_plan(unit: Unit, version: int, sheet: str, defined: Names) -> SheetPlan:
    """Where each indicator's cells of a unit's sheet (of layout ``version``) are, following
    its defined names."""
    layout = sheet_layout(unit, version)
    positions, moved, missing = follow_names(layout.names(), sheet, defined)
    plans = {}
    lost: dict[str, list[str]] = {}
    for indicator in unit.indicators:
        gone = [name for name in missing if name.startswith(names.of(indicator.id, ""))]
        if gone:
            lost[indicator.id] = gone
        else:
            plans[indicator.id] = _indicator_plan(indicator, positions, version >= 2)
    return SheetPlan(plans, moved, lost)


def _indicator_plan(
    indicator: Indicator, positions: dict[str, Position], to_date: bool
) -> _IndicatorPlan:
    def at(suffix: str) -> Position:
        return positions[names.of(indicator.id, suffix)]

    ratio = indicator.kind is Kind.RATIO
    formulas = (
        [names.quarter_suffix(q, Part.VAL) for q in QUARTERS]
        + [names.year_suffix(Part.NUM), names.year_suffix(Part.VAL), names.CAPAIAN, names.KATEGORI]
        + ([names.year_suffix(Part.DEN)] if ratio else [])
    )
    if to_date:
        formulas += [names.quarter_suffix(q, part) for part in FORMULAS_TO_DATE for q in QUARTERS]
    targets = [names.quarter_suffix(q, Part.TARGET) for q in QUARTERS] if to_date else []
    return _IndicatorPlan(
        nums=tuple(at(names.quarter_suffix(q, Part.NUM)) for q in QUARTERS),
        dens=tuple(at(names.quarter_suffix(q, Part.DEN)) for q in QUARTERS) if ratio else (),
        target=at(names.TARGET),
        formulas=tuple((suffix, at(suffix)) for suffix in formulas),
        kendala=at(names.KENDALA),
        quarter_targets=tuple(at(suffix) for suffix in targets),
    )


def read_indicator(
    checker: CellChecker,
    cells: UnitSheetCells,
    unit_id: str,
    indicator: Indicator,
    records: dict[str, Records],
    year: int,
    columns: dict[str, object],
) -> IndicatorInputs:
    """Read and check one indicator's inputs (the workbook being of ``year``); keep its
    formula cells for the batch to compare with its recomputation."""
    plan = cells.plan.indicators[indicator.id]
    nums, dens = _quarter_inputs(checker, cells, plan, indicator, records)
    target = _target(checker, cells.at(plan.target), indicator, year)
    formulas = {suffix: cells.at(position) for suffix, position in plan.formulas}
    quarter_targets = _quarter_targets(checker, cells, plan, indicator, year, formulas)
    kendala = cells.at(plan.kendala).value
    cascade_cells = (
        [
            (cells.at(num), cells.at(plan.dens[q]) if plan.dens else None)
            for q, num in enumerate(plan.nums)
        ]
        if indicator.derived_from
        else []
    )
    return IndicatorInputs(
        indicator,
        unit_id,
        nums,
        dens or [_NOT_REPORTED] * len(QUARTERS),  # a value indicator has no denominators
        target,
        formulas,
        None if kendala is None else cell_text(kendala),
        quarter_targets,
        columns,
        year,
        cascade_cells=cascade_cells,
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
    if indicator.aggregation is Aggregation.CUMULATIVE:
        check_amounts(
            checker,
            indicator,
            list(zip(num_cells, nums, strict=True)),
            list(zip(den_cells, dens, strict=True)),
        )
    return nums, dens


def _target(checker: CellChecker, cell: Cell, indicator: Indicator, year: int) -> TypedNumber:
    """The annual target: typed (checked), or the catalog's (a changed one reported; the
    table keeps the signed target)."""
    target = checker.number(cell, input_label(indicator, "target"))
    signed = indicator.target_for(year)
    if signed is None:
        check_target(checker, cell, target, indicator, input_label(indicator, "target"))
        return target
    return _fixed(checker, cell, target, signed, input_label(indicator, "target"))


def _fixed(
    checker: CellChecker, cell: Cell, found: TypedNumber, signed: float, label: str
) -> TypedNumber:
    """A target the catalog fixes (locked), as signed; one changed after removing the
    protection is an error."""
    if found.meant != signed:
        checker.add(
            cell,
            Code.TARGET_CHANGED,
            f"{label} ditetapkan katalog {format_number(signed)}, tetapi sel berisi "
            f"{'kosong' if found.meant is None else format_number(found.meant)}; "
            "target yang ditandatangani tidak boleh diubah",
        )
    return TypedNumber(signed, found.seen)


def _quarter_targets(
    checker: CellChecker,
    cells: UnitSheetCells,
    plan: _IndicatorPlan,
    indicator: Indicator,
    year: int,
    formulas: dict[str, Cell],
) -> list[TypedNumber]:
    """The targets to date (layout version 2): the catalog's Rencana Aksi (locked, checked
    unchanged), or typed by the unit where the year's annual target is its to type
    (checked; empty is allowed), else none of its own (a formula giving the annual target,
    compared with the rest)."""
    if not plan.quarter_targets:
        return [_NOT_REPORTED] * len(QUARTERS)
    target_cells = [cells.at(position) for position in plan.quarter_targets]
    signed = indicator.quarter_targets_for(year)
    labels = [f"{indicator.id} target s.d. {QUARTER_NAMES[q]}" for q in QUARTERS]
    found = [checker.number(cell, label) for cell, label in zip(target_cells, labels, strict=True)]
    if signed:
        return [
            _fixed(checker, cell, value, signed[q], labels[q])
            for q, (cell, value) in enumerate(zip(target_cells, found, strict=True))
        ]
    if indicator.target_for(year) is None:  # typed by the unit, as its annual target
        for cell, value, label in zip(target_cells, found, labels, strict=True):
            check_target(checker, cell, value, indicator, label, required=False)
        return found
    if indicator.kind is not Kind.COUNT:  # the annual target, by a formula: compared
        formulas.update(
            (names.quarter_suffix(q, Part.TARGET), cell)
            for q, cell in zip(QUARTERS, target_cells, strict=True)
        )
    return [_NOT_REPORTED] * len(QUARTERS)


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


def resum_cascades(read: list[IndicatorInputs], checker: CellChecker) -> None:
    """A cascade whose sources are all in this workbook (a combined or a consolidated one):
    its quarters summed again from its sources as read, never taken as its cells show them;
    a cell showing another sum is reported (its formula typed over, or not recalculated)."""
    by_id = {item.indicator.id: item for item in read}
    for item in read:  # in the catalog's order: a cascade may feed another
        derived = item.indicator.derived_from
        if not derived or not all(source in by_id for source in derived):
            continue  # a unit's own file: its sources are in the other units' files
        sources = [by_id[source] for source in derived]
        for q, (num_cell, den_cell) in enumerate(item.cascade_cells):
            figures = [source.nums[q] for source in sources]
            _resum(checker, item, q, "pembilang", num_cell, item.nums, figures)
            if den_cell is not None:
                figures = [source.dens[q] for source in sources]
                _resum(checker, item, q, "penyebut", den_cell, item.dens, figures)


def _resum(
    checker: CellChecker,
    item: IndicatorInputs,
    q: int,
    role: str,
    cell: Cell,
    amounts: list[TypedNumber],
    figures: list[TypedNumber],
) -> None:
    """One quarter's sum of its sources' figures (empty when none reported), in place."""
    reported = [figure.meant for figure in figures if figure.meant is not None]
    total = float(sum(reported)) if reported else None
    label = f"{item.indicator.id} {role} {QUARTER_NAMES[q + 1]} (jumlah indikator sumbernya)"
    check_cached(checker, cell, total, label)
    amounts[q] = TypedNumber(total, total)
