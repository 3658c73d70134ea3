"""The annual sheets of a kecamatan workbook: this year against last year and the Renstra
("Capaian Tahunan"), and every year given side by side ("Tren Tahunan").

This year's figures are formulas over the unit sheets' defined names, and so are the capaian
against the Renstra's end target and the share of the way from its baseline: formulas over
the cells that hold the end target and the baseline, named like every cell others refer to
(:mod:`iku_xlsx.contract.names`). Earlier years are not in the workbook's inputs: their
figures (recomputed from their own files) are written as numbers. Every formula carries the
library's computed value, as everywhere in the workbook.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import Catalog, Rules
from iku_xlsx.contract import names
from iku_xlsx.reports.rekap import FIRST_ROW, figure_style, target_style, write_heading
from iku_xlsx.reports.years import IndicatorYear, YearShown
from iku_xlsx.rules import NOT_COMPUTABLE
from iku_xlsx.writer.cells import define_names, merge, write_value
from iku_xlsx.writer.formulas import capaian_of, progress, reference
from iku_xlsx.writer.printing import (
    DEFAULT_ROW_HEIGHT,
    HEADING_LINE_HEIGHT,
    landscape_for,
    pages_tall_for,
    row_height,
    set_page,
)
from iku_xlsx.writer.styles import Styles
from iku_xlsx.writer.unit_sheet import POLARITY_SHORT

ANNUAL_SHEET = "Capaian Tahunan"
TREND_SHEET = "Tren Tahunan"
NOTE = (
    'Keterangan: "-" berarti tidak ada data atau tidak dapat dihitung. Capaian terhadap target '
    "akhir Renstra dihitung seperti capaian tahunan (menurut polaritasnya), dengan target akhir "
    "periode Renstra sebagai target. Kemajuan dari baseline = (realisasi - baseline) / (target "
    "akhir Renstra - baseline) x 100: bagian jalan dari baseline ke target akhir yang telah "
    "ditempuh. Realisasi dan capaian tahun lalu dihitung ulang dari isian rekap tahun lalu."
)
STANDARD_NOTE = (
    " Capaian terhadap standar (nasional atau provinsi) dihitung seperti capaian tahunan, "
    "dengan standar sebagai target."
)


class AnnualCol(IntEnum):
    """The columns of the Capaian Tahunan sheet (0-based)."""

    NO = 0
    ID = 1
    INDIKATOR = 2
    SATUAN = 3
    POLARITAS = 4
    TARGET = 5
    REALISASI = 6
    CAPAIAN = 7
    KATEGORI = 8
    LALU_REALISASI = 9
    LALU_CAPAIAN = 10
    RENSTRA_TARGET = 11
    RENSTRA_CAPAIAN = 12
    BASELINE_TAHUN = 13
    BASELINE = 14
    KEMAJUAN = 15
    STANDAR = 16  # the standard's three columns: only where the catalog gives one
    STANDAR_SUMBER = 17
    STANDAR_CAPAIAN = 18


def _annual_headers(year: int, standards: bool) -> dict[AnnualCol, tuple[str, int]]:
    """Each column's header and width; the standard's columns with ``standards``."""
    headers = {
        AnnualCol.NO: ("NO", 4),
        AnnualCol.ID: ("ID", 15),
        AnnualCol.INDIKATOR: ("INDIKATOR KINERJA UTAMA", 40),
        AnnualCol.SATUAN: ("SATUAN", 9),
        AnnualCol.POLARITAS: ("POLARITAS", 11),
        AnnualCol.TARGET: (f"TARGET {year}", 9),
        AnnualCol.REALISASI: (f"REALISASI {year}", 10),
        AnnualCol.CAPAIAN: (f"CAPAIAN {year} (%)", 10),
        AnnualCol.KATEGORI: ("KATEGORI", 13),
        AnnualCol.LALU_REALISASI: (f"REALISASI {year - 1} (TAHUN LALU)", 11),
        AnnualCol.LALU_CAPAIAN: (f"CAPAIAN {year - 1} (%)", 10),
        AnnualCol.RENSTRA_TARGET: ("TARGET AKHIR RENSTRA", 10),
        AnnualCol.RENSTRA_CAPAIAN: ("CAPAIAN THD TARGET AKHIR RENSTRA (%)", 12),
        AnnualCol.BASELINE_TAHUN: ("TAHUN BASELINE", 9),
        AnnualCol.BASELINE: ("BASELINE", 9),
        AnnualCol.KEMAJUAN: ("KEMAJUAN DARI BASELINE (%)", 11),
        AnnualCol.STANDAR: ("STANDAR NASIONAL / PROVINSI", 11),
        AnnualCol.STANDAR_SUMBER: ("SUMBER STANDAR", 14),
        AnnualCol.STANDAR_CAPAIAN: ("CAPAIAN THD STANDAR (%)", 11),
    }
    return headers if standards else {c: h for c, h in headers.items() if c < AnnualCol.STANDAR}


def write_annual(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    indicators: Sequence[IndicatorYear],
) -> None:
    """One row per indicator: this year's target, realisation, capaian and kategori (over
    the unit sheets), last year's realisation and capaian, the Renstra's end target and
    baseline (named cells), the capaian against the end target and the way covered; where
    the catalog gives standards, each standard and the capaian against it."""
    standards = any(item.indicator.standard for item in indicators)
    headers = _annual_headers(catalog.year, standards)
    width = len(headers)
    write_heading(sheet, styles, catalog, "CAPAIAN KINERJA TAHUNAN (LKJIP BAB III)", width)
    heights = [HEADING_LINE_HEIGHT] * (FIRST_ROW - 1) + _write_headers(sheet, styles, headers)
    named: dict[str, tuple[int, int]] = {}
    last = FIRST_ROW - 1
    for k, item in enumerate(indicators):
        last = r = FIRST_ROW + k
        texts = [(item.indicator.name, headers[AnnualCol.INDIKATOR][1])]
        heights.append(row_height(texts))
        sheet.set_row(r, heights[-1])
        _write_texts(sheet, styles, r, item)
        _write_this_year(sheet, styles, r, item)
        named.update(_write_last_year_and_renstra(sheet, styles, r, item, catalog.rules))
        if standards:
            named.update(_write_standard(sheet, styles, r, item, catalog.rules))
    define_names(workbook, ANNUAL_SHEET, named)
    note_row = last + 2
    widths = [w for _, w in headers.values()]
    note = NOTE + STANDARD_NOTE if standards else NOTE
    note_height = row_height([(note, sum(widths))])
    merge(sheet, note_row, 0, note_row, width - 1, note, styles.note)
    sheet.set_row(note_row, note_height)
    heights += [DEFAULT_ROW_HEIGHT, note_height]
    _finish(sheet, styles, catalog, widths, heights, (note_row, width - 1), ANNUAL_SHEET)


def _write_headers(
    sheet: Worksheet, styles: Styles, headers: dict[AnnualCol, tuple[str, int]]
) -> list[float]:
    height = row_height(list(headers.values()))
    sheet.set_row(FIRST_ROW - 1, height)
    for col, (title, width) in headers.items():
        sheet.set_column(col, col, width)
        sheet.write_string(FIRST_ROW - 1, col, title, styles.header)
    return [height]


def _write_texts(sheet: Worksheet, styles: Styles, r: int, item: IndicatorYear) -> None:
    indicator = item.indicator
    sheet.write_number(r, AnnualCol.NO, item.number, styles.text_center)
    sheet.write_string(r, AnnualCol.ID, indicator.id, styles.text)
    sheet.write_string(r, AnnualCol.INDIKATOR, indicator.name, styles.text)
    sheet.write_string(r, AnnualCol.SATUAN, indicator.satuan, styles.text_center)
    sheet.write_string(r, AnnualCol.POLARITAS, POLARITY_SHORT[indicator.polarity], styles.text)


def _write_this_year(sheet: Worksheet, styles: Styles, r: int, item: IndicatorYear) -> None:
    """Target, realisation, capaian and kategori: formulas over the unit sheets' names."""
    indicator = item.indicator
    figures: list[tuple[int, str, object, Any]] = [
        (
            AnnualCol.TARGET,
            names.target(indicator.id),
            item.target,
            target_style(styles, indicator),
        ),
        (
            AnnualCol.REALISASI,
            names.year(indicator.id, "VAL"),
            item.value,
            figure_style(styles, indicator, bold=True),
        ),
        (AnnualCol.CAPAIAN, names.capaian(indicator.id), item.capaian, styles.capaian),
        (AnnualCol.KATEGORI, names.kategori(indicator.id), item.kategori, styles.kategori),
    ]
    for col, name, value, style in figures:
        sheet.write_formula(r, col, reference(name), style, value)


def _write_last_year_and_renstra(
    sheet: Worksheet, styles: Styles, r: int, item: IndicatorYear, rules: Rules
) -> dict[str, tuple[int, int]]:
    """Last year's figures and the Renstra's as numbers ("-" where none), the capaian against
    the end target and the way covered as formulas over them; returns the named cells."""
    indicator = item.indicator
    figure = figure_style(styles, indicator)
    constants = {
        names.of(indicator.id, names.PREVIOUS_VAL): (
            AnnualCol.LALU_REALISASI,
            item.previous_value,
            figure,
        ),
        names.of(indicator.id, names.PREVIOUS_CAPAIAN): (
            AnnualCol.LALU_CAPAIAN,
            item.previous_capaian,
            styles.capaian,
        ),
        names.of(indicator.id, names.RENSTRA_TARGET): (
            AnnualCol.RENSTRA_TARGET,
            item.end_target,
            figure,
        ),
        names.of(indicator.id, names.BASELINE): (AnnualCol.BASELINE, item.baseline, figure),
    }
    for col, value, style in constants.values():
        write_value(sheet, r, col, value, style)
    baseline_year = item.baseline_year if item.baseline_year is not None else NOT_COMPUTABLE
    write_value(sheet, r, AnnualCol.BASELINE_TAHUN, baseline_year, styles.text_center)
    value = names.year(indicator.id, "VAL")
    end = names.of(indicator.id, names.RENSTRA_TARGET)
    baseline = names.of(indicator.id, names.BASELINE)
    sheet.write_formula(
        r,
        AnnualCol.RENSTRA_CAPAIAN,
        capaian_of(value, end, indicator.polarity, rules),
        styles.capaian,
        item.end_capaian,
    )
    sheet.write_formula(
        r, AnnualCol.KEMAJUAN, progress(value, baseline, end), styles.capaian, item.progress
    )
    named = {name: (r, int(col)) for name, (col, _, _) in constants.items()}
    named[names.of(indicator.id, names.RENSTRA_CAPAIAN)] = (r, AnnualCol.RENSTRA_CAPAIAN)
    named[names.of(indicator.id, names.RENSTRA_KEMAJUAN)] = (r, AnnualCol.KEMAJUAN)
    return named


def _write_standard(
    sheet: Worksheet, styles: Styles, r: int, item: IndicatorYear, rules: Rules
) -> dict[str, tuple[int, int]]:
    """The standard as a number ("-" where none), whose it is, and the capaian against it
    as a formula over it; returns the named cells."""
    indicator = item.indicator
    standard = names.of(indicator.id, names.STANDARD)
    write_value(sheet, r, AnnualCol.STANDAR, item.standard, figure_style(styles, indicator))
    sheet.write_string(r, AnnualCol.STANDAR_SUMBER, item.standard_source, styles.text)
    sheet.write_formula(
        r,
        AnnualCol.STANDAR_CAPAIAN,
        capaian_of(names.year(indicator.id, "VAL"), standard, indicator.polarity, rules),
        styles.capaian,
        item.standard_capaian,
    )
    return {
        standard: (r, AnnualCol.STANDAR),
        names.of(indicator.id, names.STANDARD_CAPAIAN): (r, AnnualCol.STANDAR_CAPAIAN),
    }


def _finish(
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    widths: list[int],
    heights: list[float],
    last: tuple[int, int],
    title: str,
    header_rows: tuple[int, int] = (FIRST_ROW - 1, FIRST_ROW - 1),
) -> None:
    """Frozen under its headers, printed one page wide (and one tall where it nearly fits:
    portrait, when only that does it), the headers on every page."""
    sheet.freeze_panes(header_rows[1] + 1, AnnualCol.SATUAN)
    sheet.hide_gridlines(2)
    landscape = landscape_for(widths, heights, styles.paper)
    set_page(
        sheet,
        styles.paper,
        landscape=landscape,
        pages_tall=pages_tall_for(widths, heights, styles.paper, landscape=landscape),
        repeat_rows=header_rows,
        area=(0, 0, *last),
        footer=f"{title} - Kecamatan {catalog.kecamatan.name} {catalog.year}",
    )


# --- every year given ---------------------------------------------------------------------------

TREND_TEXTS = (("NO", 4), ("ID", 15), ("INDIKATOR KINERJA UTAMA", 40), ("SATUAN", 9))
TREND_PARTS = (("REALISASI", 10), ("CAPAIAN (%)", 10))


def write_trend(
    sheet: Worksheet, styles: Styles, catalog: Catalog, indicators: Sequence[IndicatorYear]
) -> None:
    """Each indicator's realisation and capaian in every year given, the earliest first:
    earlier years as numbers, this year as formulas over the unit sheets' names."""
    years = [shown.year for shown in indicators[0].trend] if indicators else [catalog.year]
    width = len(TREND_TEXTS) + len(years) * len(TREND_PARTS)
    title = f"PERBANDINGAN CAPAIAN KINERJA TAHUN {years[0]} - {years[-1]}"
    write_heading(sheet, styles, catalog, title, width)
    top, sub = FIRST_ROW - 2, FIRST_ROW - 1
    for col, (header, column_width) in enumerate(TREND_TEXTS):
        sheet.merge_range(top, col, sub, col, header, styles.header)
        sheet.set_column(col, col, column_width)
    for y, year in enumerate(years):
        first = len(TREND_TEXTS) + y * len(TREND_PARTS)
        label = f"{year} (TAHUN INI)" if year == catalog.year else str(year)
        sheet.merge_range(top, first, top, first + len(TREND_PARTS) - 1, label, styles.header)
        for p, (header, column_width) in enumerate(TREND_PARTS):
            sheet.write_string(sub, first + p, header, styles.header)
            sheet.set_column(first + p, first + p, column_width)
    sheet.set_row(sub, row_height(list(TREND_PARTS)))
    heights = [HEADING_LINE_HEIGHT] * top + [DEFAULT_ROW_HEIGHT, row_height(list(TREND_PARTS))]
    last = sub
    for k, item in enumerate(indicators):
        last = r = FIRST_ROW + k
        heights.append(row_height([(item.indicator.name, TREND_TEXTS[2][1])]))
        sheet.set_row(r, heights[-1])
        _write_texts_of_trend(sheet, styles, r, item)
        for y, shown in enumerate(item.trend):
            col = len(TREND_TEXTS) + y * len(TREND_PARTS)
            _write_year(sheet, styles, r, col, item, shown.year == catalog.year, shown)
    widths = [w for _, w in TREND_TEXTS] + [w for _, w in TREND_PARTS] * len(years)
    _finish(sheet, styles, catalog, widths, heights, (last, width - 1), TREND_SHEET, (top, sub))


def _write_texts_of_trend(sheet: Worksheet, styles: Styles, r: int, item: IndicatorYear) -> None:
    sheet.write_number(r, 0, item.number, styles.text_center)
    sheet.write_string(r, 1, item.indicator.id, styles.text)
    sheet.write_string(r, 2, item.indicator.name, styles.text)
    sheet.write_string(r, 3, item.indicator.satuan, styles.text_center)


def _write_year(
    sheet: Worksheet,
    styles: Styles,
    r: int,
    col: int,
    item: IndicatorYear,
    this_year: bool,
    shown: YearShown,
) -> None:
    """A year's realisation and capaian: over the unit sheets' names for this year, the
    numbers recomputed from its own file for an earlier one."""
    indicator = item.indicator
    figure = figure_style(styles, indicator)
    if this_year:
        sheet.write_formula(r, col, reference(names.year(indicator.id, "VAL")), figure, shown.value)
        sheet.write_formula(
            r, col + 1, reference(names.capaian(indicator.id)), styles.capaian, shown.capaian
        )
        return
    write_value(sheet, r, col, shown.value, figure)
    write_value(sheet, r, col + 1, shown.capaian, styles.capaian)
