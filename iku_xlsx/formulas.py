"""The live formulas of an indicator block, as Excel 2007-compatible formula text.

Only IF, COUNT, SUM, SUMPRODUCT, ISNUMBER, MAX and ROUND are used: nothing that needs the
``_xlfn.`` prefix. A quarter or year that cannot be computed shows "" (nothing reported) or
"-" (a zero denominator or target), never ``#DIV/0!``. Text typed where a number belongs is
treated as not reported (COUNT and ISNUMBER skip it); the reader reports it.
"""

from __future__ import annotations

from iku_xlsx.catalog import QUARTERS, Aggregation, Kind, Polarity
from iku_xlsx.layout import Col, IndicatorBlock, Part, cell_name, quarter_col
from iku_xlsx.rules import CATEGORIES, CATEGORY_DECIMALS, NOT_COMPUTABLE

DASH = f'"{NOT_COMPUTABLE}"'


def block_formulas(block: IndicatorBlock) -> dict[tuple[int, int], str]:
    """Every formula of one indicator block, keyed by (row, col)."""
    indicator = block.indicator
    ratio = indicator.kind is Kind.RATIO
    num_row = block.row(Part.NUM)
    den_row = block.row(Part.DEN) if ratio else None
    val_row = block.row(Part.VAL)
    formulas: dict[tuple[int, int], str] = {}

    for quarter in QUARTERS:
        col = quarter_col(quarter)
        num = cell_name(num_row, col)
        if not ratio:
            formulas[(val_row, col)] = "=" + _reported(num)
            continue
        realised = num
        if indicator.aggregation is Aggregation.CUMULATIVE:
            # realisation to date (the quarters' amounts summed) over this quarter's amount
            realised = f"SUM({cell_name(num_row, Col.TW1)}:{num})"
        formulas[(val_row, col)] = "=" + _percentage(num, cell_name(den_row, col), realised)

    year_num, year_den = _year_inputs(block)
    formulas[block.year(Part.NUM)] = "=" + year_num
    y_num = cell_name(*block.year(Part.NUM))
    if ratio:
        formulas[block.year(Part.DEN)] = "=" + year_den
        year_value = _percentage(y_num, cell_name(*block.year(Part.DEN)), y_num)
    else:
        year_value = _reported(y_num)
    formulas[block.year(Part.VAL)] = "=" + year_value

    target = cell_name(*block.target)
    year = cell_name(*block.year(Part.VAL))
    if indicator.polarity is Polarity.LOWER:
        achieved = f"MAX(0,(2*{target}-{year})/{target}*100)"
    else:
        achieved = f"{year}/{target}*100"
    formulas[block.capaian] = (
        f"=IF(COUNT({target},{year})<2,{DASH},IF({target}=0,{DASH},{achieved}))"
    )
    formulas[block.kategori] = "=" + _category_formula(cell_name(*block.capaian))
    return formulas


def _percentage(num: str, den: str, realised: str) -> str:
    """realised / den x 100 once num and den are both numbers; "-" for a zero denominator."""
    return f'IF(COUNT({num},{den})<2,"",IF({den}=0,{DASH},{realised}/{den}*100))'


def _reported(cell: str) -> str:
    """The cell's number, or "" when it holds none (empty, or text typed where a number goes)."""
    return f'IF(COUNT({cell})=0,"",{cell})'


def _year_inputs(block: IndicatorBlock) -> tuple[str, str]:
    """The year's numerator and denominator (denominator '' for count and value)."""
    indicator = block.indicator
    nums = [cell_name(block.row(Part.NUM), quarter_col(q)) for q in QUARTERS]
    if indicator.kind is not Kind.RATIO:
        if indicator.aggregation is Aggregation.STOCK:
            return _latest([(f"COUNT({n})=1", n) for n in nums]), ""
        return f'IF(COUNT({nums[0]}:{nums[-1]})=0,"",SUM({nums[0]}:{nums[-1]}))', ""

    dens = [cell_name(block.row(Part.DEN), quarter_col(q)) for q in QUARTERS]
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
    if indicator.aggregation is Aggregation.STOCK:
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


def _category_formula(capaian: str) -> str:
    compared = f"ROUND({capaian},{CATEGORY_DECIMALS})"  # without floating-point noise
    formula = f'"{CATEGORIES[-1][1]}"'
    for lowest, name in reversed(CATEGORIES[:-1]):
        formula = f'IF({compared}>={lowest:g},"{name}",{formula})'
    return f"IF(COUNT({capaian})=0,{DASH},{formula})"
