"""The Evaluasi hasil Renja sheet: the form of Permendagri 86/2017 for the year, per indicator,
in kinerja (K) and, where the catalog gives budgets, in rupiah (Rp).

Its groups of columns, in the form's order: the Renstra's end-of-period target; the Renstra's
realisation up to last year; this year's Renja target; the realisation of TW I to TW IV; the
Renja's realisation and its achievement; the Renstra's realisation up to this year and its
achievement. The kinerja cells refer to the cells that hold the figures (the unit sheets'
names, the Capaian Tahunan's): the Renstra's end target is a condition to reach by its last
year ("kondisi kinerja akhir periode"), so its realisation up to a year is that year's
realisation, last year's up to last year. The rupiah cells of each budgeted indicator are
named: the budgets and quarters' spending as the catalog gives them, the sums and shares as
formulas over them (:mod:`iku_xlsx.compute.budget` computes the same).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import QUARTERS, Catalog
from iku_xlsx.compute.budget import BudgetFigures, budget_figures
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part
from iku_xlsx.reports.rekap import figure_style, target_style, write_heading
from iku_xlsx.reports.signing import QUARTER_NUMERALS
from iku_xlsx.reports.years import IndicatorYear, sasaran_runs
from iku_xlsx.rules import NOT_COMPUTABLE
from iku_xlsx.writer.cells import define_names, merge, write_value
from iku_xlsx.writer.formulas import DASH, reference
from iku_xlsx.writer.printing import (
    DEFAULT_ROW_HEIGHT,
    HEADING_LINE_HEIGHT,
    pages_tall_for,
    row_height,
    set_page,
)
from iku_xlsx.writer.styles import Styles

RENJA_SHEET = "Evaluasi Renja"
TITLE = "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH (PERMENDAGRI 86/2017)"
GROUP_ROW, KR_ROW, NUMBERING_ROW, FIRST_ROW = 5, 6, 7, 8
TEXTS = (("NO", 4), ("SASARAN", 22), ("INDIKATOR KINERJA", 32), ("SATUAN", 8))
RESPONSIBLE = ("UNIT PENANGGUNG JAWAB", 18)
K_WIDTH, RP_WIDTH = 9, 13


@dataclass(frozen=True)
class Group:
    """A group of the form's columns: its header, and what its K and Rp cells hold."""

    title: str
    kinerja: str  # the suffix of the name of the cell its K cell shows (names.TARGET, ...)
    rupiah: str  # the rupiah part (names.RUPIAH_PARTS)
    share: bool = False  # a percentage


def groups(year: int, budgets: bool) -> list[Group]:
    """The form's groups for ``year``; ``budgets``: whether they are of kinerja and rupiah."""
    money = " DAN ANGGARAN" if budgets else ""
    return [
        Group(f"TARGET KINERJA{money} RENSTRA PADA AKHIR PERIODE", names.RENSTRA_TARGET, "RENSTRA"),
        Group(
            f"REALISASI CAPAIAN KINERJA{money} RENSTRA S.D. RENJA TAHUN LALU ({year - 1})",
            names.PREVIOUS_VAL,
            "BEFORE",
        ),
        Group(f"TARGET KINERJA{money} RENJA TAHUN {year}", names.TARGET, "PAGU"),
        *(
            Group(
                f"REALISASI KINERJA{money} TRIWULAN {QUARTER_NUMERALS[q - 1]}",
                names.quarter_suffix(q, Part.VAL),
                f"TW{q}",
            )
            for q in QUARTERS
        ),
        Group(
            f"REALISASI CAPAIAN KINERJA{money} RENJA TAHUN {year}",
            names.year_suffix(Part.VAL),
            "YEAR",
        ),
        Group(
            f"TINGKAT CAPAIAN KINERJA{money} RENJA TAHUN {year} (%)",
            names.CAPAIAN,
            "CAPAIAN",
            share=True,
        ),
        Group(
            f"REALISASI KINERJA{money} RENSTRA S.D. TAHUN {year}",
            names.year_suffix(Part.VAL),
            "TODATE",
        ),
        Group(
            f"TINGKAT CAPAIAN KINERJA{money} RENSTRA S.D. TAHUN {year} (%)",
            names.RENSTRA_CAPAIAN,
            "RENSTRA_CAPAIAN",
            share=True,
        ),
    ]


def write_renja(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    indicators: Sequence[IndicatorYear],
) -> None:
    """The form: headers, a row per indicator (its sasaran merged over its rows), printed
    one page wide."""
    budgets = {
        item.indicator.id: budget_figures(item.indicator, catalog.year) for item in indicators
    }
    with_rupiah = any(figures is not None for figures in budgets.values())
    form = groups(catalog.year, with_rupiah)
    per_group = 2 if with_rupiah else 1
    width = len(TEXTS) + len(form) * per_group + 1
    write_heading(sheet, styles, catalog, TITLE, width)
    heights = [HEADING_LINE_HEIGHT] * GROUP_ROW + _write_headers(sheet, styles, form, per_group)
    named: dict[str, tuple[int, int]] = {}
    for k, item in enumerate(indicators):
        r = FIRST_ROW + k
        _write_texts(sheet, styles, r, item)
        for g, group in enumerate(form):
            col = len(TEXTS) + g * per_group
            _write_kinerja(sheet, styles, r, col, item, group)
            if with_rupiah:
                named.update(_write_rupiah(sheet, styles, r, col + 1, item, group, budgets))
        write_value(sheet, r, width - 1, item.unit.name, styles.text)
    heights += _merge_sasaran(sheet, styles, indicators)
    define_names(workbook, RENJA_SHEET, named)
    last_row = FIRST_ROW + len(indicators) - 1
    widths = [w for _, w in TEXTS] + [K_WIDTH, RP_WIDTH][:per_group] * len(form)
    widths.append(RESPONSIBLE[1])
    sheet.freeze_panes(FIRST_ROW, len(TEXTS))
    sheet.hide_gridlines(2)
    set_page(
        sheet,
        styles.paper,
        pages_tall=pages_tall_for(widths, heights, styles.paper),
        repeat_rows=(GROUP_ROW, NUMBERING_ROW),
        area=(0, 0, max(last_row, NUMBERING_ROW), width - 1),
        footer=f"Evaluasi Renja - Kecamatan {catalog.kecamatan.name} {catalog.year}",
    )


def _write_headers(
    sheet: Worksheet, styles: Styles, form: list[Group], per_group: int
) -> list[float]:
    """The groups' titles, K and Rp under each (with budgets), and the columns' numbers;
    returns the rows' heights."""
    for col, (title, width) in enumerate((*TEXTS, RESPONSIBLE)):
        col = col if col < len(TEXTS) else len(TEXTS) + len(form) * per_group
        sheet.merge_range(GROUP_ROW, col, KR_ROW, col, title, styles.header)
        sheet.set_column(col, col, width)
    for g, group in enumerate(form):
        first = len(TEXTS) + g * per_group
        last = first + per_group - 1
        if per_group == 1:
            sheet.merge_range(GROUP_ROW, first, KR_ROW, first, group.title, styles.header)
        else:
            sheet.merge_range(GROUP_ROW, first, GROUP_ROW, last, group.title, styles.header)
            sheet.write_string(KR_ROW, first, "K", styles.header)
            sheet.write_string(KR_ROW, last, "Rp", styles.header)
        sheet.set_column(first, first, K_WIDTH)
        sheet.set_column(last, last, RP_WIDTH if per_group == 2 else K_WIDTH)
    width = len(TEXTS) + len(form) * per_group + 1
    for col in range(width):
        sheet.write_string(NUMBERING_ROW, col, f"({col + 1})", styles.numbering)
    title_width = K_WIDTH + (RP_WIDTH if per_group == 2 else 0)
    group_height = row_height([(group.title, title_width) for group in form])
    sheet.set_row(GROUP_ROW, group_height)
    return [group_height, DEFAULT_ROW_HEIGHT, DEFAULT_ROW_HEIGHT]


def _write_texts(sheet: Worksheet, styles: Styles, r: int, item: IndicatorYear) -> None:
    sheet.write_number(r, 0, item.number, styles.text_center)
    sheet.write_string(r, 2, item.indicator.name, styles.text)
    sheet.write_string(r, 3, item.indicator.satuan, styles.text_center)


def _merge_sasaran(
    sheet: Worksheet, styles: Styles, indicators: Sequence[IndicatorYear]
) -> list[float]:
    """Each sasaran's name over its indicators' rows; the rows as tall as their texts need
    (the last of a sasaran taller where its name needs more); returns the heights."""
    heights: list[float] = []
    for start, end in sasaran_runs(indicators):
        rows = [
            row_height([(item.indicator.name, TEXTS[2][1]), (item.unit.name, RESPONSIBLE[1])])
            for item in indicators[start : end + 1]
        ]
        needed = row_height([(indicators[start].sasaran.name, TEXTS[1][1])])
        rows[-1] += max(0.0, needed - sum(rows))
        for k, height in enumerate(rows):
            sheet.set_row(FIRST_ROW + start + k, height)
        name = indicators[start].sasaran.name
        merge(sheet, FIRST_ROW + start, 1, FIRST_ROW + end, 1, name, styles.text)
        heights += rows
    return heights


def _write_kinerja(
    sheet: Worksheet, styles: Styles, r: int, col: int, item: IndicatorYear, group: Group
) -> None:
    """A K cell: the cell that holds the figure, shown."""
    indicator = item.indicator
    cached = {
        names.RENSTRA_TARGET: item.end_target,
        names.PREVIOUS_VAL: item.previous_value,
        names.TARGET: item.target,
        **{names.quarter_suffix(q, Part.VAL): item.quarters[q - 1] for q in QUARTERS},
        names.year_suffix(Part.VAL): item.value,
        names.CAPAIAN: item.capaian,
        names.RENSTRA_CAPAIAN: item.end_capaian,
    }[group.kinerja]
    if group.share:
        style = styles.capaian
    elif group.kinerja == names.TARGET:
        style = target_style(styles, indicator)
    else:
        style = figure_style(styles, indicator)
    formula = reference(names.of(indicator.id, group.kinerja))
    sheet.write_formula(r, col, formula, style, cached)


def _write_rupiah(
    sheet: Worksheet,
    styles: Styles,
    r: int,
    col: int,
    item: IndicatorYear,
    group: Group,
    budgets: dict[str, BudgetFigures | None],
) -> dict[str, tuple[int, int]]:
    """An Rp cell: the catalog's amount, or a formula over the named amounts; "-" for an
    indicator without a budget. Returns its name and place."""
    indicator_id = item.indicator.id
    figures = budgets[indicator_id]
    style = styles.capaian if group.share else styles.number
    if figures is None:
        sheet.write_string(r, col, NOT_COMPUTABLE, style)
        return {}
    value = _rupiah_value(figures, group.rupiah)
    formula = _rupiah_formula(indicator_id, group.rupiah)
    if formula is None:
        write_value(sheet, r, col, value, style)
    else:
        sheet.write_formula(r, col, formula, style, "" if value is None else value)
    return {names.rupiah(indicator_id, group.rupiah): (r, col)}


def _rupiah_value(figures: BudgetFigures, part: str) -> Any:
    if part.startswith("TW"):
        return figures.quarters[int(part[2:]) - 1]
    return {
        "RENSTRA": figures.renstra,
        "BEFORE": figures.before,
        "PAGU": figures.plan,
        "YEAR": figures.year,
        "CAPAIAN": figures.capaian,
        "TODATE": figures.to_date,
        "RENSTRA_CAPAIAN": figures.renstra_capaian,
    }[part]


def _rupiah_formula(indicator_id: str, part: str) -> str | None:
    """The formula of a computed Rp cell over the named ones (None: an amount given)."""

    def rp(name: str) -> str:
        return names.rupiah(indicator_id, name)

    quarters = ",".join(rp(f"TW{q}") for q in QUARTERS)
    year, plan, before, to_date, renstra = (
        rp("YEAR"),
        rp("PAGU"),
        rp("BEFORE"),
        rp("TODATE"),
        rp("RENSTRA"),
    )
    return {
        "YEAR": f'=IF(COUNT({quarters})=0,"",SUM({quarters}))',
        "CAPAIAN": f'=IF(COUNT({year})=0,"",{_share(year, plan)})',
        "TODATE": f'=IF(COUNT({year})=0,"",IF(COUNT({before})=0,{DASH},{before}+{year}))',
        "RENSTRA_CAPAIAN": f'=IF({to_date}="","",{_share(to_date, renstra)})',
    }.get(part)


def _share(part: str, whole: str) -> str:
    """``part`` over ``whole`` x 100, "-" unless both are numbers and ``whole`` is not 0."""
    return f"IF(COUNT({part},{whole})<2,{DASH},IF({whole}=0,{DASH},{part}/{whole}*100))"
