"""The live formulas of an indicator block, as Excel 2007-compatible formula text.

Only IF, AND, COUNT, COUNTA, COUNTIF(S), SUM, SUMPRODUCT, ISNUMBER, MAX, ROUND and DATE are
used: nothing that needs the ``_xlfn.`` prefix. A quarter or year that cannot be computed
shows "" (nothing reported) or "-" (a zero denominator or target), never ``#DIV/0!``. Text
typed where a number belongs is treated as not reported (COUNT and ISNUMBER skip it); the
reader reports it.
"""

from __future__ import annotations

import datetime as dt

from iku_xlsx.catalog import (
    QUARTERS,
    Aggregation,
    Amounts,
    IkmRole,
    Indicator,
    Kind,
    LowerRule,
    Polarity,
    Rules,
    ZeroTarget,
    quarter_start,
)
from iku_xlsx.contract import names
from iku_xlsx.contract.layout import IndicatorBlock, cell_name, quarter_col
from iku_xlsx.contract.names import Part
from iku_xlsx.contract.records_layout import (
    LAST_QUARTER_CELL,
    ChecklistLayout,
    DesaLayout,
    SurveyLayout,
    column_range,
)
from iku_xlsx.rules import (
    CATEGORY_DECIMALS,
    IKM_SCALE,
    IKM_UNSUR_COUNT,
    KM_CHI_SQUARE,
    KM_MARGIN,
    KM_P,
    MUTU,
    MUTU_DECIMALS,
    NOT_COMPUTABLE,
)

DASH = f'"{NOT_COMPUTABLE}"'


def block_formulas(block: IndicatorBlock, rules: Rules) -> dict[tuple[int, int], str]:
    """Every formula of one indicator block, keyed by (row, col): each quarter's realisation,
    the year's, the capaian and kategori, then (layout version 2) the quarter to date."""
    formulas = _quarter_values(block)
    formulas.update(_year_values(block))
    target, year = cell_name(*block.target), cell_name(*block.year(Part.VAL))
    formulas[block.capaian] = capaian_of(year, target, block.indicator.polarity, rules)
    formulas[block.kategori] = "=" + _category_formula(cell_name(*block.capaian), rules.bands())
    if block.to_date:
        formulas.update(_to_date(block, rules))
    return formulas


def _cells(block: IndicatorBlock, part: Part) -> list[str]:
    """A part's four quarter cells ('J12', 'K12', ...)."""
    return [cell_name(block.row(part), quarter_col(q)) for q in QUARTERS]


def _quarter_values(block: IndicatorBlock) -> dict[tuple[int, int], str]:
    """Each quarter's realisation: its figure, or (a ratio) numerator over denominator, a
    cumulative ratio's numerators summed to date unless they are typed to date."""
    indicator = block.indicator
    nums = _cells(block, Part.NUM)
    val_row = block.row(Part.VAL)
    formulas = {}
    for q in QUARTERS:
        col = quarter_col(q)
        if indicator.kind is not Kind.RATIO:
            formulas[(val_row, col)] = "=" + _reported(nums[q - 1])
            continue
        den = cell_name(block.row(Part.DEN), col)
        realised = nums[q - 1]
        if _summed_to_date(indicator):
            realised = f"SUM({nums[0]}:{nums[q - 1]})"
        formulas[(val_row, col)] = "=" + _percentage(nums[q - 1], den, realised, indicator.scale)
    return formulas


def _summed_to_date(indicator: Indicator) -> bool:
    """A cumulative ratio whose quarters' own amounts are typed: summed to date."""
    return indicator.aggregation is Aggregation.CUMULATIVE and indicator.amounts is Amounts.QUARTER


def _year_values(block: IndicatorBlock) -> dict[tuple[int, int], str]:
    """The year's numerator, denominator (a ratio) and realisation."""
    year_num, year_den = _year_inputs(block)
    formulas = {block.year(Part.NUM): "=" + year_num}
    y_num = cell_name(*block.year(Part.NUM))
    if block.indicator.kind is Kind.RATIO:
        formulas[block.year(Part.DEN)] = "=" + year_den
        y_den = cell_name(*block.year(Part.DEN))
        year_value = _percentage(y_num, y_den, y_num, block.indicator.scale)
    else:
        year_value = _reported(y_num)
    formulas[block.year(Part.VAL)] = "=" + year_value
    return formulas


def _to_date(block: IndicatorBlock, rules: Rules) -> dict[tuple[int, int], str]:
    """Each quarter to date: the realisation (the year's rule over quarters 1..q, once
    quarter q is reported) and its capaian against the target to date (the quarter's
    target, else the annual one for a ratio or value; none for a count)."""
    indicator = block.indicator
    todate_row, capaian_row = block.row(Part.TODATE), block.row(Part.CAPAIAN)
    targets = _cells(block, Part.TARGET)
    annual = cell_name(*block.target)
    fallback = annual if indicator.kind is not Kind.COUNT else '""'
    formulas = {}
    for q in QUARTERS:
        col = quarter_col(q)
        todate = cell_name(todate_row, col)
        formulas[(todate_row, col)] = "=" + _realised_to_date(block, q)
        target = f"IF(COUNT({targets[q - 1]})=1,{targets[q - 1]},{fallback})"
        achieved = capaian(todate, target, indicator.polarity, rules)
        formulas[(capaian_row, col)] = (
            f'=IF({todate}="","",IF(COUNT({todate},{target})<2,{DASH},{achieved}))'
        )
    return formulas


def _realised_to_date(block: IndicatorBlock, q: int) -> str:
    """Quarter q's realisation to date, "" until quarter q is reported: a flow's sums over
    quarters 1..q (a ratio's numerators over its denominators, quarters with both), else
    (a position, a cumulative ratio) the quarter's own realisation."""
    indicator = block.indicator
    nums = _cells(block, Part.NUM)
    value = cell_name(block.row(Part.VAL), quarter_col(q))
    if indicator.aggregation is not Aggregation.FLOW:
        return value  # already "" until reported, "-" for a zero denominator
    if indicator.kind is not Kind.RATIO:
        return f'IF(COUNT({nums[q - 1]})=0,"",SUM({nums[0]}:{nums[q - 1]}))'
    dens = _cells(block, Part.DEN)
    num_range, den_range = f"{nums[0]}:{nums[q - 1]}", f"{dens[0]}:{dens[q - 1]}"
    summed_num = f"SUMPRODUCT(--ISNUMBER({den_range}),{num_range})"
    summed_den = f"SUMPRODUCT(--ISNUMBER({num_range}),{den_range})"
    realised = _percentage(nums[q - 1], dens[q - 1], summed_num, indicator.scale, summed_den)
    return realised


def target_of_year(annual: str) -> str:
    """A target to date that is the annual target (a ratio or value without quarter targets)."""
    return "=" + _reported(annual)


def capaian(value: str, target: str, polarity: Polarity, rules: Rules) -> str:
    """The capaian of a realisation against a target, both numbers: higher is better,
    value / target x 100; lower is better, as the catalog's rules say; a target of 0 is not
    computable, unless the rules say a lower-is-better 0 is met by a realisation of 0."""
    if polarity is Polarity.HIGHER:
        return f"IF({target}=0,{DASH},{value}/{target}*100)"
    if rules.lower_is_better is LowerRule.TWICE_TARGET:
        achieved = f"MAX(0,(2*{target}-{value})/{target}*100)"
    else:
        achieved = f"IF({value}=0,{DASH},{target}/{value}*100)"
    zero = DASH
    if rules.lower_zero_target is ZeroTarget.FULL_IF_ZERO:
        zero = f"IF({value}=0,100,0)"
    return f"IF({target}=0,{zero},{achieved})"


def capaian_of(value: str, target: str, polarity: Polarity, rules: Rules) -> str:
    """The formula of a capaian cell: "-" unless the realisation and the target are both
    numbers, then :func:`capaian`."""
    achieved = capaian(value, target, polarity, rules)
    return f"=IF(COUNT({target},{value})<2,{DASH},{achieved})"


def progress(value: str, baseline: str, end: str) -> str:
    """The share of the way from the baseline to the end target covered, in percent: "-"
    unless all three are numbers and the end differs from the baseline."""
    share = f"({value}-{baseline})/({end}-{baseline})*100"
    return f"=IF(COUNT({value},{baseline},{end})<3,{DASH},IF({end}={baseline},{DASH},{share}))"


def reference(name: str) -> str:
    """A cell showing another: its number, or its text ("-", or "" while nothing is
    reported)."""
    return f'=IF(ISNUMBER({name}),{name},{name}&"")'


def cascade_sum(cells: list[str]) -> str:
    """A cascade's quarter input: the sum of its sources' cells, "" when none reported."""
    listed = ",".join(cells)
    return f'=IF(COUNT({listed})=0,"",SUM({listed}))'


def _percentage(num: str, den: str, realised: str, scale: int, over: str | None = None) -> str:
    """``realised`` over ``over`` (default: ``den``) x scale once num and den are both
    numbers; "-" for a zero denominator."""
    over = over or den
    return f'IF(COUNT({num},{den})<2,"",IF({over}=0,{DASH},{realised}/{over}*{scale}))'


def _reported(cell: str) -> str:
    """The cell's number, or "" when it holds none (empty, or text typed where a number goes)."""
    return f'IF(COUNT({cell})=0,"",{cell})'


def _year_inputs(block: IndicatorBlock) -> tuple[str, str]:
    """The year's numerator and denominator (denominator '' for count and value)."""
    indicator = block.indicator
    nums = _cells(block, Part.NUM)
    if indicator.kind is not Kind.RATIO:
        if indicator.aggregation is Aggregation.STOCK:
            return _latest([(f"COUNT({n})=1", n) for n in nums]), ""
        return f'IF(COUNT({nums[0]}:{nums[-1]})=0,"",SUM({nums[0]}:{nums[-1]}))', ""

    dens = _cells(block, Part.DEN)
    complete = [f"COUNT({n},{d})=2" for n, d in zip(nums, dens, strict=True)]
    if indicator.aggregation is Aggregation.FLOW:
        # a quarter counts only when both its numerator and denominator are numbers
        num_range, den_range = f"{nums[0]}:{nums[-1]}", f"{dens[0]}:{dens[-1]}"
        reported = f"SUMPRODUCT(ISNUMBER({num_range})*ISNUMBER({den_range}))"
        return (
            f'IF({reported}=0,"",SUMPRODUCT(--ISNUMBER({den_range}),{num_range}))',
            f'IF({reported}=0,"",SUMPRODUCT(--ISNUMBER({num_range}),{den_range}))',
        )
    latest_den = _latest(list(zip(complete, dens, strict=True)))
    if indicator.aggregation is Aggregation.STOCK or not _summed_to_date(indicator):
        # a position, or amounts typed to date: the latest complete quarter's
        return _latest(list(zip(complete, nums, strict=True))), latest_den
    # cumulative: everything realised up to the latest complete quarter, over its amount
    to_date = [f"SUM({nums[0]}:{n})" for n in nums]
    return _latest(list(zip(complete, to_date, strict=True))), latest_den


def _latest(choices: list[tuple[str, str]]) -> str:
    """IF(cond4,value4,IF(cond3,value3,...,"")): the latest quarter whose condition holds."""
    formula = '""'
    for condition, value in choices:
        formula = f"IF({condition},{value},{formula})"
    return formula


def _category_formula(capaian: str, bands: tuple[tuple[float, str], ...]) -> str:
    compared = f"ROUND({capaian},{CATEGORY_DECIMALS})"  # without floating-point noise
    formula = text_literal(bands[-1][1])
    for lowest, name in reversed(bands[:-1]):
        formula = f"IF({compared}>={lowest:g},{text_literal(name)},{formula})"
    return f"IF(COUNT({capaian})=0,{DASH},{formula})"


def text_literal(text: str) -> str:
    """A text as a formula literal: "Sangat Tinggi" (its quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


# --- records: checklists, desa records, the IKM survey ----------------------------------------


def date_literal(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def _next_quarter_start(year: int, quarter: int) -> str:
    """The first day after a quarter (DATE takes month 13 as January of the next year): dates
    are compared with "before this", so a time of day on the last day still counts."""
    return f"DATE({year},{3 * quarter + 1},1)"


def _up_to(last: str, quarter: int, counted: str) -> str:
    """``counted`` for a quarter up to the last one reported (the records' quarter input)."""
    return f'=IF(COUNT({last})=0,"",IF({last}<{quarter},"",{counted}))'


def checklist_inputs(layout: ChecklistLayout, year: int) -> dict[str, str]:
    """Each quarter's denominator (items due in it) and numerator (those submitted on or before
    their due date), keyed by suffix ('TW1_NUM', 'TW1_DEN', ...)."""
    due, done = layout.column(layout.DUE), layout.column(layout.DONE)
    last = layout.absolute(LAST_QUARTER_CELL)
    formulas = {}
    for q in QUARTERS:
        in_quarter = (
            f"({due}>={date_literal(quarter_start(year, q))})"
            f"*({due}<{_next_quarter_start(year, q)})"
        )
        formulas[names.quarter_suffix(q, Part.DEN)] = _up_to(last, q, f"SUMPRODUCT({in_quarter})")
        formulas[names.quarter_suffix(q, Part.NUM)] = _up_to(
            last, q, f"SUMPRODUCT({in_quarter}*ISNUMBER({done})*({done}<{due}+1))"
        )
    return formulas


def checklist_status(due: str, done: str) -> str:
    """An item's status: on time, late, not yet submitted, or not a date."""
    return (
        f'=IF({done}="","Belum",IF(ISNUMBER({done}),'
        f'IF({done}<{due}+1,"Tepat waktu","Terlambat"),"Bukan tanggal"))'
    )


def desa_count_inputs(layout: DesaLayout, year: int) -> dict[str, str]:
    """Each quarter's count: the record dates that fall in it."""
    dates, last = layout.dates(), layout.absolute(LAST_QUARTER_CELL)
    return {
        names.quarter_suffix(q, Part.NUM): _up_to(
            last,
            q,
            f'COUNTIFS({dates},">="&{date_literal(quarter_start(year, q))},'
            f'{dates},"<"&{_next_quarter_start(year, q)})',
        )
        for q in QUARTERS
    }


def desa_complete_flag(layout: DesaLayout, desa: int, quarter: int, year: int) -> str:
    """1 when every document due by the quarter's end is in, dated before the next quarter."""
    first, last = layout.document_col(1), layout.document_col(layout.documents)
    due = f"{cell_name(layout.DUE_ROW, first, True)}:{cell_name(layout.DUE_ROW, last, True)}"
    row = layout.row(desa)
    dates = f"{cell_name(row, first)}:{cell_name(row, last)}"
    arrived = (
        f"SUMPRODUCT(({due}<={quarter})*ISNUMBER({dates})"
        f"*({dates}<{_next_quarter_start(year, quarter)}))"
    )
    return f'=IF({arrived}=COUNTIF({due},"<="&{quarter}),1,0)'


def desa_complete_inputs(layout: DesaLayout) -> dict[str, str]:
    """The desa whose documents due so far are all in, over all desa, per quarter."""
    last = layout.absolute(LAST_QUARTER_CELL)
    desa = column_range(layout.sheet_name, layout.DESA, layout.FIRST_ROW, layout.last_row)
    formulas = {}
    for q in QUARTERS:
        complete = column_range(
            layout.sheet_name, layout.complete_col(q), layout.FIRST_ROW, layout.last_row
        )
        formulas[names.quarter_suffix(q, Part.NUM)] = _up_to(last, q, f"SUM({complete})")
        formulas[names.quarter_suffix(q, Part.DEN)] = _up_to(last, q, f"COUNTA({desa})")
    return formulas


def survey_row(layout: SurveyLayout, service: int) -> dict[int, str]:
    """A service's minimum sample, score total, IKM and mutu, keyed by column."""
    row = layout.row(service)
    population = cell_name(row, layout.POPULATION)
    respondents = cell_name(row, layout.RESPONDENTS)
    scores = f"{cell_name(row, layout.unsur_col(1))}:{cell_name(row, layout.unsur_col(9))}"
    spread = f"{KM_CHI_SQUARE}*{KM_P}*{1 - KM_P}"
    nilai = cell_name(row, layout.IKM)
    return {
        layout.SAMPLE: f'=IF(COUNT({population})=0,"",ROUND({spread}*{population}'
        f"/({KM_MARGIN}^2*({population}-1)+{spread}),0))",
        layout.TOTAL: f'=IF(COUNT({scores})=0,"",SUM({scores}))',
        layout.IKM: f"=IF(AND(COUNT({respondents})=1,COUNT({scores})={IKM_UNSUR_COUNT}),"
        f'IF({respondents}>0,SUM({scores})/{respondents}/{IKM_UNSUR_COUNT}*{IKM_SCALE},""),"")',
        layout.MUTU: _mutu_formula(nilai),
    }


def survey_pooled(layout: SurveyLayout) -> dict[int, str]:
    """All respondents pooled, over the services whose IKM could be computed."""
    complete = f"--ISNUMBER({layout.column(layout.IKM)})"
    respondents = f"SUMPRODUCT({complete},{layout.column(layout.RESPONDENTS)})"
    total = f"SUMPRODUCT({complete},{layout.column(layout.TOTAL)})"
    nilai = cell_name(layout.pooled_row, layout.IKM)
    return {
        layout.RESPONDENTS: f"={respondents}",
        layout.IKM: f'=IF({respondents}=0,"",{total}/{respondents}/{IKM_UNSUR_COUNT}*{IKM_SCALE})',
        layout.MUTU: _mutu_formula(nilai),
    }


def survey_inputs(layout: SurveyLayout, indicator: Indicator) -> dict[str, str]:
    """CAMAT_1 (the pooled IKM) or CAMAT_2 (services reaching the minimum over services with an
    IKM), reported in the quarter the survey was held."""
    held = layout.absolute(layout.QUARTER_CELL)
    nilai = layout.column(layout.IKM)
    pooled = layout.absolute((layout.pooled_row, layout.IKM))
    formulas = {}
    for q in QUARTERS:

        def when(counted: str, q: int = q) -> str:
            return f'=IF(COUNT({held})=0,"",IF({held}<>{q},"",IF(COUNT({nilai})=0,"",{counted})))'

        num, den = names.quarter_suffix(q, Part.NUM), names.quarter_suffix(q, Part.DEN)
        if indicator.ikm is IkmRole.INDEX:
            formulas[num] = when(pooled)
        else:
            formulas[num] = when(f'COUNTIF({nilai},">="&{indicator.ikm_minimum:g})')
            formulas[den] = when(f"COUNT({nilai})")
    return formulas


def _mutu_formula(nilai: str) -> str:
    compared = f"ROUND({nilai},{MUTU_DECIMALS})"
    formula = f'"{MUTU[-1][1]}"'
    for lowest, name in reversed(MUTU[:-1]):
        formula = f'IF({compared}>={lowest:g},"{name}",{formula})'
    return f'=IF(COUNT({nilai})=0,"",{formula})'
