"""The Capaian Triwulan sheet: each indicator's target, realisation and capaian to date
(s.d. triwulan) in every quarter, the Rencana Aksi's monitoring at a glance.

Each figure is a formula over the unit sheets' defined names (``<ID>_TW<q>_TARGET``,
``_TODATE``, ``_CAPAIAN``), with the library's computed value cached.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import Worksheet

from iku_xlsx.catalog import QUARTERS, Catalog, Kind
from iku_xlsx.compute import CAPAIAN_TO_DATE, REPORTED, TARGET_TO_DATE, TO_DATE, TO_DATE_DASH
from iku_xlsx.consolidation.result import KecamatanResult
from iku_xlsx.contract import names
from iku_xlsx.contract.names import Part
from iku_xlsx.reports.rekap import FIRST_ROW, write_heading
from iku_xlsx.reports.values import rows, shown
from iku_xlsx.rules import NOT_COMPUTABLE
from iku_xlsx.writer.printing import row_height, set_page
from iku_xlsx.writer.styles import Styles
from iku_xlsx.writer.unit_sheet import POLARITY_SHORT, QUARTER_HEADERS

QUARTERS_SHEET = "Capaian Triwulan"
TITLE = "CAPAIAN INDIKATOR KINERJA UTAMA S.D. TRIWULAN (RENCANA AKSI)"
TEXT_COLUMNS = (("NO", 4), ("ID", 15), ("INDIKATOR KINERJA UTAMA", 40), ("SATUAN", 9))
POLARITY_COL, POLARITY_WIDTH = len(TEXT_COLUMNS), 12
FIRST_QUARTER_COL = POLARITY_COL + 1
PARTS = ((Part.TARGET, "TARGET"), (Part.TODATE, "REALISASI"), (Part.CAPAIAN, "CAPAIAN (%)"))


def write_quarters(
    sheet: Worksheet, styles: Styles, catalog: Catalog, kecamatan: KecamatanResult
) -> None:
    """A row per indicator: its texts, then for each quarter its target, realisation and
    capaian to date, live over the unit sheets."""
    width = FIRST_QUARTER_COL + len(QUARTERS) * len(PARTS)
    write_heading(sheet, styles, catalog, TITLE, width)
    _write_headers(sheet, styles)
    indicators = {indicator.id: indicator for indicator in catalog.indicators}
    last_row = FIRST_ROW - 1
    for k, (inputs, result) in enumerate(rows(kecamatan)):
        r = last_row = FIRST_ROW + k
        indicator = indicators[inputs["indicator_id"]]
        sheet.write_number(r, 0, k + 1, styles.text_center)
        sheet.write_string(r, 1, indicator.id, styles.text)
        sheet.write_string(r, 2, indicator.name, styles.text)
        sheet.write_string(r, 3, indicator.satuan, styles.text_center)
        polarity = POLARITY_SHORT[indicator.polarity]
        sheet.write_string(r, POLARITY_COL, polarity, styles.text)
        texts = [(indicator.name, TEXT_COLUMNS[2][1]), (polarity, POLARITY_WIDTH)]
        sheet.set_row(r, row_height(texts))
        kind = indicator.kind
        ratio = kind is Kind.RATIO
        for q in QUARTERS:
            for p, (part, value) in enumerate(_figures(result, q)):
                col = FIRST_QUARTER_COL + (q - 1) * len(PARTS) + p
                style = styles.capaian if part is Part.CAPAIAN else _style(styles, ratio)
                sheet.write_formula(r, col, _formula(indicator.id, q, part, kind), style, value)
    sheet.freeze_panes(FIRST_ROW, 3)
    sheet.hide_gridlines(2)
    set_page(
        sheet,
        styles.paper,
        repeat_rows=(FIRST_ROW - 2, FIRST_ROW - 1),
        area=(0, 0, last_row, width - 1),
        footer=f"Capaian Triwulan - Kecamatan {catalog.kecamatan.name} {catalog.year}",
    )


def _write_headers(sheet: Worksheet, styles: Styles) -> None:
    """Two header rows: the quarters, and under each its target, realisation and capaian."""
    top, sub = FIRST_ROW - 2, FIRST_ROW - 1
    for col, (title, width) in enumerate(TEXT_COLUMNS):
        sheet.merge_range(top, col, sub, col, title, styles.header)
        sheet.set_column(col, col, width)
    sheet.merge_range(top, POLARITY_COL, sub, POLARITY_COL, "POLARITAS", styles.header)
    sheet.set_column(POLARITY_COL, POLARITY_COL, POLARITY_WIDTH)
    for q, quarter in zip(QUARTERS, QUARTER_HEADERS, strict=True):
        first = FIRST_QUARTER_COL + (q - 1) * len(PARTS)
        last = first + len(PARTS) - 1
        sheet.merge_range(top, first, top, last, f"S.D. {quarter}", styles.header)
        for p, (_, title) in enumerate(PARTS):
            sheet.write_string(sub, first + p, title, styles.header)
        sheet.set_column(first, last, 10)


def _formula(indicator_id: str, q: int, part: Part, kind: Kind) -> str:
    """A cell as its name shows it; the target the one capaian is measured with (the
    quarter's target to date, else a ratio's or value's annual target)."""
    name = names.quarter(indicator_id, q, part)
    if part is not Part.TARGET:
        return f'=IF(ISNUMBER({name}),{name},{name}&"")'
    annual = names.target(indicator_id)
    fallback = '""' if kind is Kind.COUNT else f'IF(ISNUMBER({annual}),{annual},"")'
    return f"=IF(ISNUMBER({name}),{name},{fallback})"


def _figures(result: dict[str, Any], q: int) -> list[tuple[Part, object]]:
    """A quarter's target, realisation and capaian to date, as the cells show them."""
    reported = result[REPORTED[q - 1]]
    capaian = result[CAPAIAN_TO_DATE[q - 1]]
    return [
        (Part.TARGET, shown(result[TARGET_TO_DATE[q - 1]])),
        (Part.TODATE, shown(result[TO_DATE[q - 1]], result[TO_DATE_DASH[q - 1]])),
        (Part.CAPAIAN, shown(capaian, empty=NOT_COMPUTABLE) if reported else ""),
    ]


def _style(styles: Styles, ratio: bool) -> Any:
    return styles.percent if ratio else styles.decimal
