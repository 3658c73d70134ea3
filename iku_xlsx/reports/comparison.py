"""The Perbandingan of a kabupaten workbook: each indicator's capaian across its kecamatan,
with a chart (one per 255 kecamatan, Excel's limit of series in one chart)."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from iku_xlsx.consolidation.result import Consolidation, KecamatanResult
from iku_xlsx.contract.layout import quote_sheet
from iku_xlsx.reports.rekap import FIRST_ROW, RekapCol
from iku_xlsx.reports.values import shown
from iku_xlsx.rules import NOT_COMPUTABLE
from iku_xlsx.writer.styles import Styles

COMPARISON_SHEET = "Perbandingan"
MAX_CHART_SERIES = 255  # Excel's limit of series in one chart
CHART_ROWS = 62  # rows a comparison chart covers (4 x 288 px at 20 px a row, and a gap)
FIRST_KECAMATAN_COL = 3  # after ID, indicator and satuan

Rekaps = list[tuple[str, KecamatanResult, list[int]]]  # sheet name, kecamatan, indicator rows


def write_comparison(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    result: Consolidation,
    rekaps: Rekaps,
) -> None:
    """Rows: the indicators of the first catalog; a column per kecamatan, its capaian a
    formula over its Rekap."""
    _write_headings(sheet, styles, result, rekaps)
    ids = list(rekaps[0][1].inputs["indicator_id"])
    indicators = {i.id: i for i in rekaps[0][1].catalog.indicators}
    columns = [_Column(rekap, rows, kecamatan) for rekap, kecamatan, rows in rekaps]
    for k, indicator_id in enumerate(ids):
        r = FIRST_ROW + k
        indicator = indicators[indicator_id]
        sheet.write_string(r, 0, indicator_id, styles.text)
        sheet.write_string(r, 1, indicator.name, styles.text)
        sheet.write_string(r, 2, indicator.satuan, styles.text_center)
        for col, column in enumerate(columns, start=FIRST_KECAMATAN_COL):
            column.write(sheet, styles, r, col, indicator_id)
    _insert_charts(workbook, sheet, FIRST_ROW + len(ids) - 1, len(rekaps))
    sheet.freeze_panes(FIRST_ROW, 2)
    sheet.hide_gridlines(2)


def _write_headings(
    sheet: Worksheet, styles: Styles, result: Consolidation, rekaps: Rekaps
) -> None:
    catalog = rekaps[0][1].catalog.for_year(result.year)
    title = "PERBANDINGAN CAPAIAN INDIKATOR KINERJA UTAMA ANTAR KECAMATAN"
    width = FIRST_KECAMATAN_COL + len(rekaps)
    for row, text in enumerate((catalog.government.heading, title, f"TAHUN {result.year}")):
        sheet.merge_range(row, 0, row, width - 1, None, styles.heading)
        sheet.write_string(row, 0, text, styles.heading)
    headers = [
        "ID",
        "INDIKATOR KINERJA UTAMA",
        "SATUAN",
        *(kecamatan.catalog.kecamatan.name for _, kecamatan, _ in rekaps),
    ]
    for col, header in enumerate(headers):
        sheet.write_string(FIRST_ROW - 1, col, header, styles.header)
    sheet.set_column(0, 0, 15)
    sheet.set_column(1, 1, 50)
    sheet.set_column(2, 2, 9)
    sheet.set_column(FIRST_KECAMATAN_COL, width - 1, 14)


class _Column:
    """A kecamatan's column: its capaian by indicator, as a formula over its Rekap's cell."""

    def __init__(self, rekap: str, rows: list[int], kecamatan: KecamatanResult):
        self.rekap, self.rows = quote_sheet(rekap), rows
        ids = kecamatan.inputs["indicator_id"]
        self.positions = {indicator_id: k for k, indicator_id in enumerate(ids)}
        self.capaian = kecamatan.results["capaian"].tolist()

    def write(self, sheet: Worksheet, styles: Styles, r: int, col: int, indicator_id: str) -> None:
        position = self.positions.get(indicator_id)
        if position is None:
            sheet.write_string(r, col, NOT_COMPUTABLE, styles.capaian)
            return
        cell = f"{self.rekap}!{xl_rowcol_to_cell(self.rows[position], RekapCol.CAPAIAN)}"
        value = shown(self.capaian[position], empty=NOT_COMPUTABLE)
        sheet.write_formula(r, col, f"={cell}", styles.capaian, value)


def _insert_charts(workbook: Workbook, sheet: Worksheet, last: int, kecamatan: int) -> None:
    """One chart, or (beyond Excel's 255 series to a chart) one per 255 kecamatan, stacked."""
    columns = list(range(FIRST_KECAMATAN_COL, FIRST_KECAMATAN_COL + kecamatan))
    groups = [columns[i : i + MAX_CHART_SERIES] for i in range(0, len(columns), MAX_CHART_SERIES)]
    for number, group in enumerate(groups):
        chart = workbook.add_chart({"type": "bar"})
        for col in group:
            chart.add_series(
                {
                    "name": [COMPARISON_SHEET, FIRST_ROW - 1, col],
                    "categories": [COMPARISON_SHEET, FIRST_ROW, 0, last, 0],
                    "values": [COMPARISON_SHEET, FIRST_ROW, col, last, col],
                }
            )
        title = "Capaian per indikator dan kecamatan"
        if len(groups) > 1:
            title += f" ({number + 1} dari {len(groups)})"
        chart.set_title({"name": title})
        chart.set_x_axis({"name": "Capaian (%)", "min": 0})
        chart.set_legend({"position": "bottom"})
        row = last + 2 + number * CHART_ROWS
        sheet.insert_chart(row, 0, chart, {"x_scale": 2.6, "y_scale": 4})
