"""The Rekap: every indicator of a kecamatan, its quarters, year, target, capaian, kategori.

In a kecamatan workbook each figure is a formula over the unit sheets' defined names, with
its computed value cached; in a kabupaten workbook, the computed values themselves. It is
signed by the head of the office (:mod:`.signing`), dated and headed with the quarter it
covers, and prints on one page wide.
"""

from __future__ import annotations

import math
from enum import IntEnum
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import QUARTERS, Catalog, Indicator, Kind, Unit
from iku_xlsx.compute import DASH, VAL
from iku_xlsx.consolidation.result import KecamatanResult
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part
from iku_xlsx.reports.signing import (
    SIGNATURE_ROWS,
    ReportSettings,
    covered_quarter,
    period_line,
    write_head_signature,
)
from iku_xlsx.reports.values import rows, shown
from iku_xlsx.rules import NOT_COMPUTABLE
from iku_xlsx.writer.printing import row_height, set_page
from iku_xlsx.writer.rows import Cell, Formula, write_rows
from iku_xlsx.writer.styles import Styles
from iku_xlsx.writer.unit_sheet import POLARITY_SHORT

REKAP_SHEET = "Rekap IKU"
FIRST_ROW = 6  # 0-based row of the first indicator on the Rekap and Ringkasan tables
HEADING_ROWS = 4  # the government, the title, the kecamatan, the year


class RekapCol(IntEnum):
    """The columns of a Rekap (0-based)."""

    NO = 0
    ID = 1
    UNIT = 2
    INDIKATOR = 3
    SATUAN = 4
    POLARITAS = 5  # makin tinggi / makin rendah makin baik
    TARGET = 6
    TW1 = 7
    TW2 = 8
    TW3 = 9
    TW4 = 10
    TAHUN = 11
    CAPAIAN = 12
    KATEGORI = 13
    SUMBER = 14
    GARIS_100 = 15  # hidden: the 100 % line of the Ringkasan's chart


# Each column's header and width, in order.
COLUMNS = {
    RekapCol.NO: ("NO", 4),
    RekapCol.ID: ("ID", 15),
    RekapCol.UNIT: ("UNIT KERJA", 22),
    RekapCol.INDIKATOR: ("INDIKATOR KINERJA UTAMA", 48),
    RekapCol.SATUAN: ("SATUAN", 9),
    RekapCol.POLARITAS: ("POLARITAS", 11),
    RekapCol.TARGET: ("TARGET", 9),
    RekapCol.TW1: ("TW I", 9),
    RekapCol.TW2: ("TW II", 9),
    RekapCol.TW3: ("TW III", 9),
    RekapCol.TW4: ("TW IV", 9),
    RekapCol.TAHUN: ("TAHUN", 10),
    RekapCol.CAPAIAN: ("CAPAIAN (%)", 10),
    RekapCol.KATEGORI: ("KATEGORI", 13),
    RekapCol.SUMBER: ("BERKAS SUMBER", 30),
    RekapCol.GARIS_100: ("GARIS 100%", 6),
}
LAST_PRINTED = RekapCol.SUMBER
SIGNATURE_COLS = (RekapCol.TAHUN, RekapCol.SUMBER)
SIGNATURE_GAP = 3  # rows from the last indicator to the signature


def write_heading(
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    title: str,
    width: int,
    quarter: int | None = None,
) -> None:
    """The four heading lines of a kecamatan's sheet, merged over ``width`` columns; the
    last says the year and, given ``quarter``, that the figures reach it."""
    lines = (
        catalog.government.heading,
        title,
        f"KECAMATAN {catalog.kecamatan.name.upper()}",
        period_line(catalog.year, quarter),
    )
    for row, text in enumerate(lines):
        sheet.merge_range(row, 0, row, width - 1, None, styles.heading)
        sheet.write_string(row, 0, text, styles.heading)


def write_rekap(
    sheet: Worksheet,
    styles: Styles,
    catalog: Catalog,
    kecamatan: KecamatanResult,
    *,
    live: bool,
    settings: ReportSettings | None = None,
) -> list[int]:
    """The Rekap table; returns the 0-based rows of the indicators.

    ``live``: each figure a formula over the unit sheets' defined names, with its computed
    value cached (the kecamatan workbook); otherwise the computed values (the kabupaten's).
    ``settings``: the paper, the report's date and the quarter it covers.
    """
    settings = settings or ReportSettings()
    title = "REKAPITULASI CAPAIAN INDIKATOR KINERJA UTAMA"
    quarter = covered_quarter(kecamatan, settings)
    write_heading(sheet, styles, catalog, title, LAST_PRINTED + 1, quarter)
    _write_headers(sheet, styles)
    units = {indicator.id: unit for unit in catalog.units for indicator in unit.indicators}
    indicators = {i.id: i for i in catalog.indicators}
    table: list[list[Cell]] = []  # a row per indicator, its cells in column order
    heights: list[float | None] = []
    for k, (inputs, result) in enumerate(rows(kecamatan)):
        indicator = indicators[inputs["indicator_id"]]
        texts, height = _texts(styles, k + 1, indicator, units[indicator.id])
        source = (_source_name(inputs["source_file"]), styles.label)
        table.append([*texts, *_figures(styles, indicator, inputs, result, live), source, 100])
        heights.append(height)
    # a kabupaten's Rekaps are some 20,000 cells: written a row at a time (writer.rows)
    write_rows(sheet, FIRST_ROW, table, heights)
    indicator_rows = list(range(FIRST_ROW, FIRST_ROW + len(table)))
    last = indicator_rows[-1] if indicator_rows else FIRST_ROW
    _set_colours(sheet, styles, last, catalog.rules.bands())
    sign_row = last + SIGNATURE_GAP
    write_head_signature(sheet, styles, catalog, settings.report_date, sign_row, *SIGNATURE_COLS)
    _set_printing(sheet, styles, catalog, sign_row + SIGNATURE_ROWS - 1)
    return indicator_rows


def _write_headers(sheet: Worksheet, styles: Styles) -> None:
    sheet.set_row(FIRST_ROW - 1, row_height(list(COLUMNS.values())))  # headers whole
    for col, (title, width) in COLUMNS.items():
        sheet.set_column(col, col, width)
        sheet.write_string(FIRST_ROW - 1, col, title, styles.header)
    sheet.set_column(RekapCol.GARIS_100, RekapCol.GARIS_100, None, None, {"hidden": 1})


def _texts(
    styles: Styles, number: int, indicator: Indicator, unit: Unit
) -> tuple[list[Cell], float]:
    """The row's texts (NO to POLARITAS), and the row's height: as tall as the longest
    once wrapped."""
    polarity = POLARITY_SHORT[indicator.polarity]
    texts = [
        (text, COLUMNS[col][1])
        for col, text in (
            (RekapCol.UNIT, unit.name),
            (RekapCol.INDIKATOR, indicator.name),
            (RekapCol.POLARITAS, polarity),
        )
    ]
    cells: list[Cell] = [
        (number, styles.text_center),
        (indicator.id, styles.text),
        (unit.name, styles.text),
        (indicator.name, styles.text),
        (indicator.satuan, styles.text_center),
        (polarity, styles.text_center),
    ]
    return cells, row_height(texts)


def _figures(
    styles: Styles,
    indicator: Indicator,
    inputs: dict[str, Any],
    result: dict[str, Any],
    live: bool,
) -> list[Cell]:
    """Target, quarters, year, capaian and kategori (TARGET to KATEGORI): live formulas over
    the unit sheets' names (their values cached), or the values themselves."""
    figures: list[tuple[str, object, Any]] = [
        (names.TARGET, shown(inputs["target"]), target_style(styles, indicator))
    ]
    figures += [
        (
            names.quarter_suffix(q, Part.VAL),
            shown(result[VAL[q - 1]], result[DASH[q - 1]]),
            figure_style(styles, indicator),
        )
        for q in QUARTERS
    ]
    figures += [
        (
            names.year_suffix(Part.VAL),
            shown(result["year_val"], result["year_dash"]),
            figure_style(styles, indicator, bold=True),
        ),
        (names.CAPAIAN, shown(result["capaian"], empty=NOT_COMPUTABLE), styles.capaian),
        (names.KATEGORI, result["kategori"] or NOT_COMPUTABLE, styles.kategori),
    ]
    cells: list[Cell] = []
    for suffix, value, style in figures:
        name = names.of(indicator.id, suffix)
        if live:
            formula = (
                f'={name}&""'
                if suffix == names.KATEGORI
                else f'=IF(ISNUMBER({name}),{name},{name}&"")'
            )
            cells.append((Formula(formula, value), style))
        elif isinstance(value, (int, float)):
            cells.append((value, style))
        else:
            cells.append((str(value), style))
    return cells


def figure_style(styles: Styles, indicator: Indicator, *, bold: bool = False) -> Any:
    """A realisation's format by its kind: percent points and values with two decimals,
    counts of whole numbers without."""
    if indicator.kind is Kind.COUNT and indicator.whole_inputs:
        return styles.number_bold if bold else styles.number
    if indicator.kind is Kind.RATIO:
        return styles.percent_bold if bold else styles.percent
    return styles.decimal_bold if bold else styles.decimal


def target_style(styles: Styles, indicator: Indicator) -> Any:
    """A target's format: a count's without decimals when the catalog's is whole."""
    target = indicator.target
    if indicator.kind is Kind.COUNT and (target is None or float(target).is_integer()):
        return figure_style(styles, indicator)
    return styles.percent if indicator.kind is Kind.RATIO else styles.decimal


def _source_name(source: object) -> str:
    """The file a row was read from, by its name; a computed row says so as it is."""
    text = str(source or "")
    return Path(text).name if text and not text.startswith("(") else text


def _set_colours(
    sheet: Worksheet, styles: Styles, last: int, bands: tuple[tuple[float, str], ...]
) -> None:
    """Each kategori in its colour, and traffic lights beside the capaian: green from the
    second category up, red below the last but one."""
    lowest = [low for low, _ in bands if math.isfinite(low)]
    green, yellow = lowest[min(1, len(lowest) - 1)], lowest[-1]
    for name, fmt in styles.band_fills(bands).items():
        sheet.conditional_format(
            FIRST_ROW,
            RekapCol.KATEGORI,
            last,
            RekapCol.KATEGORI,
            {"type": "cell", "criteria": "==", "value": f'"{name}"', "format": fmt},
        )
    sheet.conditional_format(
        FIRST_ROW,
        RekapCol.CAPAIAN,
        last,
        RekapCol.CAPAIAN,
        {
            "type": "icon_set",
            "icon_style": "3_traffic_lights",
            "icons": [
                {"criteria": ">=", "type": "number", "value": green},
                {"criteria": ">=", "type": "number", "value": yellow},
            ],
        },
    )


def _set_printing(sheet: Worksheet, styles: Styles, catalog: Catalog, last_row: int) -> None:
    """Landscape, one page wide, the column headers on every page, down to the signature."""
    sheet.freeze_panes(FIRST_ROW, RekapCol.SATUAN)  # no to indicator stay in view
    set_page(
        sheet,
        styles.paper,
        repeat_rows=(FIRST_ROW - 1, FIRST_ROW - 1),
        area=(0, 0, last_row, LAST_PRINTED),
        footer=f"Rekap IKU - Kecamatan {catalog.kecamatan.name} {catalog.year}",
    )
    sheet.hide_gridlines(2)
